"""Personal data across apps, for GDPR access and erasure requests.

Each app that keeps data about people registers how to export it and how to erase it; the
contacts app runs them all for one person. A lower app never has to know the higher ones
that hold personal data (the outbox's deliveries, survey invitations, measure contacts).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Person:
    """Who a request is about: the address, and the ids rus knows them by."""

    email: str
    persons: list[str] = field(default_factory=list)  # "contact:12", "user:5"
    names: set[str] = field(default_factory=set)


Exporter = Callable[[Person], Any]
Eraser = Callable[[Person], int]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register(name: str, *, export: Exporter | None = None, erase: Eraser | None = None) -> None:
    if export is not None:
        _exporters[name] = export
    if erase is not None:
        _erasers[name] = erase


def export(person: Person) -> dict[str, Any]:
    return {name: exporter(person) for name, exporter in sorted(_exporters.items())}


def erase(person: Person) -> dict[str, int]:
    """Run every registered eraser; returns how many rows each changed."""
    return {name: eraser(person) for name, eraser in sorted(_erasers.items())}
