from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.lib.tabular import SourceError
from rus.referencedata.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load areas, objectives, SDGs, organisations and applicability from RUS_DATA_DIR. "
        "Unchanged files are not loaded again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, help="Default: the RUS_DATA_DIR setting.")
        parser.add_argument(
            "--force", action="store_true", help="Load even if no file has changed."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["data_dir"] or settings.RUS_DATA_DIR
        try:
            report = load_reference_data(data_dir=data_dir, force=options["force"])
        except SourceError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Reference data not loaded ({len(exc.problems)} problem(s)); "
                "the database is unchanged."
            ) from exc
        if report.skipped:
            self.stdout.write(f"Reference data in {data_dir} is unchanged; nothing loaded.")
            return
        for name, counts in report.counts.items():
            self.stdout.write(f"{name}: {counts}")
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded from {data_dir}."))
