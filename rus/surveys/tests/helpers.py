"""A survey like RUS's on working methods: 30 questions with three options, to the 21 county
boards; a known pattern of answers, with skipped questions."""

from typing import Any

from rus.contacts.models import Contact, Role
from rus.organisations.models import Organisation

OPTIONS = ["Genomfört", "På gång", "Ej aktuellt"]
CODES = ["genomfort", "pa-gang", "ej-aktuellt"]
QUESTIONS = 30
RESPONDENTS = 19  # of the 21 invited; two never answer


def definition(slug: str = "arbetssatt-2026", anonymous: bool = False) -> dict[str, Any]:
    return {
        "slug": slug,
        "series": "arbetssatt",
        "edition": 2026,
        "title": "Länsstyrelsernas arbetssätt för miljömålen",
        "anonymous": anonymous,
        "questions": [
            {
                "code": f"m{q + 1:02d}",
                "text": f"Arbetssätt {q + 1}: har länsstyrelsen infört det?",
                "kind": "single",
                "options": OPTIONS,
                "required": False,
            }
            for q in range(QUESTIONS)
        ],
    }


def choice(i: int, q: int) -> int | None:
    """The option respondent ``i`` chooses for question ``q``, or None for a skipped question.
    Questions 1, 11 and 21 are answered by eight, one of whom chooses the first option: 12.5 %,
    which half-up makes 13 where Python's round would make 12."""
    if q % 10 == 0:
        if i >= 9 or (i * 7 + q * 3) % 11 == 0:
            return None
        return 0 if i == 1 else 1 + (i % 2)
    if (i * 7 + q * 3) % 11 == 0:
        return None
    return (i + 2 * q) % 3


def expected_table() -> list[tuple[str, str, int, int, int]]:
    """(question, option, count, base, percent), computed here with exact fractions."""
    from fractions import Fraction

    rows = []
    for q in range(QUESTIONS):
        counts = [0, 0, 0]
        for i in range(RESPONDENTS):
            c = choice(i, q)
            if c is not None:
                counts[c] += 1
        base = sum(counts)
        for o in range(3):
            exact = Fraction(100 * counts[o], base)
            rounded = int(exact) + (1 if exact - int(exact) >= Fraction(1, 2) else 0)
            rows.append((f"m{q + 1:02d}", CODES[o], counts[o], base, rounded))
    return rows


def boards_with_contacts() -> list[Organisation]:
    role = Role.objects.get(key="miljomalssamordnare")
    boards = list(
        Organisation.objects.filter(kind=Organisation.Kind.COUNTY_BOARD).order_by("area__code")
    )
    for board in boards:
        contact = Contact.objects.create(
            organisation=board,
            name=f"Samordnare {board.area.name}",
            email=f"samordnare-{board.area.code}@example.org",
        )
        contact.roles.add(role)
    return boards
