from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.followup.services import HISTORY_FILE, import_history
from rus.lib.tabular import SourceError
from rus.referencedata.services import checksums, record_sources, sources_unchanged


class Command(BaseCommand):
    help = "Import the published regional assessments of earlier years (when the file is present)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help=f"Default: RUS_DATA_DIR/{HISTORY_FILE}")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"] or settings.RUS_DATA_DIR / HISTORY_FILE
        if not path.is_file():
            self.stdout.write(f"No history file at {path}; nothing imported.")
            return
        sums = checksums(path.parent, (path.name,))
        if not options["file"] and sources_unchanged({HISTORY_FILE: sums[path.name]}):
            self.stdout.write("The assessment history is unchanged; nothing imported.")
            return
        try:
            report = import_history(path=path, label=str(path.name))
        except SourceError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError("The history was not imported; the database is unchanged.") from exc
        if not options["file"]:
            record_sources({HISTORY_FILE: sums[path.name]})
        self.stdout.write(
            f"History: {report.rounds} new rounds, {report.assessments} assessments stored, "
            f"{report.unchanged} unchanged."
        )
