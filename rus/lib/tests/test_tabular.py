import io
import tempfile
from pathlib import Path

from django.test import SimpleTestCase
from openpyxl import Workbook

from rus.lib.tabular import Limits, SourceError, open_table, read_csv, read_table


def rows(table):
    return list(table.rows())


class CsvTests(SimpleTestCase):
    def test_the_delimiter_is_found(self):
        for delimiter in (",", ";", "\t", "|"):
            with self.subTest(delimiter=repr(delimiter)):
                text = f"kod{delimiter}värde\n0380{delimiter}15\n0381{delimiter}2\n"
                table = read_table(text.encode(), "x.csv")
                self.assertEqual(table.header, ["kod", "värde"])
                self.assertEqual(rows(table), [(2, ["0380", "15"]), (3, ["0381", "2"])])

    def test_a_semicolon_file_keeps_its_decimal_commas(self):
        text = "kod;värde\n0380;1,5\n0381;2,25\n"
        self.assertEqual(
            rows(read_table(text.encode(), "x.csv")), [(2, ["0380", "1,5"]), (3, ["0381", "2,25"])]
        )

    def test_quoted_line_breaks_keep_their_text_and_the_line_numbers_stay_true(self):
        text = 'a,b\n1,"x\r\ny"\n2,"p\nq\nr"\n3,z\n'
        self.assertEqual(
            rows(read_table(text.encode(), "x.csv")),
            [(2, ["1", "x\r\ny"]), (4, ["2", "p\nq\nr"]), (7, ["3", "z"])],
        )

    def test_characters_that_splitlines_would_split_on_are_text(self):
        for char in ("\u2028", "\u2029", "\x1c", "\x1d", "\x1e", "\x85", "\x0b", "\x0c"):
            with self.subTest(char=repr(char)):
                text = f"a,b\n1,x{char}y\n2,z\n"
                self.assertEqual(
                    rows(read_table(text.encode(), "x.csv")),
                    [(2, ["1", f"x{char}y"]), (3, ["2", "z"])],
                )

    def test_a_byte_order_mark_and_blank_lines_and_stray_spaces(self):
        text = "\ufeffa,b\n\n 1 , 2 \n,\n3,4\n"
        table = read_table(text.encode(), "x.csv")
        self.assertEqual(table.header, ["a", "b"])
        self.assertEqual(rows(table), [(3, ["1", "2"]), (5, ["3", "4"])])

    def test_a_header_naming_a_column_twice_is_refused(self):
        with self.assertRaisesMessage(SourceError, "kolumn 1 och 3"):
            read_table(b"a,b,a\n1,2,3\n", "x.csv")

    def test_a_wrong_encoding_names_its_line(self):
        data = "a\nett\ntvå\n".encode() + "tre\nfyra\nmåne\n".encode("latin-1")
        with self.assertRaisesMessage(SourceError, "x.csv, rad 6: filen är inte UTF-8"):
            rows(read_table(data, "x.csv"))
        # Far down a long file, the fault is found while the rows are read.
        long = b"a\n" + b"1\n" * 10_000 + "måne\n".encode("latin-1")
        table = read_table(long, "y.csv")
        with self.assertRaisesMessage(SourceError, "y.csv, rad 10002: filen är inte UTF-8"):
            rows(table)

    def test_an_unclosed_quote_is_refused_with_its_line(self):
        data = b'a,b\n1,2\n3,"' + b"x" * 2_000 + b"\n"
        with self.assertRaises(SourceError) as caught:
            rows(read_table(data, "x.csv", Limits(max_line_bytes=100)))
        self.assertIn("rad 3", str(caught.exception))

    def test_row_limit(self):
        with self.assertRaisesMessage(SourceError, "fler än 2 rader"):
            rows(read_table(b"a\n1\n2\n3\n", "x.csv", Limits(max_rows=2)))

    def test_rows_can_be_read_again_and_a_sample_reads_only_the_start(self):
        table = read_table(b"a\n1\n2\n3\n", "x.csv")
        self.assertEqual(table.sample(2), [(2, ["1"]), (3, ["2"])])
        self.assertEqual(len(rows(table)), 3)
        self.assertEqual(len(rows(table)), 3)

    def test_a_file_on_disk_is_streamed_and_a_missing_file_named(self):
        folder = Path(tempfile.mkdtemp())
        (folder / "x.csv").write_text("a;b\n1;2\n", encoding="utf-8")
        self.assertEqual(rows(open_table(folder / "x.csv", "x.csv")), [(2, ["1", "2"])])
        with self.assertRaisesMessage(SourceError, "saknas.csv: filen saknas"):
            open_table(folder / "saknas.csv", "saknas.csv")


class ExcelTests(SimpleTestCase):
    def workbook(self, cells) -> bytes:
        book = Workbook()
        sheet = book.active
        for row in cells:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def test_rows_carry_their_excel_row_number_and_values_read_as_text(self):
        data = self.workbook(
            [["kod", "år", "värde", None], ["0380", 2020, 10.5], [], ["0381", 2021, 3.0]]
        )
        table = read_table(data, "x.xlsx")
        self.assertEqual(table.header, ["kod", "år", "värde"])
        self.assertEqual(rows(table), [(2, ["0380", "2020", "10.5"]), (4, ["0381", "2021", "3"])])

    def test_text_that_looks_like_a_formula_is_read_as_text(self):
        book = Workbook()
        sheet = book.worksheets[0]
        sheet.append(["a"])
        sheet["A2"] = "=1+1"
        sheet["A2"].data_type = "s"
        buffer = io.BytesIO()
        book.save(buffer)
        self.assertEqual(rows(read_table(buffer.getvalue(), "x.xlsx")), [(2, ["=1+1"])])

    def test_a_damaged_workbook_is_refused(self):
        with self.assertRaisesMessage(SourceError, "ingen läsbar Excel-arbetsbok"):
            read_table(b"PK\x03\x04 not really a zip", "x.xlsx")

    def test_cell_limit(self):
        data = self.workbook([["a", "b"], *[[i, i] for i in range(10)]])
        with self.assertRaisesMessage(SourceError, "fler än 10 celler"):
            rows(read_table(data, "x.xlsx", Limits(max_cells=10)))


class SmallFileTests(SimpleTestCase):
    def test_every_missing_column_and_bad_row_is_reported_at_once(self):
        folder = Path(tempfile.mkdtemp())
        (folder / "x.csv").write_text("a,b\n1\n2,3\n4,5,6\n", encoding="utf-8")
        with self.assertRaisesMessage(SourceError, "kolumn c: rubrikraden saknar"):
            list(read_csv(folder / "x.csv", "x.csv", ("a", "c")))
        with self.assertRaises(SourceError) as caught:
            list(read_csv(folder / "x.csv", "x.csv", ("a", "b")))
        self.assertEqual([p.line for p in caught.exception.problems], [2, 4])
