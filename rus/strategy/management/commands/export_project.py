import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.strategy import services
from rus.strategy.models import Project


class Command(BaseCommand):
    help = "Print a project as JSON (the format of import_project) with its computed totals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(slug=options["slug"]).first()
        if project is None:
            raise CommandError(f"There is no project “{options['slug']}”.")
        self.stdout.write(
            json.dumps(services.export_project(project), ensure_ascii=False, indent=2)
        )
