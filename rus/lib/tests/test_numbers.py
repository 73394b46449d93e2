from decimal import Decimal

from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.utils import translation

from rus.lib.numbers import format_number, format_plain, parse_decimal, parse_number

# (typed, the number meant) — None where the text is not one number.
CASES = [
    ("1350000.5", 1350000.5),
    ("1350000,5", 1350000.5),
    ("1 350 000,5", 1350000.5),
    ("1\u00a0350\u00a0000,5", 1350000.5),  # no-break spaces, as Excel writes them
    ("1\u202f350\u202f000,5", 1350000.5),  # narrow no-break spaces, as rus shows them
    ("−12,5", -12.5),  # the typographic minus
    ("-12.5", -12.5),
    ("+3", 3.0),
    (" 7 ", 7.0),
    (".5", 0.5),
    ("5.", 5.0),
    ("1e5", 100000.0),
    ("2,5E-3", 0.0025),
    ("0", 0.0),
    ("--1", None),
    ("²", None),
    ("١٢", None),  # Arabic-Indic digits are digits to Python, not to a Swedish official
    ("1,350,000.5", None),  # comma grouping would make "1,350" ambiguous
    ("1.350.000,5", None),
    ("12 34", None),  # groups of three only
    ("12  345", None),
    ("1 350 000e3", None),
    ("1e999", None),
    ("1e-999", None),
    ("inf", None),
    ("nan", None),
    ("abc", None),
    ("", None),
]


class ParseTests(SimpleTestCase):
    def test_every_case(self):
        for text, expected in CASES:
            with self.subTest(text=text):
                self.assertEqual(parse_number(text), expected)
                decimal = parse_decimal(text)
                self.assertEqual(None if decimal is None else float(decimal), expected)

    def test_decimals_are_exact(self):
        self.assertEqual(parse_decimal("0,1"), Decimal("0.1"))
        self.assertEqual(parse_decimal("2 000 000"), Decimal("2000000"))


class FormatTests(SimpleTestCase):
    def test_swedish_and_english(self):
        with translation.override("sv"):
            self.assertEqual(format_number(1350000.5, 1), "1\u202f350\u202f000,5")
            self.assertEqual(format_number(-0.25), "\u22120,2500")
            self.assertEqual(format_number(404589.0), "404\u202f589")
        with translation.override("en"):
            self.assertEqual(format_number(1350000.5, 1), "1,350,000.5")
            self.assertEqual(format_number(-0.25), "-0.2500")
        self.assertEqual(format_number(None), "–")
        self.assertEqual(format_number(float("nan")), "–")
        self.assertEqual(format_number(-0.0001, 1, language="sv"), "0,0")  # no "−0,0"

    def test_what_is_shown_is_read_back(self):
        for value in (1350000.5, -12.25, 0.0005, 404589.0):
            for language in ("sv", "en"):
                with self.subTest(value=value, language=language):
                    shown = format_number(value, 4, language=language)
                    if language == "en":
                        shown = shown.replace(",", "")
                    self.assertAlmostEqual(parse_number(shown), value, places=4)

    def test_plain(self):
        self.assertEqual(format_plain(5.0), "5")
        self.assertEqual(format_plain(1350000.5), "1350000.5")
        self.assertEqual(format_plain(None), "")


class PercentTests(SimpleTestCase):
    def test_half_up_where_round_would_go_to_even(self):
        from rus.lib.numbers import percent

        cases = [
            (1, 8, 13),
            (3, 8, 38),
            (5, 8, 63),
            (1, 40, 3),
            (1, 200, 1),
            (0, 5, 0),
            (5, 5, 100),
        ]
        for part, whole, expected in cases:
            with self.subTest(part=part, whole=whole):
                self.assertEqual(percent(part, whole), expected)
        self.assertIsNone(percent(0, 0))
        # What Python's round gives for the same, to show why it is not used.
        self.assertEqual(round(100 * 1 / 8), 12)


# Edges where the database's float conversion and Python's could part ways.
SQL_EDGES = [
    ("1e-310", 1e-310),  # subnormal: a float, just
    ("2e-324", None),  # rounds to zero: not the number written
    ("1.7976931348623159e308", None),  # rounds to infinity
    ("0e500", 0.0),
    ("\u00a0 5\u2003", 5.0),  # white space of every kind around the number
    ("1 234 567.5", 1234567.5),
    ("12345678901234567890", 12345678901234567890.0),
    ("0.000000000000000000001", 1e-21),
    ("−0", -0.0),
    ("+.5", 0.5),
    ("5,", 5.0),
    ("1,5e3", 1500.0),
    ("0x1A", None),
    ("1_000", None),
    ("  ", None),
    # The plain-number shortcut: each of these must fall through to the full rules.
    ("-", None),
    (".", None),
    ("-.", None),
    ("1-2", None),
    ("1.2.3", None),
    ("--5", None),
    ("-.5", -0.5),
    ("007", 7.0),
    ("1" * 30, float("1" * 30)),
    ("1" * 400, None),  # past what a float holds
    ("0." + "0" * 400 + "1", None),  # rounds to zero
]


class SqlTwinTests(TestCase):
    def test_the_database_parses_every_case_as_python_does(self):
        with connection.cursor() as cursor:
            for text, expected in [*CASES, *SQL_EDGES]:
                with self.subTest(text=text):
                    cursor.execute("SELECT rus_number(%s)", [text])
                    found = cursor.fetchone()[0]
                    self.assertEqual(found, expected)
                    self.assertEqual(parse_number(text), expected)
