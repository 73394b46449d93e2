from django.test import TestCase
from django.utils import translation

from rus.goals.models import Framework, Goal, GoalLink


class GoalTests(TestCase):
    miljomal: Framework
    sdg: Framework
    air: Goal
    benzene: Goal
    target: Goal

    @classmethod
    def setUpTestData(cls):
        cls.miljomal = Framework.objects.create(code="miljomal", name_sv="Miljömål", name_en="")
        cls.sdg = Framework.objects.create(code="agenda2030", name_sv="", name_en="Agenda 2030")
        cls.air = Goal.objects.create(
            framework=cls.miljomal,
            code="2",
            kind="objective",
            number=2,
            name_sv="Frisk luft",
            name_en="Clean Air",
        )
        cls.benzene = Goal.objects.create(
            framework=cls.miljomal,
            code="2.bensen",
            kind="specification",
            parent=cls.air,
            name_sv="Bensen",
        )
        cls.target = Goal.objects.create(
            framework=cls.sdg, code="11.6", kind="sdg_target", name_sv="", name_en="11.6"
        )
        GoalLink.objects.create(source=cls.air, target=cls.target)

    def test_names_in_the_readers_language_with_the_other_as_fallback(self):
        with translation.override("en"):
            self.assertEqual(
                (str(self.air), self.benzene.name, self.sdg.name),
                ("2. Clean Air", "Bensen", "Agenda 2030"),
            )
        with translation.override("sv"):
            self.assertEqual(
                (str(self.air), self.target.name, self.sdg.name),
                ("2. Frisk luft", "11.6", "Agenda 2030"),
            )

    def test_the_crosswalk_reads_both_ways(self):
        self.assertEqual(list(self.air.links.all()), [self.target])
        self.assertEqual(list(self.target.linked_from.all()), [self.air])

    def test_api_filters_and_names_the_parent(self):
        items = self.client.get("/api/v1/goals?framework=miljomal&kind=specification").json()[
            "items"
        ]
        self.assertEqual([(g["code"], g["parent"]) for g in items], [("2.bensen", "2")])
        self.assertEqual(self.client.get("/api/v1/goals?kind=planet").status_code, 422)
