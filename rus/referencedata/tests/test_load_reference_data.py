import csv
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from rus.areas.models import Area
from rus.goals.models import Framework, Goal, GoalLink
from rus.lib.tabular import SourceError
from rus.organisations.models import Applicability, Organisation
from rus.referencedata.services import FILES, load_reference_data

DATA = settings.RUS_DATA_DIR


def snapshot() -> dict[str, list[tuple]]:
    """Every stored row of reference data, for before/after comparison."""
    return {
        model.__name__: list(model.objects.order_by("pk").values_list())
        for model in (Area, Framework, Goal, GoalLink, Organisation, Applicability)
    }


def copy_data(into: Path) -> Path:
    for name in FILES:
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA / name, target)
        target.chmod(0o644)
    return into


class LoadedReferenceDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=DATA)

    def test_21_counties_and_290_municipalities_each_in_its_county(self):
        self.assertEqual(Area.objects.filter(level=Area.Level.COUNTY).count(), 21)
        self.assertEqual(Area.objects.filter(level=Area.Level.MUNICIPALITY).count(), 290)
        with open(DATA / "regions/municipalities.csv", encoding="utf-8") as f:
            expected = {row["kommunkod"]: row["lanskod"] for row in csv.DictReader(f)}
        stored = dict(
            Area.objects.filter(level=Area.Level.MUNICIPALITY).values_list("code", "parent__code")
        )
        self.assertEqual(stored, expected)
        self.assertEqual(Area.objects.get(code="0180").name, "Stockholm")
        self.assertEqual(Area.objects.get(code="01").parent.code, "00")

    def test_generational_goal_and_16_objectives_in_official_order(self):
        objectives = Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE)
        self.assertEqual(
            list(objectives.order_by("number").values_list("number", flat=True)), list(range(1, 17))
        )
        self.assertEqual(objectives.get(number=12).name_sv, "Levande skogar")
        self.assertEqual(objectives.get(number=12).name_en, "Sustainable Forests")
        generational = Goal.objects.get(kind=Goal.Kind.GENERATIONAL_GOAL)
        self.assertEqual(generational.name_sv, "Generationsmålet")
        self.assertIn("nästa generation", generational.text_sv)

    def test_agenda_2030_has_17_goals_and_169_targets(self):
        sdg = Goal.objects.filter(framework__code="agenda2030")
        self.assertEqual(sdg.filter(kind=Goal.Kind.SDG).count(), 17)
        self.assertEqual(sdg.filter(kind=Goal.Kind.SDG_TARGET).count(), 169)
        self.assertEqual(sdg.get(code="14.a").parent.code, "14")

    def test_organisations_cover_every_county_board_and_municipality(self):
        self.assertEqual(Organisation.objects.filter(kind="lansstyrelse").count(), 21)
        self.assertEqual(Organisation.objects.filter(kind="kommun").count(), 290)
        for key in ("rus", "skogsstyrelsen", "naturvardsverket"):
            self.assertTrue(Organisation.objects.filter(key=key).exists(), key)
        self.assertEqual(Organisation.objects.get(key="lst-03").area.code, "03")
        # Every county has a region (Gotland's municipality is its region).
        self.assertEqual(Organisation.objects.filter(kind="region").count(), 21)
        dalarna = Organisation.objects.get(key="region-20")
        self.assertEqual((dalarna.name, dalarna.area.code), ("Region Dalarna", "20"))

    def test_applicability_gives_the_249_county_judgements(self):
        self.assertEqual(Applicability.objects.filter(active=True).count(), 249)
        forests = Applicability.objects.filter(goal__number=12)
        self.assertEqual(
            set(forests.values_list("organisation__key", flat=True)), {"skogsstyrelsen"}
        )
        self.assertEqual(forests.count(), 21)
        uppsala = set(
            Applicability.objects.filter(organisation__key="lst-03").values_list(
                "goal__number", flat=True
            )
        )
        self.assertEqual(uppsala, {2, 3, 4, 7, 8, 9, 10, 11, 13, 15, 16})
        fjall = set(
            Applicability.objects.filter(goal__number=14).values_list("area__code", flat=True)
        )
        self.assertEqual(fjall, {"20", "23", "24", "25"})

    def test_loading_again_changes_no_row(self):
        before, logs = snapshot(), LogEntry.objects.count()
        report = load_reference_data(data_dir=DATA, force=True)
        self.assertEqual(snapshot(), before)
        self.assertEqual(LogEntry.objects.count(), logs)
        self.assertTrue(all(c.created == c.updated == 0 for c in report.counts.values()))

    def test_unchanged_files_are_skipped(self):
        out = StringIO()
        call_command("load_reference_data", stdout=out)
        self.assertIn("unchanged", out.getvalue())

    def test_switched_off_applicability_is_not_seeded_again(self):
        row = Applicability.objects.get(organisation__key="lst-03", goal__number=3)
        row.active = False
        row.save()
        load_reference_data(data_dir=DATA, force=True)
        row.refresh_from_db()
        self.assertFalse(row.active)
        self.assertEqual(Applicability.objects.filter(active=True).count(), 248)


class ChangedSourceTests(TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        self.data = copy_data(self.tmp)
        load_reference_data(data_dir=self.data)

    def rewrite(self, name: str, old: str, new: str) -> None:
        path = self.data / name
        text = path.read_text(encoding="utf-8")
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def test_a_renamed_county_is_updated_not_duplicated(self):
        self.rewrite("regions/counties.csv", "03,Uppsala län", "03,Uppsala läns nya namn")
        load_reference_data(data_dir=self.data)
        self.assertEqual(Area.objects.filter(level=Area.Level.COUNTY).count(), 21)
        self.assertEqual(Area.objects.get(code="03").name, "Uppsala läns nya namn")
        self.assertEqual(
            Organisation.objects.get(key="lst-03").name, "Länsstyrelsen i Uppsala läns nya namn"
        )
        entry = LogEntry.objects.get_for_object(Area.objects.get(code="03")).first()
        self.assertEqual(entry.changes_dict["name"], ["Uppsala län", "Uppsala läns nya namn"])

    def assert_rejected_unchanged(self, *fragments: str) -> None:
        before = snapshot()
        with self.assertRaises(SourceError) as ctx:
            load_reference_data(data_dir=self.data)
        message = str(ctx.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(snapshot(), before)

    def test_a_malformed_municipality_row_stops_the_load_and_changes_nothing(self):
        # A renamed county that must not be stored, and a broken row further on.
        self.rewrite("regions/counties.csv", "03,Uppsala län", "03,Fel namn")
        self.rewrite(
            "regions/municipalities.csv", "0114,Upplands Väsby,01", "01X4,Upplands Väsby,01"
        )
        self.assert_rejected_unchanged(
            "regions/municipalities.csv", "rad 2", "kolumn kommunkod", "01X4"
        )

    def test_an_unknown_county_is_named(self):
        self.rewrite("regions/municipalities.csv", "0115,Vallentuna,01", "0115,Vallentuna,99")
        self.assert_rejected_unchanged(
            "regions/municipalities.csv", "rad 3", "kolumn lanskod", "99"
        )

    def test_a_missing_column_is_named(self):
        self.rewrite("objectives/environmental_quality_objectives.csv", "number,", "nummer,")
        self.assert_rejected_unchanged(
            "environmental_quality_objectives.csv", "rad 1", "kolumn number"
        )

    def test_a_missing_file_is_named(self):
        (self.data / "sdg/sdg_targets.csv").unlink()
        self.assert_rejected_unchanged("sdg/sdg_targets.csv", "filen saknas")

    def test_broken_json_names_its_line(self):
        (self.data / "objectives/generational_goal.json").write_text(
            '{\n "name_sv": \n}', encoding="utf-8"
        )
        self.assert_rejected_unchanged("generational_goal.json", "rad 3")

    def test_the_command_reports_problems_and_fails(self):
        self.rewrite("regions/counties.csv", "03,Uppsala", "3,Uppsala")
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("load_reference_data", data_dir=self.data, stderr=err)
        self.assertIn("regions/counties.csv", err.getvalue())
        self.assertIn("'3'", err.getvalue())


class LoadDataCommandTests(TestCase):
    def test_loads_everything_once(self):
        out = StringIO()
        call_command("load_data", stdout=out)
        self.assertIn("Reference data loaded", out.getvalue())
        self.assertIn("Indicator data imported.", out.getvalue())
        self.assertIn("History:", out.getvalue())
        again = StringIO()
        call_command("load_data", stdout=again)
        # Every loader says that it found nothing new, and none imported anything.
        lines = again.getvalue().splitlines()
        self.assertEqual(
            [line.split(" ")[0] for line in lines if "unchanged" in line],
            ["Reference", "Indicator", "The", "Calendar:", "Plan"],
        )
        self.assertNotIn("Indicator data imported.", again.getvalue())


class RulesAreDataTests(TestCase):
    def test_reordering_the_preciseringar_keeps_every_code(self):
        load_reference_data(data_dir=DATA)
        before = dict(
            Goal.objects.filter(kind=Goal.Kind.SPECIFICATION).values_list("code", "name_sv")
        )
        folder = copy_data(Path(tempfile.mkdtemp()))
        path = folder / "objectives/preciseringar.csv"
        with path.open(encoding="utf-8") as f:
            reader = csv.reader(f)
            header, *rows = list(reader)
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([header, *reversed(rows)])
        load_reference_data(data_dir=folder, force=True)
        after = dict(
            Goal.objects.filter(kind=Goal.Kind.SPECIFICATION).values_list("code", "name_sv")
        )
        self.assertEqual(after, before)
        self.assertEqual(len(after), len(rows))

    def test_who_assesses_levande_skogar_comes_from_data(self):
        load_reference_data(data_dir=DATA)
        forest = Goal.objects.get(framework__code="miljomal", number=12)
        owners = set(
            Applicability.objects.filter(goal=forest).values_list("organisation__key", flat=True)
        )
        self.assertEqual(owners, {"skogsstyrelsen"})
        from rus.referencedata import services

        rules = Path(tempfile.mkdtemp())
        (rules / services.NATIONAL_ORGANISATIONS).write_text(
            (services.OWN_DATA / services.NATIONAL_ORGANISATIONS).read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        (rules / services.NATIONAL_ASSESSORS).write_text(
            "objective_no,organisation_key,note\n", encoding="utf-8"
        )
        (rules / services.REGIONS).write_text(
            (services.OWN_DATA / services.REGIONS).read_text(encoding="utf-8"), encoding="utf-8"
        )
        Applicability.objects.filter(goal=forest).delete()
        original, services.OWN_DATA = services.OWN_DATA, rules
        try:
            load_reference_data(data_dir=DATA, force=True)
        finally:
            services.OWN_DATA = original
        owners = set(
            Applicability.objects.filter(goal=forest).values_list("organisation__key", flat=True)
        )
        self.assertTrue(owners)
        self.assertTrue(all(key.startswith("lst-") for key in owners))
