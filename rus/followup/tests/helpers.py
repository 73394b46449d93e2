from datetime import date

from rus.followup import services
from rus.goals.models import Framework, Goal
from rus.organisations.models import Applicability, Organisation
from rus.test import BaseTestCase


class FollowUpTestCase(BaseTestCase):
    """The cast plus two objectives that Uppsala and Skåne assess, and Levande skogar that
    Skogsstyrelsen assesses for both."""

    clean_air: Goal
    forests: Goal
    groundwater: Goal
    forest_agency: Organisation

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        framework = Framework.objects.create(code="miljomal", name_sv="Sveriges miljömål")
        cls.clean_air = Goal.objects.create(
            framework=framework,
            code="2",
            kind="objective",
            number=2,
            sort_order=2,
            name_sv="Frisk luft",
            name_en="Clean Air",
        )
        cls.groundwater = Goal.objects.create(
            framework=framework,
            code="9",
            kind="objective",
            number=9,
            sort_order=9,
            name_sv="Grundvatten av god kvalitet",
        )
        cls.forests = Goal.objects.create(
            framework=framework,
            code="12",
            kind="objective",
            number=12,
            sort_order=12,
            name_sv="Levande skogar",
        )
        cls.forest_agency = Organisation.objects.create(
            key="skogsstyrelsen", kind="skogsstyrelsen", name="Skogsstyrelsen", area=cls.rus.area
        )
        for org, county in ((cls.uppsala, cls.uppsala_county), (cls.skane, cls.skane_county)):
            Applicability.objects.create(organisation=org, area=county, goal=cls.clean_air)
            Applicability.objects.create(organisation=org, area=county, goal=cls.groundwater)
            Applicability.objects.create(
                organisation=cls.forest_agency, area=county, goal=cls.forests
            )

    def open_round(self, year: int = 2026, **kwargs):
        return services.round_open(
            year=year, user=self.alice, deadline=date(year, 11, 30), **kwargs
        )
