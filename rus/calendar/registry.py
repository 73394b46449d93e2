"""Dates that other parts own: a follow-up round's deadline, an indicator round's, an
enquiry's closing day, a survey's, a funding source's application deadline, a project's
status report. Each part registers a provider in its ``AppConfig.ready``; the calendar asks
them for the dates in a period, so that the date is kept in one place only — the record."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Entry:
    uid: str  # stable: "followup-round-2026-deadline"
    title: str
    day: date
    category: str  # one of calendar.models.Category
    url: str = ""
    description: str = ""
    public: bool = True
    # Which planned point of the årshjul this record replaces in its year (Event.replaced_by).
    kind: str = ""
    # Organisations it concerns (ids); empty: everyone who sees it.
    organisations: tuple[int, ...] = field(default_factory=tuple)


Provider = Callable[[date, date], list[Entry]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def entries(start: date, end: date) -> list[Entry]:
    """Every registered part's dates from ``start`` up to and including ``end``."""
    found: list[Entry] = []
    for provider in _providers:
        found += [e for e in provider(start, end) if start <= e.day <= end]
    return sorted(found, key=lambda e: (e.day, e.title))
