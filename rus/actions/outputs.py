"""What action programmes look like outside a page: the chart of shares and the import
template for download."""

import io

from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from rus.actions.models import Sector
from rus.actions.selectors import Figures, status_label
from rus.actions.services import ACTOR_KINDS, IMPORT_COLUMNS, status_words
from rus.lib.charts import Bar, stacked_bars


def share_chart(figures: Figures) -> SafeString:
    """Measures by status, all and per objective, as shares; the page has the table."""
    rows = [figures.overall, *figures.by_objective]
    bars = [
        Bar(b.label, [(status_label(k), s or 0) for k, _n, s in b.cells() if b.total])
        for b in rows
        if b.total
    ]
    svg = stacked_bars(
        bars,
        title=_("Measures by status"),
        description=_(
            "Share of the measures per status, for all measures and per objective. The same "
            "figures are in the table."
        ),
        chart_id=f"shares-{figures.programme.pk}",
    )
    return mark_safe(svg)  # noqa: S308  (drawn by rus from numbers and escaped labels)


def import_template_response() -> HttpResponse:
    """An Excel template: the headings, two example rows, and a sheet that explains each
    column and its allowed values."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Åtgärder"
    headings = [aliases[0] for _label, _required, aliases in IMPORT_COLUMNS.values()]
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            "1.1",
            "Kartlägg gröna kilar i tätorterna",
            "Kartläggning av gröna kilar som underlag för planeringen.",
            "Uppsala kommun",
            "",
            "Länsstyrelsen i Uppsala län",
            "Anna Andersson",
            "anna.andersson@example.org",
            "15, 16",
            "Bebyggelse och planering",
            "2025",
            "2027",
            "250 000",
            "Kommunens budget",
            "påbörjad",
        ][: len(headings)]
    )
    sheet.append(
        [
            "1.2",
            "Laddinfrastruktur vid pendlarparkeringar",
            "",
            "Elbolaget AB",
            "företag",
            "",
            "",
            "",
            "2",
            "Transporter",
            "2026",
            "2028",
            "",
            "Klimatklivet",
            "ej påbörjad",
        ][: len(headings)]
    )
    guide = book.create_sheet("Instruktioner")
    guide.append(["Kolumn", "Obligatorisk", "Innehåll"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    explanations = {
        "code": "Åtgärdens nummer i programmet; en rad per åtgärd, samma kod uppdaterar åtgärden.",
        "title": "Åtgärdens rubrik.",
        "description": "Vad åtgärden går ut på.",
        "lead": "Ansvarig aktör: kommunens, länsstyrelsens eller organisationens namn, "
        "t.ex. Uppsala kommun.",
        "lead_kind": "Bara för en aktör som inte finns i rus: " + ", ".join(ACTOR_KINDS) + ".",
        "participants": "Medverkande aktörer, åtskilda med semikolon.",
        "contact_name": "Kontaktperson hos den ansvariga aktören; får länken till den årliga "
        "uppföljningen.",
        "contact_email": "Kontaktpersonens e-postadress.",
        "goals": "Miljömålens nummer (1–16), åtskilda med komma.",
        "sector": "En av: " + ", ".join(s.name_sv for s in Sector.objects.all()) + ".",
        "starts": "Startår, t.ex. 2025.",
        "ends": "Slutår.",
        "cost": "Beräknad kostnad i kronor, t.ex. 250 000.",
        "funding": "Hur åtgärden finansieras.",
        "status": "En av: " + status_words() + " (tomt = ej påbörjad).",
    }
    for name, (_label, required, aliases) in IMPORT_COLUMNS.items():
        guide.append([aliases[0], "ja" if required else "nej", explanations.get(name, "")])
    for ws, widths in (
        (sheet, [8, 40, 40, 28, 14, 28, 20, 28, 12, 24, 8, 8, 12, 20, 14]),
        (guide, [16, 12, 90]),
    ):
        for i, w in enumerate(widths):
            ws.column_dimensions[chr(65 + i)].width = w
    data = io.BytesIO()
    book.save(data)
    response = HttpResponse(
        data.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mall-atgardsprogram.xlsx"'
    return response
