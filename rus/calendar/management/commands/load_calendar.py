from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rus.calendar.services_data import load_arshjul
from rus.lib.tabular import SourceError

DATA = Path(__file__).resolve().parents[2] / "data" / "arshjul.csv"


class Command(BaseCommand):
    help = "Load RUS's standard årshjul (rus/calendar/data/arshjul.csv); adds what is missing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            added = load_arshjul(DATA)
        except SourceError as exc:
            raise CommandError("\n".join(str(p) for p in exc.problems)) from None
        if added:
            self.stdout.write(f"Calendar: {added} events added to the årshjul.")
        else:
            self.stdout.write("Calendar: unchanged; nothing loaded.")
