"""A broken file of each kind gives messages naming its row and column, or a clear refusal,
through the service, the upload page and the command alike; never a 500, a traceback or
anything stored."""

import io
import tempfile
import zipfile
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from rus.areas.models import Area
from rus.indicators import services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator, Observation
from rus.lib.tabular import SourceError, read_table
from rus.test import BaseTestCase

MAPPING = ColumnMapping(area="kod", period="ar", value="varde", note="not")
HEADER = "kod,ar,not,varde\n"


def zip_bomb() -> bytes:
    """A 0.6 MB "workbook" whose sheet unpacks to 310 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"<c><v>0</v></c>" * 65536
            for _ in range((310 * 2**20) // len(chunk) + 1):
                sheet.write(chunk)
    return buffer.getvalue()


# Each case: file name, content, and what the reader of the messages must learn.
ROW_PROBLEMS = [
    (
        "minus.csv",
        HEADER + "0380,2020,,--1\n",
        "minus.csv, rad 2, kolumn varde: '--1' är inget tal",
    ),
    (
        "upphojt.csv",
        HEADER + "0380,2020,,²\n",
        "upphojt.csv, rad 2, kolumn varde: '²' är inget tal",
    ),
    (
        # A quoted note with a line break spans lines 2–3; the bad value after it is on line 4.
        "flerrad.csv",
        HEADER + '0380,2020,"rad ett\nrad två",5\n0381,2020,,fem\n',
        "flerrad.csv, rad 4, kolumn varde: 'fem' är inget tal",
    ),
    (
        # U+2028 inside a field is text, not a line break: the next record is line 3.
        "radseparator.csv",
        HEADER + "0380,2020,a\u2028b,5\n0381,2020,,x\n",
        "radseparator.csv, rad 3, kolumn varde: 'x' är inget tal",
    ),
    (
        "latin1.csv",
        (HEADER + "0380,2020,,5\n0381,2020,Göteborg,6\n").encode("latin-1"),
        "latin1.csv, rad 3: filen är inte UTF-8-kodad text",
    ),
]
REFUSALS = [
    ("bred.csv", ",".join(f"k{i}" for i in range(100_000)) + "\n", "100\u202f000 kolumner"),
    ("bomb.xlsx", zip_bomb(), "packas upp till 310 MB"),
    ("gammal.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "äldre Excel-arbetsbok (.xls)"),
    ("tom.csv", b"", "filen är tom"),
]


def data(content: str | bytes) -> bytes:
    return content.encode() if isinstance(content, str) else content


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="rus-media-"))
class BrokenFileTests(BaseTestCase):
    indicator: Indicator

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for code, name in (("0380", "Uppsala"), ("0381", "Enköping")):
            Area.objects.create(
                code=code, level="municipality", name=name, parent=cls.uppsala_county
            )
        cls.indicator = Indicator.objects.create(code="ghg", name_sv="Utsläpp", unit="t")

    def service_messages(self, name: str, content: str | bytes) -> str:
        try:
            plan, _batch = services.import_table(
                read_table(data(content), name), MAPPING, indicator=self.indicator
            )
        except SourceError as exc:
            return str(exc)
        return "\n".join(str(p) for p in plan.problems)

    def test_row_problems_name_the_true_line_and_column(self):
        for name, content, expected in ROW_PROBLEMS:
            with self.subTest(file=name):
                self.assertIn(expected, self.service_messages(name, content))
        self.assertEqual(Observation.objects.count(), 0)

    def test_refusals_say_why_before_reading_rows(self):
        for name, content, expected in REFUSALS:
            with self.subTest(file=name):
                with self.assertRaises(SourceError) as caught:
                    read_table(data(content), name)
                self.assertIn(expected, str(caught.exception))

    def test_the_line_break_and_the_line_separator_are_kept_in_the_text(self):
        text = HEADER + '0380,2020,"rad ett\nrad två",5\n0381,2020,a\u2028b,6\n'
        services.import_table(
            read_table(text.encode(), "ok.csv"), MAPPING, indicator=self.indicator
        )
        self.assertEqual(
            sorted(Observation.objects.values_list("area__code", "note", "value")),
            [("0380", "rad ett\nrad två", 5.0), ("0381", "a\u2028b", 6.0)],
        )

    def test_the_upload_page_never_answers_500(self):
        self.client.force_login(self.alice)
        mapping = {"area": "kod", "period": "ar", "value": "varde", "note": "not"}
        for name, content, expected in [*ROW_PROBLEMS, *REFUSALS]:
            with self.subTest(file=name):
                upload = SimpleUploadedFile(name, data(content))
                response = self.client.post(
                    reverse("indicators:import"), {"indicator": self.indicator.pk, "file": upload}
                )
                if response.status_code == 200:  # refused at upload, by name or for being empty
                    self.assertRegex(
                        response.content.decode(),
                        r'class="error"[^>]*>(Ladda upp en \.csv- eller \.xlsx-fil\.|Den skickade '
                        r"filen är tom\.)",
                    )
                    continue
                self.assertEqual(response.status_code, 302)
                page = self.client.post(
                    response["Location"], {**mapping, "action": "preview"}, follow=True
                )
                self.assertEqual(page.status_code, 200)
                self.assertIn(expected.replace("'", "&#x27;"), page.content.decode())
        self.assertEqual(Observation.objects.count(), 0)

    def test_the_command_reports_without_a_traceback(self):
        folder = Path(tempfile.mkdtemp(prefix="rus-files-"))
        for name, content, expected in [*ROW_PROBLEMS, *REFUSALS]:
            with self.subTest(file=name):
                path = folder / name
                path.write_bytes(data(content))
                errors = StringIO()
                with self.assertRaises(CommandError) as caught:
                    call_command(
                        "import_observations",
                        str(path),
                        indicator="ghg",
                        area="kod",
                        period="ar",
                        value="varde",
                        note="not",
                        stderr=errors,
                    )
                self.assertIn(expected, errors.getvalue() + str(caught.exception))
        self.assertEqual(Observation.objects.count(), 0)
