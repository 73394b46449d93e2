"""The update form and the file import accept and refuse exactly the same number strings."""

from rus.areas.models import Area
from rus.indicators import services
from rus.indicators.forms import RoundValueForm
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator, Observation
from rus.lib.tabular import Table
from rus.lib.tests.test_numbers import CASES
from rus.test import BaseTestCase


class SameNumbersEverywhereTests(BaseTestCase):
    def test_form_and_import_agree_on_every_case(self):
        Area.objects.create(
            code="0380", level="municipality", name="Uppsala", parent=self.uppsala_county
        )
        indicator = Indicator.objects.create(code="x", name_sv="X", unit="st")
        cases = [(text, expected) for text, expected in CASES if text.strip()]
        # One file with one row per case, each in its own year so that none is a duplicate.
        rows = [(line, ["0380", str(2000 + line), text]) for line, (text, _e) in enumerate(cases)]
        mapping = ColumnMapping(area="kod", period="ar", value="varde")
        plan = services.plan_import(
            Table.from_rows("tal.csv", ["kod", "ar", "varde"], rows), mapping, indicator=indicator
        )
        refused = {p.line for p in plan.problems}
        # The accepted ones, imported on their own, are stored as the numbers meant.
        accepted = [row for row in rows if row[0] not in refused]
        services.import_table(
            Table.from_rows("tal.csv", ["kod", "ar", "varde"], accepted),
            mapping,
            indicator=indicator,
        )
        stored = dict(Observation.objects.values_list("year", "value"))
        for line, (text, expected) in enumerate(cases):
            with self.subTest(text=text):
                form = RoundValueForm({"period": "2025", "value": text, "flag": ""})
                if expected is None:
                    self.assertIn(line, refused)
                    self.assertFalse(form.is_valid())
                    self.assertIn("Ange ett tal", str(form.errors["value"]))
                else:
                    self.assertEqual(stored[2000 + line], expected)
                    self.assertTrue(form.is_valid(), form.errors)
                    self.assertEqual(form.cleaned_data["value"], expected)
