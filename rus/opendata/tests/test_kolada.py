"""The Kolada v3-compatible API, used by the real Kolada client (koladapy) over loopback."""

import csv
import io

from django.db import connection
from django.test import LiveServerTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from koladapy import KoladaAPI

from rus.areas.models import Area
from rus.indicators import services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator
from rus.lib.tabular import read_table
from rus.test import create_cast

CSV = """kommun,ar,kon,varde
0380,2021,T,10.5
0380,2022,T,11
0380,2022,K,5
0380,2022,M,6
0381,2021,T,20
0381,2022,T,21.25
03,2022,T,32.25
"""


class KoladaFixture(LiveServerTestCase):
    """A live server with one indicator for two municipalities and their county."""

    host = "127.0.0.1"
    uppsala_county: Area
    indicator: Indicator

    def setUp(self):
        create_cast(self)
        for code, name in (("0380", "Uppsala"), ("0381", "Enköping")):
            Area.objects.create(
                code=code, level="municipality", name=name, parent=self.uppsala_county
            )
        self.indicator = Indicator.objects.create(
            code="ghg-test",
            kolada_id="N00401",
            name_sv="Växthusgaser",
            unit="t",
            area_levels=["county", "municipality"],
        )
        mapping = ColumnMapping(area="kommun", period="ar", value="varde", gender="kon")
        _plan, batch = services.import_table(
            read_table(CSV.encode(), "test.csv"), mapping, indicator=self.indicator
        )
        assert batch is not None and batch.created == 7
        self.client_api = KoladaAPI(
            base_url=f"{self.live_server_url}/kolada/v3/", max_requests_per_second=1000
        )

    def expected(self) -> dict[tuple[str, int, str], float | None]:
        """The values of the source file, with Kolada's ids for counties ("00" + code)."""
        return {
            (
                "00" + row["kommun"] if len(row["kommun"]) == 2 else row["kommun"],
                int(row["ar"]),
                row["kon"],
            ): float(row["varde"])
            for row in csv.DictReader(io.StringIO(CSV))
        }


class KoladaClientTests(KoladaFixture):
    def test_get_values_returns_the_database_values(self):
        rows = self.client_api.get_values(
            kpi_id="N00401", municipality_id=["0380", "0381", "0003"], years=[2021, 2022]
        )
        got = {
            (r["municipality"], r["period"], v["gender"]): v["value"]
            for r in rows
            for v in r["values"]
        }
        self.assertEqual(got, self.expected())

    def test_paging_follows_next_url(self):
        self.client_api.DEFAULT_PER_PAGE = 2
        rows = self.client_api.get_values(kpi_id="N00401")
        self.assertEqual(len(rows), 5)  # 0380×2, 0381×2, 0003×1
        got = {
            (r["municipality"], r["period"], v["gender"]): v["value"]
            for r in rows
            for v in r["values"]
        }
        self.assertEqual(got, self.expected())

    def test_dataframe_with_metadata(self):
        frame = self.client_api.get_data_as_dataframe(
            kpi_id="N00401", municipality_id="0380", years=[2022], include_metadata=True
        )
        totals = frame[frame["gender"] == "T"]
        self.assertEqual(list(totals["value"]), [11.0])
        self.assertIn("kpi_title", frame.columns)
        self.assertEqual(set(frame["gender"]), {"T", "K", "M"})

    def test_kpi_and_municipality_metadata(self):
        kpi = self.client_api.get_kpi("N00401")
        self.assertEqual(
            (kpi["id"], kpi["title"], kpi["is_divided_by_gender"]), ("N00401", "Växthusgaser", True)
        )
        found = self.client_api.search_kpis("växthus")
        self.assertEqual([k["id"] for k in found], ["N00401"])
        municipalities = self.client_api.get_municipalities(municipality_type="K")
        self.assertEqual({m["id"] for m in municipalities}, {"0380", "0381"})
        regions = {
            m["id"]: m["title"] for m in self.client_api.get_municipalities(municipality_type="L")
        }
        self.assertEqual(regions["0003"], "Uppsala län")


class KoladaPathFormTests(KoladaFixture):
    """The v2-style path form that rKolada and other scripts use, and the v2 paging key."""

    def test_path_form_and_next_page(self):
        import requests

        base = f"{self.live_server_url}/kolada/v3/data"
        url = f"{base}/kpi/N00401/municipality/0380,0381/year/2022?per_page=1"
        body = requests.get(url, timeout=10).json()
        self.assertEqual(body["count"], 2)
        self.assertEqual(body["values"][0]["municipality"], "0380")
        second = requests.get(body["next_page"], timeout=10).json()
        self.assertEqual(second["values"][0]["municipality"], "0381")
        self.assertIsNone(second["next_url"])
        bad = requests.get(
            f"{self.live_server_url}/kolada/v3/data/kpi/N00401/year/20x2", timeout=10
        )
        self.assertEqual(bad.status_code, 400)


class KoladaCacheTests(KoladaFixture):
    def test_an_import_makes_cached_answers_stale(self):
        import requests

        url = f"{self.live_server_url}/kolada/v3/data/kpi/N00401/municipality/0380/year/2021"
        first = requests.get(url, timeout=10).json()
        self.assertEqual(first["values"][0]["values"][0]["value"], 10.5)
        again = requests.get(url, timeout=10)
        self.assertEqual(again.json(), first)
        mapping = ColumnMapping(area="kommun", period="ar", value="varde")
        services.import_table(
            read_table(b"kommun,ar,varde\n0380,2021,99\n", "fix.csv"),
            mapping,
            indicator=self.indicator,
        )
        self.assertEqual(
            requests.get(url, timeout=10).json()["values"][0]["values"][0]["value"], 99.0
        )


class QueryCountTests(TestCase):
    """The KPI list and a data page cost the same number of queries for few indicators as
    for many."""

    def indicators(self, count: int) -> None:
        county = Area.objects.get_or_create(code="03", level="county", name="Uppsala län")[0]
        areas = [
            Area.objects.get_or_create(
                code=f"03{i:02d}", level="municipality", name=f"K{i}", parent=county
            )[0]
            for i in range(80, 84)
        ]
        for n in range(Indicator.objects.count(), count):
            indicator = Indicator.objects.create(code=f"i{n}", name_sv=f"Indikator {n}", unit="t")
            text = "kod,ar,kon,v\n" + "".join(
                f"{a.code},{year},{g},{n}.5\n" for a in areas for year in (2021, 2022) for g in "TK"
            )
            services.import_table(
                read_table(text.encode(), "x.csv"),
                ColumnMapping(area="kod", period="ar", value="v", gender="kon"),
                indicator=indicator,
            )

    def queries(self, path: str) -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(path).status_code, 200)
        return len(captured)

    def test_the_kpi_list(self):
        self.indicators(2)
        few = self.queries("/kolada/v3/kpi")
        self.indicators(7)
        self.assertEqual(self.queries("/kolada/v3/kpi"), few)

    def test_a_data_page_with_all_indicators(self):
        self.indicators(2)
        few = self.queries("/kolada/v3/data?municipality_id=0380&per_page=3")
        self.indicators(7)
        self.assertEqual(self.queries("/kolada/v3/data?municipality_id=0380&per_page=3"), few)
        body = self.client.get("/kolada/v3/data?municipality_id=0380&per_page=3&page=2").json()
        # 7 indicators × 2 years for one municipality: 14 entries, 3 a page.
        self.assertEqual(body["count"], 14)
        self.assertEqual(
            [(v["kpi"], v["period"]) for v in body["values"]],
            [("i1", 2022), ("i2", 2021), ("i2", 2022)],
        )
