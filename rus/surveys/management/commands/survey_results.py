import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.surveys import selectors
from rus.surveys.models import Survey


class Command(BaseCommand):
    help = "Print a survey's aggregate table as CSV: question,option,count,base,percent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = Survey.objects.filter(slug=options["slug"]).first()
        if survey is None:
            raise CommandError(f"No survey {options['slug']}")
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["question", "option", "count", "base", "percent"])
        for row in selectors.results(survey, show_texts=False).table():
            writer.writerow(["" if v is None else v for v in row])
