"""A programme of 50 measures owned by 10 actors in Uppsala län, as a county keeps it in Excel."""

import io
import re
from typing import Any

from openpyxl import Workbook

from rus.lib.tabular import read_table

MUNICIPALITIES = [
    "Enköpings kommun",
    "Heby kommun",
    "Håbo kommun",
    "Knivsta kommun",
    "Tierps kommun",
    "Uppsala kommun",
    "Älvkarleby kommun",
    "Östhammars kommun",
]
# Eight municipalities, the county board and a company that rus does not know yet.
ACTORS = [*MUNICIPALITIES, "Länsstyrelsen i Uppsala län", "Upplands Energi AB"]
SECTORS = [
    "Transporter",
    "Energi",
    "Jordbruk",
    "Bebyggelse och planering",
    "Naturvård och friluftsliv",
]
HEADER = [
    "Kod",
    "Åtgärd",
    "Beskrivning",
    "Ansvarig",
    "Aktörstyp",
    "Medverkande",
    "Kontaktperson",
    "E-post",
    "Miljömål",
    "Sektor",
    "Startår",
    "Slutår",
    "Kostnad",
    "Status",
]


def contact_of(actor: str) -> str:
    return f"kontakt{ACTORS.index(actor)}@example.org"


def rows(count: int = 50) -> list[list[Any]]:
    result = []
    for n in range(count):
        lead = ACTORS[n % len(ACTORS)]
        result.append(
            [
                f"{n // 10 + 1}.{n % 10 + 1}",
                f"Åtgärd nummer {n + 1}",
                f"Beskrivning av åtgärd {n + 1}.",
                lead,
                "företag" if lead == "Upplands Energi AB" else "",
                # Every fifth measure has the county board taking part too.
                "Länsstyrelsen i Uppsala län" if n % 5 == 0 and lead != ACTORS[8] else "",
                f"Person {ACTORS.index(lead)}",
                contact_of(lead),
                f"{n % 16 + 1}, {(n + 3) % 16 + 1}",
                SECTORS[n % len(SECTORS)],
                2025,
                2028,
                f"{(n + 1) * 10000}",
                "ej påbörjad",
            ]
        )
    return result


def workbook(data: list[list[Any]], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table(data: list[list[Any]] | None = None, name: str = "program.xlsx") -> Any:
    return read_table(workbook(rows() if data is None else data), name)


def columns() -> dict[str, str]:
    """The mapping as the guesses make it (checked by a test of its own)."""
    from rus.actions.forms import ImportMappingForm

    return {name: field.initial for name, field in ImportMappingForm(header=HEADER).fields.items()}


LINK = re.compile(r"https?://\S+/atgarder/rapportera/\S+/")


def link_in(mail: Any) -> str:
    found = LINK.search(mail.get_content())
    assert found, mail.get_content()
    return found.group(0)
