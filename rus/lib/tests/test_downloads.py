"""A coordinator's text that a spreadsheet would run as a formula stays text in every
download: CSV (both dialects) and Excel."""

import csv
import io

from django.test import SimpleTestCase
from openpyxl import load_workbook

from rus.lib.downloads import table_response

HOSTILE = ['=HYPERLINK("http://evil.example","klicka")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]


class FormulaTests(SimpleTestCase):
    def test_csv_cells_never_start_a_formula(self):
        for kind, delimiter in (("csv", ","), ("excel-csv", ";")):
            body = table_response("t", "T", ["text"], [[v] for v in HOSTILE], kind).content
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))
            with self.subTest(kind=kind):
                self.assertEqual([r[0] for r in rows[1:]], ["'" + v for v in HOSTILE])

    def test_excel_cells_are_text_not_formulas(self):
        body = table_response("t", "T", ["text"], [[v] for v in HOSTILE], "xlsx").content
        sheet = load_workbook(io.BytesIO(body)).active
        assert sheet is not None
        cells = [sheet.cell(row=i + 2, column=1) for i in range(len(HOSTILE))]
        self.assertEqual([c.data_type for c in cells], ["s"] * len(HOSTILE))
        self.assertEqual([c.value for c in cells], HOSTILE)

    def test_numbers_stay_numbers(self):
        body = table_response("t", "T", ["n"], [[-5], [1.5]], "xlsx").content
        sheet = load_workbook(io.BytesIO(body)).active
        assert sheet is not None
        self.assertEqual([sheet["A2"].value, sheet["A3"].value], [-5, 1.5])
