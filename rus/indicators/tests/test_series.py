"""Every further series in RUS_DATA_DIR, loaded through the import path: as many values as
the file has rows that carry one, and values from the file served unchanged by the JSON API
and the Kolada-compatible API."""

import csv
from collections import defaultdict

from django.conf import settings
from django.test import TestCase

from rus.indicators import series
from rus.indicators.models import Indicator, Observation
from rus.indicators.reference import load_indicator_data
from rus.referencedata.services import load_reference_data

DATA = settings.RUS_DATA_DIR


def file_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


class SeriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=DATA)
        load_indicator_data(data_dir=DATA)

    def stored_from(self, name: str) -> int:
        return Observation.objects.filter(batch__source=name).count()

    def test_each_file_stores_one_value_per_row_that_carries_one(self):
        rows = {name: file_rows(name) for name in series.files()}
        # Rows SOURCES.md describes as carrying no value: the cycle network's "-" cells and
        # three "NA" hydro values in Region Dalarna's file. The source's share column of new
        # cars is not stored as such: rus derives the share from the counts (checked below).
        no_value = {
            "transport/bicycle_network_length_m_2020_2025.csv": 405,
            "dalarna/region_dalarna_environment_indicators.csv": 3,
        }
        shares = sum(
            1
            for r in rows["transport/new_cars_rechargeable_2015_2025.csv"]
            if r["measure"] == "share_rechargeable_of_new_cars"
        )
        derived_instead = {"transport/new_cars_rechargeable_2015_2025.csv": shares}
        # The procurement file is read twice: its mean answer and its yes/no outcome.
        columns = {"procurement/nue2022_climate_requirements_in_procurement.csv": 2}
        for name, data in rows.items():
            with self.subTest(file=name):
                expected = (
                    len(data) - no_value.get(name, 0) - derived_instead.get(name, 0)
                ) * columns.get(name, 1)
                self.assertEqual(self.stored_from(name), expected)
        self.assertEqual(
            no_value["transport/bicycle_network_length_m_2020_2025.csv"],
            sum(
                1
                for r in rows["transport/bicycle_network_length_m_2020_2025.csv"]
                if not r["length_m"]
            ),
        )

    def served_json(self, code: str, area: str, period: str, dimensions: str = "") -> float | None:
        year = period[:4]
        body = self.client.get(
            "/api/v1/observations",
            {
                "indicator": code,
                "area": area,
                "from_year": year,
                "to_year": year,
                "dimensions": dimensions,
            },
        ).json()
        values = [i["value"] for i in body["items"] if i["period"] == period]
        self.assertEqual(len(values), 1, (code, area, period, dimensions))
        return values[0]

    def served_kolada(self, indicator: Indicator, area: str, period: str) -> float | None:
        kpi = indicator.kolada_id or indicator.code
        kolada_area = area if len(area) == 4 else area.rjust(4, "0")
        body = self.client.get(
            f"/kolada/v3/data/kpi/{kpi}/municipality/{kolada_area}/year/{period[:4]}"
        ).json()
        (entry,) = body["values"]
        (total,) = [v for v in entry["values"] if v["gender"] == "T"]
        return total["value"]

    def test_first_middle_and_last_value_of_each_series_are_served_unchanged(self):
        for spec in series.specs():
            if "file" not in spec:
                continue
            rows = [
                r
                for r in file_rows(spec["file"])
                if series._matches(r, spec.get("where", {})) and r[spec["value"]].strip()
            ]
            indicator = Indicator.objects.get(code=spec["indicator"]["code"])
            dimension = spec.get("dimension") or {}
            for row in (rows[0], rows[len(rows) // 2], rows[-1]):
                period, area = row[spec["period"]], row[spec["area"]]
                if spec.get("year_of_period"):
                    period = period[:4]
                part = row[dimension["column"]] if dimension else ""
                dims = (
                    f"{dimension['name']}={part}"
                    if part and part != dimension.get("headline")
                    else ""
                )
                with self.subTest(indicator=indicator.code, area=area, period=period, dims=dims):
                    expected = float(row[spec["value"]])
                    self.assertEqual(self.served_json(indicator.code, area, period, dims), expected)
                    if not dims:
                        self.assertEqual(self.served_kolada(indicator, area, period), expected)

    def test_the_derived_share_of_rechargeable_new_cars_equals_the_sources_share(self):
        derived = {
            (a, p): float(v or 0)
            for a, p, v in Observation.objects.filter(
                indicator__code="new-cars-rechargeable-share", is_current=True
            ).values_list("area__code", "period", "value")
        }
        checked = 0
        for r in file_rows("transport/new_cars_rechargeable_2015_2025.csv"):
            if r["measure"] == "share_rechargeable_of_new_cars":
                self.assertAlmostEqual(
                    derived[(r["area_code"], r["year"])] / 100, float(r["value"]), delta=1e-9
                )
                checked += 1
        self.assertEqual(checked, 2900)
        # 2025, where the source gives no share: (BEV + PHEV) / all, for the whole country.
        parts: dict[str, float] = defaultdict(float)
        for r in file_rows("transport/new_cars_rechargeable_2015_2025.csv"):
            if r["area_code"] == "00" and r["year"] == "2025":
                parts[r["measure"]] = float(r["value"])
        self.assertAlmostEqual(
            derived[("00", "2025")],
            100 * (parts["new_cars_bev"] + parts["new_cars_phev"]) / parts["new_cars_all"],
            delta=1e-9,
        )

    def test_the_cycle_network_total_is_the_sum_of_the_road_managers(self):
        totals: dict[tuple[str, str], float] = defaultdict(float)
        for r in file_rows("transport/bicycle_network_length_m_2020_2025.csv"):
            if r["length_m"]:
                totals[(r["area_code"], r["year"])] += float(r["length_m"])
        stored = {
            (a, p): float(v or 0)
            for a, p, v in Observation.objects.filter(
                indicator__code="cycle-network-length", is_current=True, dimensions=""
            ).values_list("area__code", "period", "value")
        }
        self.assertEqual(stored.keys(), totals.keys())
        for key, total in totals.items():
            self.assertAlmostEqual(stored[key], total, delta=1e-6)

    def test_definitions_name_their_source_licence_and_objectives(self):
        for spec in series.specs():
            indicator = Indicator.objects.get(code=spec["indicator"]["code"])
            with self.subTest(indicator=indicator.code):
                self.assertTrue(indicator.name_sv and indicator.name_en and indicator.unit)
                self.assertTrue(indicator.source and indicator.licence)
                self.assertTrue(indicator.goals.filter(framework__code="miljomal").exists())

    def test_a_second_load_imports_nothing(self):
        self.assertEqual(series.load_series(data_dir=DATA), [])


class PagesTests(TestCase):
    """The catalogue, the objective, county and municipality pages with the new data."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=DATA)
        load_indicator_data(data_dir=DATA)

    def test_the_catalogue_filters_by_objective_level_source_and_words(self):
        everything = self.client.get("/indikatorer/").content.decode()
        self.assertIn("Cykelvägnätets längd", everything)
        waste = self.client.get(
            "/indikatorer/", {"mal": 15, "niva": "municipality"}
        ).content.decode()
        self.assertIn("Cykelvägnätets längd", waste)
        self.assertNotIn("Insamlat grovavfall", waste)  # Dalarna's county only
        words = self.client.get("/indikatorer/", {"q": "laddpunkter"}).content.decode()
        self.assertIn("Publika laddpunkter per 100 invånare", words)
        self.assertNotIn("Folkmängd", words)
        source = self.client.get(
            "/indikatorer/",
            {"kalla": "Upphandlingsmyndigheten, Nationella upphandlingsenkäten 2022"},
        ).content.decode()
        self.assertIn("2 indikatorer av", source)

    def test_the_objective_page_shows_the_definition_and_its_etappmal(self):
        with open(DATA / "objectives/objective_definitions.csv", encoding="utf-8") as f:
            definition = next(r for r in csv.DictReader(f) if r["objective_no"] == "2")
        page = self.client.get("/mal/2/").content.decode()
        self.assertIn(definition["riksdag_definition_sv"], page)
        with open(DATA / "objectives/etappmal.csv", encoding="utf-8") as f:
            titles = [
                r["title_sv"] for r in csv.DictReader(f) if "2" in r["objective_nos"].split(";")
            ]
        self.assertTrue(titles)
        for title in titles:
            self.assertIn(title, page)
        # The etappmål of objective 1 are not listed as Agenda 2030 targets.
        self.assertNotIn("klimat_2045", self.client.get("/mal/1/").content.decode())

    def test_a_municipality_page_shows_its_climate_plan_and_compares_with_county_and_sweden(self):
        with open(
            DATA / "climate_plans/klimatkollen_climate_plans_municipality.csv", encoding="utf-8"
        ) as f:
            plan = next(r for r in csv.DictReader(f) if r["area_code"] == "0114")
        page = self.client.get("/kommun/0114/").content.decode()
        self.assertIn(plan["plan_name_validity_comment"], page)
        self.assertIn(f'href="{plan["plan_link"]}"', page)
        # New cars 2025: Upplands Väsby, Stockholm county and Sweden side by side.
        values = {
            r["area_code"]: float(r["value"])
            for r in file_rows("transport/new_cars_rechargeable_2015_2025.csv")
            if r["year"] == "2025"
            and r["measure"] == "new_cars_all"
            and r["area_code"] in ("0114", "01", "00")
        }
        from rus.lib.numbers import format_number

        row = page[page.index("Nyregistrerade personbilar</a>") :]
        row = row[: row.index("</tr>")]
        for code in ("0114", "01", "00"):
            self.assertIn(format_number(values[code]), row)
        county = self.client.get("/lan/01/").content.decode()
        self.assertIn(plan["plan_name_validity_comment"], county)

    def test_the_kolada_api_lists_the_new_kpis_and_sdmx_serves_the_breakdowns(self):
        kpis = {
            k["id"] for k in self.client.get("/kolada/v3/kpi", {"per_page": 5000}).json()["values"]
        }
        self.assertTrue({"new-cars-all", "U07801", "N45904", "cycle-network-length"} <= kpis)
        row = next(
            r
            for r in file_rows("transport/bicycle_network_length_m_2020_2025.csv")
            if r["area_code"] == "0114"
            and r["year"] == "2023"
            and r["road_manager_sv"] == "Kommunal"
        )
        xml = self.client.get(
            "/sdmx/rest/data/CYCLE_NETWORK_LENGTH/0114.T.vaghallare=Kommunal",
            {"startPeriod": 2023, "endPeriod": 2023},
        ).content.decode()
        self.assertIn('value="vaghallare=Kommunal"', xml)
        self.assertIn(f'value="{float(row["length_m"])!r}"', xml.replace("'", '"'))

    def test_a_row_of_the_comparison_shows_the_decimals_its_values_carry(self):
        from rus.front.selectors import Compared

        indicator = Indicator.objects.get(code="ev-public-charging-stations")
        self.assertEqual(Compared(indicator, "2025", 34.0, "", 373.0, None).decimals, 0)
        self.assertEqual(Compared(indicator, "2025", 0.25, "", 0.65, None).decimals, 2)
        self.assertEqual(Compared(indicator, "2025", 6.0, "", 5.07, None).decimals, 2)
        self.assertEqual(Compared(indicator, "2025", 1 / 3, "", None, None).decimals, 4)
