from io import BytesIO
from pathlib import Path

from openpyxl import Workbook

from rus.areas.models import Area
from rus.indicators import services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.lib.tabular import read_table
from rus.test import BaseTestCase

FILES = Path(__file__).with_name("files")
MAPPING = ColumnMapping(
    area="kommunkod", period="year", value="value", dimensions={"sector": "sector"}
)


def table(name: str):
    return read_table((FILES / name).read_bytes(), name)


def csv_table(text: str, name: str = "upload.csv"):
    return read_table(text.encode(), name)


class ImportTestCase(BaseTestCase):
    uppsala_m: Area
    enkoping: Area
    indicator: Indicator

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.uppsala_m = Area.objects.create(
            code="0380", level="municipality", name="Uppsala", parent=cls.uppsala_county
        )
        cls.enkoping = Area.objects.create(
            code="0381", level="municipality", name="Enköping", parent=cls.uppsala_county
        )
        cls.indicator = Indicator.objects.create(
            code="ghg", name_sv="Utsläpp", unit="t", additive=True
        )

    def values(self, **filters):
        return sorted(
            Observation.objects.filter(is_current=True, **filters).values_list(
                "area__code", "period", "dimensions", "value"
            )
        )


class MalformedFileTests(ImportTestCase):
    def test_every_problem_is_named_by_row_and_column_and_nothing_is_stored(self):
        plan, batch = services.import_table(
            table("broken.csv"), MAPPING, indicator=self.indicator, user=self.cora
        )
        messages = [(p.line, p.column) for p in plan.problems]
        self.assertEqual(
            messages,
            [
                (3, "kommunkod"),
                (4, "value"),
                (5, "kommunkod"),
                (6, "kommunkod, year, sector"),
                (7, "year"),
            ],
        )
        text = "\n".join(str(p) for p in plan.problems)
        self.assertIn("broken.csv, rad 3, kolumn kommunkod: '03X0' är ingen SCB-kod", text)
        self.assertIn("rad 4, kolumn value: 'tolv' är inget tal", text)
        self.assertIn("rad 5, kolumn kommunkod: okänt område 9999", text)
        self.assertIn("rad 6, kolumn kommunkod, year, sector: dubblett", text)
        self.assertEqual(Observation.objects.count(), 0)
        self.assertEqual(batch.state, ImportBatch.State.REJECTED)
        self.assertEqual(len(batch.errors), 5)
        self.assertEqual(batch.created_by, self.cora)

    def test_a_missing_column_stops_before_any_row(self):
        plan, _batch = services.import_table(
            csv_table("kommunkod,år,value\n0380,2020,1\n"), MAPPING, indicator=self.indicator
        )
        self.assertEqual([(p.line, p.column) for p in plan.problems], [(1, "year"), (1, "sector")])

    def test_rows_after_a_good_import_are_not_half_written(self):
        services.import_table(table("good.csv"), MAPPING, indicator=self.indicator)
        before = self.values()
        services.import_table(table("broken.csv"), MAPPING, indicator=self.indicator)
        self.assertEqual(self.values(), before)


class StoringTests(ImportTestCase):
    def test_good_file_is_stored_in_long_form(self):
        _plan, batch = services.import_table(
            table("good.csv"), MAPPING, indicator=self.indicator, user=self.cora
        )
        self.assertEqual((batch.created, batch.revised, batch.unchanged), (5, 0, 0))
        self.assertEqual(
            self.values(),
            [
                ("0380", "2020", "", 100.5),
                ("0380", "2021", "", 90.0),
                ("0380", "2021", "sector=Transporter", 40.0),
                ("0381", "2020", "", 50.0),
                ("0381", "2021", "", 45.5),
            ],
        )

    def test_dry_run_shows_what_would_change_and_writes_nothing(self):
        services.import_table(table("good.csv"), MAPPING, indicator=self.indicator)
        changed = csv_table(
            "kommunkod,year,sector,value\n0380,2020,,100.5\n0380,2021,,95\n0381,2022,,44\n"
        )
        plan, batch = services.import_table(
            changed, MAPPING, indicator=self.indicator, dry_run=True
        )
        self.assertIsNone(batch)
        self.assertEqual((plan.created, plan.revised, plan.unchanged), (1, 1, 1))
        self.assertEqual((plan.sample[0].old_value, plan.sample[0].value), (90.0, 95.0))
        self.assertEqual(Observation.objects.count(), 5)

    def test_reimport_upserts_and_keeps_the_earlier_value(self):
        services.import_table(table("good.csv"), MAPPING, indicator=self.indicator)
        again, _ = services.import_table(table("good.csv"), MAPPING, indicator=self.indicator)
        self.assertEqual((again.created, again.revised, again.unchanged), (0, 0, 5))
        services.import_table(
            csv_table("kommunkod,year,sector,value\n0380,2020,,99\n"),
            MAPPING,
            indicator=self.indicator,
        )
        history = list(
            Observation.objects.filter(area__code="0380", period="2020", dimensions="")
            .order_by("pk")
            .values_list("value", "is_current", "flag")
        )
        self.assertEqual(history, [(100.5, False, ""), (99.0, True, "revised")])

    def test_excel_files_use_the_same_path(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["kommunkod", "year", "sector", "value"])
        sheet.append(["0380", 2020, None, 12.5])
        sheet.append(["0381", 2020, None, "ett"])
        buffer = BytesIO()
        workbook.save(buffer)
        data = read_table(buffer.getvalue(), "upload.xlsx")
        plan, _ = services.import_table(data, MAPPING, indicator=self.indicator)
        self.assertEqual(
            [(p.file, p.line, p.column) for p in plan.problems], [("upload.xlsx", 3, "value")]
        )

    def test_flags_and_missing_values(self):
        data = csv_table(
            "kod,år,värde,status\n0380,2020,,confidential\n0381,2020,,\n0381,2021,3,sekret\n"
        )
        mapping = ColumnMapping(area="kod", period="år", value="värde", flag="status")
        plan, _ = services.import_table(data, mapping, indicator=self.indicator)
        self.assertEqual([(p.line, p.column) for p in plan.problems], [(3, "värde"), (4, "status")])


class DerivedValueTests(ImportTestCase):
    def test_counties_and_sweden_are_summed_only_when_complete(self):
        Area.objects.create(
            code="1280", level="municipality", name="Malmö", parent=self.skane_county
        )
        services.import_table(table("good.csv"), MAPPING, indicator=self.indicator)
        services.import_table(
            csv_table("kommunkod,year,sector,value\n1280,2020,,1000\n"),
            MAPPING,
            indicator=self.indicator,
        )
        services.aggregate_up(self.indicator)
        self.assertEqual(
            self.values(area__code__in=["00", "03", "12"]),
            [
                ("00", "2020", "", 1150.5),
                ("03", "2020", "", 150.5),
                ("03", "2021", "", 135.5),
                ("12", "2020", "", 1000.0),
            ],
        )
        # Sweden 2021 lacks Skåne, and Enköping has no Transporter row: nothing is made up.
        self.assertFalse(
            Observation.objects.filter(area__code="03", dimensions="sector=Transporter").exists()
        )
        batches = ImportBatch.objects.filter(kind=ImportBatch.Kind.AGGREGATE)
        self.assertEqual(batches.count(), 2)

    def test_check_finds_a_county_that_does_not_add_up(self):
        services.import_table(table("good.csv"), MAPPING, indicator=self.indicator)
        county = ColumnMapping(area="lan", period="year", value="value")
        services.import_table(
            csv_table("lan,year,value\n03,2020,150.5\n03,2021,140\n"),
            county,
            indicator=self.indicator,
        )
        found = services.check_aggregation(self.indicator)
        self.assertEqual(
            [(d.area, d.period, d.stored, d.summed) for d in found], [("03", "2021", 140.0, 135.5)]
        )

    def test_ratio(self):
        services.import_table(table("good.csv"), MAPPING, indicator=self.indicator)
        people = Indicator.objects.create(code="pop", name_sv="Folkmängd", unit="st")
        per = Indicator.objects.create(code="per", name_sv="Per invånare", unit="t/st")
        services.import_table(
            csv_table("kommunkod,year,value\n0380,2020,201\n"),
            ColumnMapping(area="kommunkod", period="year", value="value"),
            indicator=people,
        )
        services.derive_ratio(per, self.indicator, people)
        self.assertEqual(self.values(indicator=per), [("0380", "2020", "", 0.5)])


class ImportCommandTests(ImportTestCase):
    def test_dry_run_then_import(self):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        args = [
            str(FILES / "good.csv"),
            "--indicator",
            "ghg",
            "--area",
            "kommunkod",
            "--period",
            "year",
            "--value",
            "value",
            "--dimension",
            "sector=sector",
        ]
        call_command("import_observations", *args, "--dry-run", stdout=out)
        self.assertIn("5 new, 0 revised, 0 unchanged values would be stored.", out.getvalue())
        self.assertEqual(Observation.objects.count(), 0)
        call_command("import_observations", *args, stdout=out)
        self.assertEqual(Observation.objects.count(), 5)

    def test_problems_fail_the_command(self):
        from io import StringIO

        from django.core.management import CommandError, call_command

        err = StringIO()
        with self.assertRaisesMessage(CommandError, "5 problem(s); nothing was stored."):
            call_command(
                "import_observations",
                str(FILES / "broken.csv"),
                "--indicator",
                "ghg",
                "--area",
                "kommunkod",
                "--period",
                "year",
                "--value",
                "value",
                "--dimension",
                "sector=sector",
                stderr=err,
            )
        self.assertIn("broken.csv, rad 4, kolumn value: 'tolv' är inget tal", err.getvalue())
