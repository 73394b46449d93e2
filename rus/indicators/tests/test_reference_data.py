"""The real SMHI and SCB files, imported through the project's own import path."""

import csv
import re
from typing import TYPE_CHECKING

import time_machine
from django.conf import settings
from django.test import TestCase

from rus.indicators import services
from rus.indicators.models import Indicator, Observation
from rus.indicators.reference import GHG, GHG_PER_CAPITA, POPULATION, load_indicator_data
from rus.lib.numbers import format_number
from rus.referencedata.models import SourceFile
from rus.referencedata.services import load_reference_data

DATA = settings.RUS_DATA_DIR


def file_values(name: str, code_column: str, code: str) -> dict[str, float]:
    with open(DATA / "emissions" / name, encoding="utf-8") as f:
        return {
            r["year"]: float(r["ghg_t_co2e"]) for r in csv.DictReader(f) if r[code_column] == code
        }


def expected_series(level: str, code_column: str, code: str) -> dict[str, float]:
    """Newest release first: a year present in the 2024 release takes its value from there."""
    older = file_values(f"smhi_ghg_total_{level}_vintage2023.csv", code_column, code)
    newer = file_values(f"smhi_ghg_total_{level}_vintage2024.csv", code_column, code)
    return {**older, **newer}


if TYPE_CHECKING:
    _Base = TestCase
else:
    _Base = object


class PageChecks(_Base):
    """Acceptance: Stockholm (0180) and Stockholm county (01), every year, in chart, table, map."""

    URL = "/indikatorer/ghg-total/?omrade=0180&omrade=01"

    def test_table_and_chart_show_every_year_with_the_file_values(self):
        html = self.client.get(self.URL).content.decode()
        stockholm = expected_series("municipality", "kommunkod", "0180")
        county = expected_series("county", "lanskod", "01")
        flag = r'( <span class="flag">\((reviderad|preliminär)\)</span>)?'
        for year, value in stockholm.items():
            cells = (
                f"<td>{re.escape(format_number(county[year]))}{flag}</td>"
                f"<td>{re.escape(format_number(value))}{flag}</td>"
            )
            self.assertRegex(html, f'<th scope="row">{year}</th>{cells}')
        chart = html[
            html.index('<svg class="chart"') : html.index(
                "</svg>", html.index('<svg class="chart"')
            )
        ]
        self.assertEqual(
            chart.count("<circle"), 14 + 1
        )  # 14 years of county points + its legend marker
        self.assertIn("Stockholms län", chart)
        self.assertIn("Stockholm", chart)

    def test_map_shows_the_county_value(self):
        html = self.client.get(self.URL + "&karta=county&ar=2024").content.decode()
        value = format_number(expected_series("county", "lanskod", "01")["2024"])
        self.assertIn(f"<title>Stockholms län: {value}</title>", html)
        start = html.index('<svg class="map"')
        map_svg = html[start : html.index("</svg>", start)]
        self.assertEqual(map_svg.count("<title>"), 21)  # one titled outline per county
        municipal = self.client.get(self.URL + "&karta=municipality&ar=2024").content.decode()
        value = format_number(expected_series("municipality", "kommunkod", "0180")["2024"])
        self.assertIn(f"<title>Stockholm: {value}</title>", municipal)

    def test_download_has_the_exact_values(self):
        body = self.client.get("/indikatorer/ghg-total/data.csv?omrade=0180").content.decode()
        rows = list(csv.DictReader(body.splitlines()))
        self.assertEqual(
            {r["Period"]: float(r["Värde"]) for r in rows},
            expected_series("municipality", "kommunkod", "0180"),
        )
        self.assertEqual({r["Källa"] for r in rows}, {"SMHI, Nationella emissionsdatabasen"})

    def test_progress_is_explained(self):
        html = self.client.get(self.URL).content.decode()
        self.assertIn("Från 2015", html)
        self.assertIn("progress-substantial_progress", html)

    @time_machine.travel("2026-11-21")
    def test_carbon_budget_for_ale_matches_klimatkollen(self):
        html = self.client.get("/indikatorer/ghg-total/?omrade=1440").content.decode()
        self.assertIn("Trend och koldioxidbudget", html)
        # The figures of the Ale case in klimatkollen_cases.json (current year 2026).
        self.assertIn("<td>2130-09-30</td>", html)
        self.assertIn("✗ Nej", html)

    def test_english_page(self):
        html = self.client.get("/en" + self.URL).content.decode()
        self.assertIn("Greenhouse gas emissions", html)


class RealDataTests(PageChecks, TestCase):
    ghg: Indicator

    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=DATA)
        load_indicator_data(data_dir=DATA)
        cls.ghg = Indicator.objects.get(code=GHG)

    def current(self, indicator: Indicator, area: str, dims: str = "") -> dict[str, float]:
        return dict(
            Observation.objects.filter(
                indicator=indicator, area__code=area, dimensions=dims, is_current=True
            ).values_list("period", "value")
        )

    def test_stockholm_municipality_and_county_equal_the_files_for_every_year(self):
        for level, column, code in (
            ("municipality", "kommunkod", "0180"),
            ("county", "lanskod", "01"),
        ):
            with self.subTest(area=code):
                expected = expected_series(level, column, code)
                self.assertEqual(len(expected), 14)  # 1990, 2000, 2005, 2010, 2015-2024
                self.assertEqual(self.current(self.ghg, code), expected)

    def test_the_earlier_release_is_kept_as_history(self):
        older = file_values("smhi_ghg_total_municipality_vintage2023.csv", "kommunkod", "1440")[
            "1990"
        ]
        newer = file_values("smhi_ghg_total_municipality_vintage2024.csv", "kommunkod", "1440")[
            "1990"
        ]
        history = list(
            Observation.objects.filter(
                indicator=self.ghg, area__code="1440", period="1990", dimensions=""
            )
            .order_by("pk")
            .values_list("value", "is_current")
        )
        self.assertEqual(history, [(older, False), (newer, True)])

    def test_nine_sectors_for_every_municipality(self):
        sectors = set(
            Observation.objects.filter(
                indicator=self.ghg, area__code="0180", period="2024", is_current=True
            )
            .exclude(dimensions="")
            .values_list("dimensions", flat=True)
        )
        self.assertEqual(len(sectors), 9)
        self.assertIn("sector=Transporter", sectors)
        municipalities = Observation.objects.filter(
            indicator=self.ghg,
            period="2024",
            dimensions="",
            is_current=True,
            area__level="municipality",
        )
        self.assertEqual(municipalities.count(), 290)

    def test_counties_add_up_and_sweden_is_the_sum_of_counties(self):
        self.assertEqual(services.check_aggregation(self.ghg), [])
        counties = sum(
            Observation.objects.filter(
                indicator=self.ghg,
                period="2023",
                dimensions="",
                is_current=True,
                area__level="county",
            ).values_list("value", flat=True)
        )
        sweden = self.current(self.ghg, "00")["2023"]
        self.assertAlmostEqual(sweden, counties, places=3)

    def test_emissions_per_inhabitant(self):
        pop = self.current(Indicator.objects.get(code=POPULATION), "0180")["2023"]
        ghg = self.current(self.ghg, "0180")["2023"]
        per = self.current(Indicator.objects.get(code=GHG_PER_CAPITA), "0180")
        self.assertAlmostEqual(per["2023"], ghg / pop)
        self.assertIn("2023", self.current(Indicator.objects.get(code=GHG_PER_CAPITA), "00"))

    def test_loading_again_changes_nothing(self):
        count = Observation.objects.count()
        self.assertTrue(load_indicator_data(data_dir=DATA).skipped)
        # Even with one file's record lost, the older release does not overwrite the newer.
        SourceFile.objects.filter(path__contains="vintage2023").delete()
        self.assertFalse(load_indicator_data(data_dir=DATA).skipped)
        self.assertEqual(
            self.current(self.ghg, "0180"), expected_series("municipality", "kommunkod", "0180")
        )
        self.assertGreater(
            Observation.objects.count(), count
        )  # the re-import is recorded as history
