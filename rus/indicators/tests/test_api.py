from rus.indicators import services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator, Observation
from rus.lib.tabular import read_table
from rus.test import BaseTestCase

MAPPING = ColumnMapping(area="area", period="year", value="value")


class ObservationApiTests(BaseTestCase):
    indicator: Indicator

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.create(code="x", name_sv="X", unit="t")
        for text in (
            "area,year,value\n03,2020,1\n03,2021,2\n12,2021,5\n",
            "area,year,value\n03,2021,3\n",
        ):
            services.import_table(
                read_table(text.encode(), "x.csv"), MAPPING, indicator=cls.indicator
            )

    def test_current_values_filtered_and_paged(self):
        body = self.client.get("/api/v1/observations?indicator=x&area=03&limit=1").json()
        self.assertEqual(body["count"], 2)
        self.assertEqual(body["items"][0]["period"], "2020")
        body = self.client.get("/api/v1/observations?indicator=x&area=03&from_year=2021").json()
        self.assertEqual(
            [(i["period"], i["value"], i["status"]) for i in body["items"]],
            [("2021", 3.0, "revised")],
        )

    def test_history_includes_revised_values(self):
        body = self.client.get("/api/v1/observations?indicator=x&area=03&history=true").json()
        self.assertEqual(
            [(i["period"], i["value"], i["current"]) for i in body["items"]],
            [("2020", 1.0, True), ("2021", 2.0, False), ("2021", 3.0, True)],
        )

    def test_unpublished_values_never_appear(self):
        Observation.objects.filter(area__code="12").update(is_public=False)
        body = self.client.get("/api/v1/observations?indicator=x").json()
        self.assertNotIn("12", {i["area"] for i in body["items"]})
        csv_body = self.client.get("/indikatorer/x/data.csv?omrade=12").content.decode()
        self.assertEqual(csv_body.strip().count("\n"), 0)
        kolada = self.client.get("/kolada/v3/data/kpi/x/municipality/0012").json()
        self.assertEqual(kolada["values"], [])
        sdmx = self.client.get("/sdmx/rest/data/x/12").content.decode()
        self.assertNotIn('value="12"', sdmx)

    def test_indicator_metadata(self):
        body = self.client.get("/api/v1/indicators/x").json()
        self.assertEqual((body["code"], body["unit"]), ("x", "t"))
