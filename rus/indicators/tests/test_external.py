"""Importers against local servers that answer in Kolada's and Naturvårdsverket's formats."""

from io import StringIO
from typing import Any

from django.core.management import CommandError, call_command

from rus.areas.models import Area
from rus.goals.models import Framework, Goal
from rus.indicators import external
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.indicators.tests.stubserver import StubServer
from rus.lib.http import FetchError
from rus.test import BaseTestCase

# Kolada v3 data entries as koladapy's flatten_data reads them (shared/kolada-api-notes.md).
KOLADA_PAGES = {
    "1": {
        "count": 3,
        "next_url": "http://kolada.invalid/v3/data/?page=2",
        "values": [
            {
                "kpi": "N00401",
                "municipality": "0380",
                "period": 2022,
                "values": [
                    {"gender": "T", "count": 1, "status": "", "value": 3.5, "isdeleted": False},
                    {"gender": "K", "count": 1, "status": "", "value": 1.5, "isdeleted": False},
                ],
            },
            {
                "kpi": "N00401",
                "municipality": "0003",
                "period": 2022,
                "values": [
                    {"gender": "T", "count": 1, "status": "", "value": 7.0, "isdeleted": False},
                ],
            },
        ],
    },
    "2": {
        "count": 3,
        "next_url": None,
        "values": [
            {
                "kpi": "N00401",
                "municipality": "0380",
                "period": 2023,
                "values": [
                    {
                        "gender": "T",
                        "count": 1,
                        "status": "Missing",
                        "value": None,
                        "isdeleted": False,
                    },
                ],
            },
        ],
    },
}

# One indicator as GET /api/v1/indicators/{id} describes it (the OpenAPI spec in shared/data).
NVV_INDICATOR: dict[str, Any] = {
    "Id": 17,
    "Key": 123,
    "Name": "Kvävedioxid i tätortsluft",
    "ShortName": "NO2",
    "IngressText": "Halter av kvävedioxid i tätorter.",
    "IsOfficialStatistics": False,
    "DataSupplier": "IVL Svenska Miljöinstitutet",
    "ResponsibleOrganizationName": "Naturvårdsverket",
    "LastChanged": "2024-03-01T00:00:00",
    "DPSIR": ["State"],
    "MainObjective": {"Name": "Frisk luft", "Id": 2, "Type": "Miljökvalitetsmål"},
    "SecondaryObjectives": [],
    "Presentations": [],
    "DataSets": [
        {
            "Id": 1,
            "ExternalId": 501,
            "Name": "Årsmedelvärde",
            "Unit": "µg/m³",
            "LocationType": "county",
            "LocationId": "",
            "Locations": [
                {
                    "Name": "Uppsala län",
                    "Id": "3",
                    "PresentationVariables": [
                        {
                            "Id": 1,
                            "Name": "Gaturum",
                            "ExternalId": 9,
                            "DataSeries": [
                                {"Label": "2021", "Value": 12.5},
                                {"Label": "2022", "Value": 11.0},
                            ],
                        },
                        {
                            "Id": 2,
                            "Name": "Urban bakgrund",
                            "ExternalId": 10,
                            "DataSeries": [{"Label": "2022", "Value": 6.25}],
                        },
                    ],
                },
                {
                    "Name": "Sverige",
                    "Id": "SE",
                    "PresentationVariables": [
                        {
                            "Id": 1,
                            "Name": "Gaturum",
                            "ExternalId": 9,
                            "DataSeries": [{"Label": "2022", "Value": 14.0}],
                        },
                    ],
                },
            ],
        }
    ],
}


def kolada(path: str, query: dict[str, list[str]]):
    if path != "/v3/data/" or query.get("kpi_id") != ["N00401"]:
        return 404, {"error": "not found"}
    return 200, KOLADA_PAGES[query["page"][0]]


def nvv(path: str, query: dict[str, list[str]]):
    if path == "/api/v1/indicators/123":
        return 200, NVV_INDICATOR
    return 404, {}


class KoladaImportTests(BaseTestCase):
    def setUp(self):
        Area.objects.create(
            code="0380", level="municipality", name="Uppsala", parent=self.uppsala_county
        )
        self.indicator = Indicator.objects.create(
            code="ghg", kolada_id="N00401", name_sv="Utsläpp", unit="t"
        )

    def test_pages_are_followed_and_values_stored(self):
        with StubServer(kolada) as server:
            _plan, batch = external.import_kolada(
                self.indicator, base_url=f"{server.url}/v3/", years=[2022, 2023]
            )
        self.assertEqual([r.split("?")[0] for r in server.requests], ["/v3/data/", "/v3/data/"])
        self.assertIn("year=2022&year=2023", server.requests[0])
        self.assertEqual(batch.kind, ImportBatch.Kind.KOLADA)
        self.assertEqual(
            sorted(
                Observation.objects.values_list("area__code", "period", "gender", "value", "flag")
            ),
            [
                ("03", "2022", "T", 7.0, ""),
                ("0380", "2022", "K", 1.5, ""),
                ("0380", "2022", "T", 3.5, ""),
                ("0380", "2023", "T", None, "missing"),
            ],
        )

    def test_dry_run_through_the_command(self):
        out = StringIO()
        with StubServer(kolada) as server:
            call_command(
                "import_external",
                kolada="ghg",
                base_url=f"{server.url}/v3/",
                dry_run=True,
                stdout=out,
            )
        self.assertIn("4 new, 0 revised, 0 unchanged values would be stored", out.getvalue())
        self.assertEqual(Observation.objects.count(), 0)

    def test_a_service_error_is_reported(self):
        self.indicator.kolada_id = "N99999"
        self.indicator.save()
        with StubServer(kolada) as server, self.assertRaisesMessage(FetchError, "HTTP 404"):
            external.import_kolada(self.indicator, base_url=f"{server.url}/v3/")
        with (
            StubServer(kolada) as server,
            self.assertRaisesMessage(CommandError, "Could not fetch"),
        ):
            call_command(
                "import_external", kolada="ghg", base_url=f"{server.url}/v3/", stdout=StringIO()
            )


class NaturvardsverketImportTests(BaseTestCase):
    def setUp(self):
        framework = Framework.objects.create(code="miljomal", name_sv="Miljömål")
        self.clean_air = Goal.objects.create(
            framework=framework, code="2", kind="objective", number=2, name_sv="Frisk luft"
        )

    def test_indicator_and_values(self):
        with StubServer(nvv) as server:
            indicator, _plan, _batch = external.import_nvv(123, base_url=server.url)
        self.assertEqual(server.requests, ["/api/v1/indicators/123"])
        self.assertEqual(
            (indicator.code, indicator.unit, indicator.dpsir), ("nvv-123", "µg/m³", "S")
        )
        self.assertEqual(list(indicator.goals.all()), [self.clean_air])
        self.assertEqual(
            sorted(Observation.objects.values_list("area__code", "period", "dimensions", "value")),
            [
                ("00", "2022", "variable=Gaturum", 14.0),
                ("03", "2021", "variable=Gaturum", 12.5),
                ("03", "2022", "variable=Gaturum", 11.0),
                ("03", "2022", "variable=Urban bakgrund", 6.25),
            ],
        )
        # A second import of the same answer changes nothing.
        with StubServer(nvv) as server:
            _indicator, again, _ = external.import_nvv(123, base_url=server.url)
        self.assertEqual((again.created, again.unchanged), (0, 4))

    def test_unknown_location_is_named(self):
        broken = {
            **NVV_INDICATOR,
            "DataSets": [
                {
                    **NVV_INDICATOR["DataSets"][0],
                    "Locations": [
                        {
                            "Name": "Atlantis",
                            "Id": "99",
                            "PresentationVariables": [
                                {"Name": "Gaturum", "DataSeries": [{"Label": "2022", "Value": 1.0}]}
                            ],
                        }
                    ],
                }
            ],
        }
        with StubServer(lambda p, q: (200, broken)) as server:
            _indicator, plan, batch = external.import_nvv(123, base_url=server.url)
        self.assertEqual(batch.state, ImportBatch.State.REJECTED)
        self.assertIn("okänt område 99", str(plan.problems[0]))
        self.assertEqual(Observation.objects.count(), 0)
