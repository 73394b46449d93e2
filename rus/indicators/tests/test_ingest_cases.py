"""One table of good and broken files. The suite runs on SQLite and on PostgreSQL, so each case
gives the same problems — word for word, line and column — and stores the same rows on both;
the expected values are written from the rules, not read back from what was stored."""

from django.test import override_settings

from rus.areas.models import Area
from rus.indicators import ingest, services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.lib.tabular import read_table
from rus.test import BaseTestCase

HEADER = "ind,kod,ar,kon,sektor,varde,status\n"
MAPPING = ColumnMapping(
    indicator="ind",
    area="kod",
    period="ar",
    gender="kon",
    flag="status",
    value="varde",
    dimensions={"sector": "sektor"},
)
F = "fil.csv"
AREA_FORMAT = "'380' är ingen SCB-kod för län (2 siffror) eller kommun (4 siffror)"
NO_VALUE = (
    "värdet saknas; om raden inte har något värde, skriv saknas eller sekretess i statuskolumnen"
)
DUPLICATE = "dubblett: samma indikator, område, period och dimensioner som rad 2"
KEY_COLUMNS = "ind, kod, ar, kon, sektor"

# name, rows after the header, expected problems as "line, column: message" (empty: stored),
# expected stored rows as (indicator, area, period, gender, dimensions, value, flag).
CASES = [
    (
        "good",
        "ghg,0380,2020,T,,10,\n"
        'ghg,0380,2020,K,Transporter,"1 234,5",prel\n'
        "ghg,03,2021,M,,−2.5,reviderad\n"
        "ghg,0380,2022,,,,saknas\n"
        "pop,0380,2020-Q2,t,,7,\n",
        [],
        [
            ("ghg", "03", "2021", "M", "", -2.5, "revised"),
            ("ghg", "0380", "2020", "K", "sector=Transporter", 1234.5, "preliminary"),
            ("ghg", "0380", "2020", "T", "", 10.0, ""),
            ("ghg", "0380", "2022", "T", "", None, "missing"),
            ("pop", "0380", "2020-Q2", "T", "", 7.0, ""),
        ],
    ),
    (
        "every rule once",
        "nox,0380,2020,T,,1,\n"
        "ghg,380,2020,T,,1,\n"
        "ghg,,2020,T,,1,\n"
        "ghg,9999,2020,T,,1,\n"
        "ghg,0380,år 2020,T,,1,\n"
        "ghg,0380,2020,X,,1,\n"
        "ghg,0380,2020,T,,1,kanske\n"
        "ghg,0380,2021,T,,,\n"
        "ghg,0380,2022,T,,tio,\n"
        "ghg,0380,2023,T,,1\n",
        [
            "rad 2, kolumn ind: okänd indikator 'nox'",
            f"rad 3, kolumn kod: {AREA_FORMAT}",
            "rad 4, kolumn kod: områdeskoden saknas",
            "rad 5, kolumn kod: okänt område 9999",
            "rad 6, kolumn ar: 'år 2020' är ingen period (t.ex. 2023, 2023-05, 2023-Q2)",
            "rad 7, kolumn kon: 'X' är ingen könskod (T, K eller M)",
            "rad 8, kolumn status: 'kanske' är ingen status: skriv preliminär, reviderad, "
            "saknas eller sekretess, eller lämna tomt för ett slutligt värde",
            f"rad 9, kolumn varde: {NO_VALUE}",
            "rad 10, kolumn varde: 'tio' är inget tal",
            "rad 11: väntade 7 fält men hittade 6",
        ],
        [],
    ),
    (
        "several problems on one line, in the order the row is read",
        "nox,9999,2020,X,,tio,\n",
        [
            "rad 2, kolumn ind: okänd indikator 'nox'",
            "rad 2, kolumn kod: okänt område 9999",
            "rad 2, kolumn kon: 'X' är ingen könskod (T, K eller M)",
            "rad 2, kolumn varde: 'tio' är inget tal",
        ],
        [],
    ),
    (
        "duplicates among the valid rows only",
        "ghg,0380,2020,T,,1,\n"
        "ghg,0380,2020,T,,2,\n"
        "ghg,0380,2020,,,3,\n"
        "ghg,0380,2020,T,Transporter,4,\n"
        "ghg,0380,2020,T,,tio,\n",
        [
            f"rad 3, kolumn {KEY_COLUMNS}: {DUPLICATE}",
            f"rad 4, kolumn {KEY_COLUMNS}: {DUPLICATE}",
            "rad 6, kolumn varde: 'tio' är inget tal",
        ],
        [],
    ),
    (
        # Past the lines read to tell the delimiter, so that the reader stops midway.
        "a file that cannot be read to its end: the problems before, then the reader's",
        b"ghg,0380,2020,T,,tio,\n"
        + "".join(f"ghg,0380,{y},T,,1,\n" for y in range(1900, 1960)).encode()
        + "ghg,0380,2021,T,,1,Göteborg\n".encode("latin-1"),
        [
            "rad 2, kolumn varde: 'tio' är inget tal",
            "rad 63: filen är inte UTF-8-kodad text; spara den i Excel som ”CSV UTF-8 "
            "(kommaavgränsad)”",
        ],
        [],
    ),
]


@override_settings(LANGUAGE_CODE="sv")
class SameOnBothDatabasesTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Area.objects.create(
            code="0380", level="municipality", name="Uppsala", parent=cls.uppsala_county
        )
        for code in ("ghg", "pop"):
            Indicator.objects.create(code=code, name_sv=code, unit="t")

    def stored(self) -> list[tuple]:
        return sorted(
            Observation.objects.filter(is_current=True).values_list(
                "indicator__code", "area__code", "period", "gender", "dimensions", "value", "flag"
            ),
            key=repr,
        )

    def test_every_case(self):
        for name, rows, problems, stored in CASES:
            with self.subTest(case=name):
                body = rows if isinstance(rows, bytes) else str(rows).encode()
                data = HEADER.encode() + body
                plan, batch = services.import_table(read_table(data, F), MAPPING)
                self.assertEqual([str(p) for p in plan.problems], [f"{F}, {p}" for p in problems])
                self.assertEqual(plan.problem_count, len(problems))
                self.assertEqual(self.stored(), sorted(stored, key=repr))
                assert batch is not None
                expected_state = (
                    ImportBatch.State.REJECTED if problems else ImportBatch.State.STORED
                )
                self.assertEqual(batch.state, expected_state)
                Observation.objects.all().delete()

    def test_cells_longer_than_stored_and_a_nul_character_are_named(self):
        note = ColumnMapping(area="kod", period="ar", value="varde", note="not")
        ghg = Indicator.objects.get(code="ghg")
        data = ("kod,ar,varde,not\n0380,2020,1,kort\n0380,2021,1," + "x" * 501 + "\n").encode()
        plan, _batch = services.import_table(read_table(data, F), note, indicator=ghg)
        self.assertEqual(
            [str(p) for p in plan.problems], [f"{F}, rad 3, kolumn not: längre än 500 tecken"]
        )
        rows = "".join(f"0380,{y},1,\n" for y in range(1900, 1960))
        data = ("kod,ar,varde,not\n" + rows + "0380,2020,1\x00,\n").encode()
        plan, _batch = services.import_table(read_table(data, F), note, indicator=ghg)
        self.assertEqual(
            [str(p) for p in plan.problems],
            [f"{F}, rad 62: raden innehåller ett NUL-tecken: är det här en textfil?"],
        )
        self.assertEqual(Observation.objects.count(), 0)

    def test_one_period_for_every_row_wins_over_a_period_column(self):
        mapping = ColumnMapping(area="kod", value="varde", period="ar", period_value="2023")
        data = b"kod,ar,varde\n0380,x,1\n"
        plan, _batch = services.import_table(
            read_table(data, F), mapping, indicator=Indicator.objects.get(code="ghg")
        )
        self.assertEqual(plan.problems, [])
        self.assertEqual(list(Observation.objects.values_list("period", "value")), [("2023", 1.0)])

    def test_the_header_is_checked_before_any_row(self):
        data = b"ind,kommun,ar,kon,sektor,varde,status\nghg,0380,2020,T,,1,\n"
        plan, _batch = services.import_table(read_table(data, F), MAPPING)
        self.assertEqual(
            [str(p) for p in plan.problems],
            [f"{F}, rad 1, kolumn kod: rubrikraden saknar den här kolumnen"],
        )

    def test_one_period_for_every_row_that_is_no_period(self):
        mapping = ColumnMapping(area="kod", value="varde", period_value="20x0")
        data = b"kod,varde\n0380,1\n0380,2\n"
        plan, _batch = services.import_table(
            read_table(data, F), mapping, indicator=Indicator.objects.get(code="ghg")
        )
        message = "'20x0' är ingen period (t.ex. 2023, 2023-05, 2023-Q2)"
        self.assertEqual(
            [str(p) for p in plan.problems], [f"{F}, rad 2: {message}", f"{F}, rad 3: {message}"]
        )

    def test_problems_beyond_the_limit_are_counted(self):
        rows = "".join(f"ghg,0380,{1000 + i},T,,x{i},\n" for i in range(ingest.PROBLEM_LIMIT + 7))
        plan, batch = services.import_table(read_table((HEADER + rows).encode(), F), MAPPING)
        self.assertEqual(len(plan.problems), ingest.PROBLEM_LIMIT)
        self.assertEqual(plan.problem_count, ingest.PROBLEM_LIMIT + 7)
        self.assertEqual(plan.problems[-1].line, ingest.PROBLEM_LIMIT + 1)
        assert batch is not None
        self.assertEqual(batch.errors[-1], {"more": 7})

    def test_five_per_cent_changed_are_stored_as_exactly_those_revisions(self):
        def file(changed: set[int]) -> bytes:
            rows = "".join(
                f"ghg,0380,{1000 + i},T,,{i + (0.5 if i in changed else 0)},\n" for i in range(200)
            )
            return (HEADER + rows).encode()

        services.import_table(read_table(file(set()), F), MAPPING)
        again, _batch = services.import_table(read_table(file(set()), F), MAPPING)
        self.assertEqual((again.created, again.revised, again.unchanged), (0, 0, 200))
        changed = set(range(0, 200, 20))  # 10 of 200
        plan, batch = services.import_table(read_table(file(changed), F), MAPPING)
        self.assertEqual((plan.created, plan.revised, plan.unchanged), (0, 10, 190))
        assert batch is not None
        revisions = Observation.objects.filter(batch=batch)
        self.assertEqual(
            sorted(revisions.values_list("year", "value", "flag")),
            [(1000 + i, i + 0.5, "revised") for i in sorted(changed)],
        )
        self.assertEqual(Observation.objects.count(), 210)
        self.assertEqual(Observation.objects.filter(is_current=True).count(), 200)
