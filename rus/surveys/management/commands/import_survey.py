import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.surveys import services


class Command(BaseCommand):
    help = "Create or update a survey from a JSON definition (slug, title, questions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path.name}, line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        try:
            survey, created = services.import_definition(data, label=path.name)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        verb = "created" if created else "updated"
        self.stdout.write(f"{survey.slug}: {verb}, {survey.questions.count()} questions.")
