"""SDMX output read back with sdmx1, from a file and through sdmx1's HTTP client."""

import tempfile
from pathlib import Path

import sdmx

from rus.opendata.tests.test_kolada import KoladaFixture


def keyed(message):
    """(dimension → value, observation value) pairs, whatever order pandas puts levels in."""
    series = sdmx.to_pandas(message.data[0])
    return [
        (dict(zip(series.index.names, key, strict=True)), value) for key, value in series.items()
    ]


class SdmxTests(KoladaFixture):
    def database_values(self):
        return {
            (o.area.code, o.gender, o.period): o.value
            for o in self.indicator.observations.filter(is_current=True).select_related("area")
        }

    def test_file_is_read_without_a_structure(self):
        response = self.client.get("/sdmx/rest/data/ghg-test/all?download=1")
        self.assertEqual(
            response["Content-Type"], "application/vnd.sdmx.genericdata+xml;version=2.1"
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "data.xml"
            path.write_bytes(response.content)
            message = sdmx.read_sdmx(path)
        got = {(k["REF_AREA"], k["SEX"], k["TIME_PERIOD"]): v for k, v in keyed(message)}
        self.assertEqual(got, self.database_values())

    def test_http_client_with_key_and_start_period(self):
        sdmx.add_source(
            {
                "id": "RUS_TEST",
                "name": "rus",
                "url": f"{self.live_server_url}/sdmx/rest",
                "supports": {"structure-specific data": False},
            },
            override=True,
        )
        message = sdmx.Client("RUS_TEST").data(
            "ghg-test", key="0380+0381.T.", params={"startPeriod": "2022"}
        )
        got = {(k["REF_AREA"], k["TIME_PERIOD"]): v for k, v in keyed(message)}
        self.assertEqual(got, {("0380", "2022"): 11.0, ("0381", "2022"): 21.25})

    def test_unknown_flow(self):
        self.assertEqual(self.client.get("/sdmx/rest/data/nothing/all").status_code, 404)
