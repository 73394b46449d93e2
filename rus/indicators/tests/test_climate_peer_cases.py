"""Every case in shared/data/peer/klimatkollen_cases.json, read as it is."""

import json
import math
from datetime import date

from django.conf import settings
from django.test import SimpleTestCase

from rus.indicators import climate

CASES = {
    c["id"]: c
    for c in json.loads((settings.RUS_DATA_DIR / "peer" / "klimatkollen_cases.json").read_text())[
        "cases"
    ]
}


def close(a: float, b: float, decimals: int = 4) -> bool:
    return round(a, decimals) == round(b, decimals)


class KlimatkollenCaseTests(SimpleTestCase):
    def test_all_cases_are_covered(self):
        covered = {
            "trend.extract_years",
            "trend.prediction_years",
            "trend.norrkoping",
            "trend.regression_linear",
            "trend.zero_floor",
            "trend.total_single",
            "trend.total_multi",
            "carbon_law.latest_value",
            "carbon_law.path",
            "carbon_law.sum_of_given_dict",
            "carbon_law.e2e_toy",
            "historical_change_percent.ostersund",
            "hit_net_zero",
            "meets_paris",
            "e2e.ale",
            "e2e.aneby",
        }
        self.assertEqual(set(CASES), covered)

    def test_years(self):
        c = CASES["trend.extract_years"]
        years = climate.trend_years(c["input"]["columns"], c["input"]["cutoff_year"])
        self.assertEqual(
            (years, years[-1]), (c["expected"]["years"], c["expected"]["last_data_year"])
        )
        c = CASES["trend.prediction_years"]
        approx, trend = climate.prediction_years(**c["input"])
        self.assertEqual(
            (approx, trend), (c["expected"]["approximated_years"], c["expected"]["trend_years"])
        )

    def test_norrkoping(self):
        c = CASES["trend.norrkoping"]
        i = c["input"]
        result = climate.emission_trend(
            {int(y): v for y, v in i["emissions"].items()},
            current_year=i["current_year"],
            end_year=i["end_year"],
            cutoff_year=i["cutoff_year"],
        )
        self.assertTrue(close(result.approximated[2025], c["expected"]["approximated_2025"]))
        self.assertTrue(close(result.approximated[2029], c["expected"]["approximated_2029"]))
        self.assertTrue(close(result.trend[2034], c["expected"]["trend_2034"]))

    def test_linear_regression(self):
        c = CASES["trend.regression_linear"]
        i = c["input"]
        slope, intercept = climate.lad_fit(i["x_hist"], i["emissions"])
        self.assertTrue(close(slope, c["expected"]["slope"]))
        self.assertEqual(
            [round(intercept + slope * x, 4) for x in i["x_approx"]],
            c["expected"]["preds_approximated"],
        )
        self.assertEqual(
            [round(intercept + slope * x, 4) for x in i["x_trend"]], c["expected"]["preds_trend"]
        )
        self.assertTrue(close(i["emissions"][-1] - intercept, c["expected"]["shift"]))

    def test_floor_and_totals(self):
        c = CASES["trend.zero_floor"]
        self.assertEqual(climate.floor_at_zero(c["input"]), c["expected"])
        c = CASES["trend.total_single"]
        self.assertEqual(sum(c["input"].values()), c["expected"]["total_trend"])
        c = CASES["trend.total_multi"]
        self.assertEqual([sum(r.values()) for r in c["input"]], c["expected"]["total_trend"])

    def test_carbon_law(self):
        c = CASES["carbon_law.latest_value"]
        self.assertEqual(
            climate.latest_emission(c["input"]["row"], c["input"]["current_year"]),
            c["expected"]["latest_emission"],
        )
        c = CASES["carbon_law.path"]
        i = c["input"]
        path = climate.carbon_law_path(
            i["start_emission"], i["start_year"], i["end_year"], i["reduction_rate"]
        )
        for year, value in c["expected"].items():
            self.assertTrue(close(path[int(year)], value), year)
        c = CASES["carbon_law.sum_of_given_dict"]
        self.assertEqual(sum(c["input"]["values_2025_to_2040"]), c["expected"]["total"])
        c = CASES["carbon_law.e2e_toy"]
        i = c["input"]
        trend = climate.emission_trend(
            {int(y): v for y, v in i["emissions"].items()},
            current_year=i["current_year"],
            end_year=i["end_year"],
            cutoff_year=i["cutoff_year"],
        )
        path = climate.carbon_law_path(
            trend.approximated[i["current_year"]],
            i["current_year"],
            i["end_year"],
            i["reduction_rate"],
        )
        self.assertTrue(close(sum(path.values()), c["expected"]["totalCarbonLawPath"]))

    def test_historical_change_net_zero_paris(self):
        c = CASES["historical_change_percent.ostersund"]
        emissions = {int(y): v for y, v in c["input"]["emissions"].items()}
        value = climate.historical_change_percent(emissions, c["input"]["last_year"])
        self.assertEqual(round(value, 2), c["expected"]["historicalEmissionChangePercent"])
        c = CASES["hit_net_zero"]
        year = c["input"]["current_year"]
        got = [
            climate.net_zero_date(year, r[f"approximated_{year}"], r["slope"])
            for r in c["input"]["rows"]
        ]
        self.assertEqual([d.isoformat() if d else None for d in got], c["expected"]["hit_net_zero"])
        c = CASES["meets_paris"]
        self.assertEqual(
            [climate.meets_paris(r["total_trend"], r["totalCarbonLawPath"]) for r in c["input"]],
            c["expected"]["meetsParisGoal"],
        )

    def test_ale_and_aneby_end_to_end(self):
        for case_id in ("e2e.ale", "e2e.aneby"):
            with self.subTest(case=case_id):
                c = CASES[case_id]
                i, e = c["input"], c["expected"]
                emissions = {int(y): v for y, v in i["emissions_t_co2e"].items()}
                trend = climate.emission_trend(
                    emissions,
                    current_year=i["current_year"],
                    end_year=i["end_year"],
                    cutoff_year=i["cutoff_year"],
                )
                checks = {f"approximated_{y}": v for y, v in trend.approximated.items()}
                checks |= {f"trend_{y}": v for y, v in trend.trend.items()}
                checks["trend_emissions_slope"] = trend.slope
                checks["total_trend"] = trend.total
                last = i["last_year_with_smhi_data"]
                checks["historicalEmissionChangePercent"] = climate.historical_change_percent(
                    emissions, last
                )
                path = climate.carbon_law_path(
                    trend.approximated[i["current_year"]],
                    i["current_year"],
                    i["end_year"],
                    i["carbon_law_reduction_rate"],
                )
                checks["totalCarbonLawPath"] = sum(path.values())
                for key, expected in e.items():
                    if key in ("hit_net_zero", "meetsParisGoal"):
                        continue
                    with self.subTest(key=key):
                        self.assertTrue(
                            math.isclose(checks[key], expected, rel_tol=1e-6, abs_tol=1e-6),
                            (key, checks[key], expected),
                        )
                net_zero = climate.net_zero_date(last, emissions[last], trend.slope)
                self.assertEqual(net_zero, date.fromisoformat(e["hit_net_zero"]))
                self.assertEqual(
                    climate.meets_paris(trend.total, checks["totalCarbonLawPath"]),
                    e["meetsParisGoal"],
                )
