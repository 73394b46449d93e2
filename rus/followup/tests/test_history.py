import csv
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase

from rus.followup import selectors
from rus.followup.models import Assessment, FollowUpRound
from rus.followup.services import HISTORY_FILE, import_history
from rus.lib.tabular import SourceError
from rus.referencedata.services import load_reference_data

SOURCE = settings.RUS_DATA_DIR / HISTORY_FILE


class HistoryImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=settings.RUS_DATA_DIR)

    def test_published_history_from_the_real_file(self):
        report = import_history(path=SOURCE)
        with SOURCE.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(report.assessments, len(rows))
        self.assertEqual(
            set(FollowUpRound.objects.values_list("year", flat=True)),
            {int(r["year"]) for r in rows},
        )
        uppsala_2025 = Assessment.objects.filter(round__year=2025, area__code="03")
        self.assertEqual(uppsala_2025.count(), 12)
        forest = uppsala_2025.get(goal__number=12)
        self.assertEqual(forest.organisation.key, "skogsstyrelsen")
        # Year-over-year change is there from the first run.
        result = selectors.compilation(FollowUpRound.objects.get(year=2025))
        self.assertGreater(result.reached_comparable, 0)
        again = import_history(path=SOURCE)
        self.assertEqual((again.rounds, again.assessments), (0, 0))

    def test_a_bad_row_stops_the_import_and_names_line_and_column(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.csv"
            path.write_text(
                "year,county_code,county,objective_no,objective,reached,trend,source\n"
                "2024,03,Uppsala län,2,Frisk luft,Ja,Positiv,x\n"
                "2024,99,Ingenstans,2,Frisk luft,Kanske,,x\n",
                encoding="utf-8",
            )
            with self.assertRaises(SourceError) as ctx:
                import_history(path=path, label="bad.csv")
        messages = [str(p) for p in ctx.exception.problems]
        self.assertEqual(
            messages,
            [
                "bad.csv, rad 3, kolumn county_code: okänt län '99'",
                "bad.csv, rad 3, kolumn reached: 'Kanske' är inte Ja, Nära eller Nej",
            ],
        )
        self.assertFalse(FollowUpRound.objects.exists())


class HistoryFeedDateTests(TestCase):
    """A historical round is dated in the Atom feed by when it was reported, not by the import."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=settings.RUS_DATA_DIR)
        import_history(path=SOURCE)

    def test_entries_carry_the_report_date(self):
        from xml.etree import ElementTree

        with SOURCE.open(encoding="utf-8") as f:
            years = sorted({int(r["year"]) for r in csv.DictReader(f)})
        # The feed is rus's own answer, not untrusted input.
        feed = ElementTree.fromstring(self.client.get("/publiceringar.atom").content)  # noqa: S314
        ns = {"a": "http://www.w3.org/2005/Atom"}
        dated = {}
        for entry in feed.findall("a:entry", ns):
            link = entry.findall("a:link", ns)[0].get("href", "")
            published = entry.findtext("a:published", "", ns)
            for year in years:
                if f"/uppfoljning/{year}/" in link:
                    dated[year] = published[:10]
        # RUS reports a year's follow-up on 31 March of the following year.
        self.assertEqual(dated, {year: f"{year + 1}-03-31" for year in years})
