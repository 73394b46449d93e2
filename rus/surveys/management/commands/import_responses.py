from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.lib.tabular import SourceError, open_table
from rus.surveys import services
from rus.surveys.models import Survey


class Command(BaseCommand):
    help = (
        "Import answers (CSV or Excel): one row per respondent, an optional organisation "
        "column, one column per question code; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        survey = Survey.objects.filter(slug=options["slug"]).first()
        if survey is None:
            raise CommandError(f"No survey {options['slug']}")
        path: Path = options["file"]
        try:
            report = services.import_responses(survey, open_table(path, path.name))
        except SourceError as exc:
            raise CommandError("\n".join(str(p) for p in exc.problems)) from None
        self.stdout.write(f"{survey.slug}: {report.rows} responses imported.")
