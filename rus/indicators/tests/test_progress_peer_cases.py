"""Every case in shared/data/peer/opensdg_progress_cases.json, read as it is."""

import csv
import io
import json
import math

from django.conf import settings
from django.test import SimpleTestCase

from rus.indicators.progress import (
    Direction,
    Progress,
    SeriesInput,
    Status,
    indicator_progress,
    progress_of_series,
    series_progress,
)

CASES = json.loads((settings.RUS_DATA_DIR / "peer" / "opensdg_progress_cases.json").read_text())


def run_series(case: dict) -> Progress:
    i = case["input"]
    return series_progress(
        SeriesInput(
            base_year=i["base_year"],
            base_value=i["base_value"],
            current_year=i["current_year"],
            current_value=i["current_value"],
            target=i["target"],
            target_year=i["target_year"],
            direction=Direction.POSITIVE if i["direction"] == "positive" else Direction.NEGATIVE,
            limit=i["limit"],
        )
    )


class SeriesCaseTests(SimpleTestCase):
    def test_all_379_series_cases(self):
        self.assertEqual(len(CASES["series_cases"]), CASES["counts"]["series_cases"])
        self.assertEqual(len(CASES["series_cases"]), 379)
        for case in CASES["series_cases"]:
            with self.subTest(case=case["id"]):
                result = run_series(case)
                expected = case["expected"]
                self.assertEqual(result.status, expected["status"])
                self.assertEqual(result.method, case["method"])
                if expected["score"] is None:
                    self.assertIsNone(result.score)
                else:
                    self.assertTrue(
                        math.isclose(result.score, expected["score"], rel_tol=1e-6, abs_tol=1e-6)
                    )
                if expected["progress_value"] is None:
                    if expected["status"] != Status.TARGET_ACHIEVED:
                        self.assertIsNone(result.progress_value)
                elif (
                    expected["status"] != Status.TARGET_ACHIEVED
                    or result.progress_value is not None
                ):
                    self.assertTrue(
                        math.isclose(
                            result.progress_value, expected["progress_value"], rel_tol=1e-9
                        )
                    )


class IndicatorCaseTests(SimpleTestCase):
    def test_all_217_indicator_cases(self):
        series = {case["id"]: run_series(case) for case in CASES["series_cases"]}

        def resolve(members):
            return [series[m] if isinstance(m, str) else resolve(m["group"]) for m in members]

        self.assertEqual(len(CASES["indicator_cases"]), 217)
        for case in CASES["indicator_cases"]:
            with self.subTest(case=case["id"]):
                status, score = indicator_progress(resolve(case["members"]))
                self.assertEqual(status, case["expected"]["status"])
                if case["expected"]["score"] is None:
                    self.assertIsNone(score)
                else:
                    self.assertTrue(
                        math.isclose(score, case["expected"]["score"], rel_tol=1e-6, abs_tol=1e-6)
                    )


class EndToEndCaseTests(SimpleTestCase):
    def test_series_selected_from_raw_data(self):
        for case in CASES["e2e_cases"]:
            with self.subTest(case=case["id"]):
                if not case.get("data_csv"):
                    # Manual override: the configured status is shown as it is.
                    self.assertFalse(case["auto_progress_calculation"])
                    self.assertEqual(Status(case["progress_status"]), case["expected"]["status"])
                    continue
                (options,) = case["progress_calculation_options"]
                rows = list(csv.DictReader(io.StringIO(case["data_csv"])))
                wanted = {d["field"]: d["value"] for d in options.get("disaggregation", [])}
                group_columns = [c for c in rows[0] if c not in case["non_disaggregation_columns"]]
                values = {
                    int(r["Year"][:4]): float(r["Value"])
                    for r in rows
                    if r["Units"] == options["unit"]
                    and all((r[c] or "") == wanted.get(c, "") for c in group_columns)
                }
                result = progress_of_series(
                    values,
                    base_year=options["base_year"],
                    target=options.get("target"),
                    target_year=options.get("target_year", 2030),
                    direction=Direction(options["direction"]),
                    limit=options.get("limit"),
                )
                self.assertEqual(result.status, case["expected"]["status"])
