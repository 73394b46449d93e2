from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.indicators.reference import load_indicator_data
from rus.lib.tabular import SourceError


class Command(BaseCommand):
    help = (
        "Import SMHI emissions and SCB population from RUS_DATA_DIR "
        "and derive per-inhabitant values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="Import even if no file has changed."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = options["data_dir"] or settings.RUS_DATA_DIR
        try:
            report = load_indicator_data(data_dir=data_dir)
        except SourceError as exc:
            for problem in exc.problems[:200]:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Indicator data not imported ({len(exc.problems)} problem(s)); nothing was stored."
            ) from exc
        if report.skipped:
            self.stdout.write("Indicator source files are unchanged; nothing imported.")
            return
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Indicator data imported."))
