from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load everything `make run` needs from RUS_DATA_DIR in one process: reference data, "
        "indicator data and the follow-up history. Each part skips files it has already loaded."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in (
            "load_reference_data",
            "load_indicator_data",
            "load_followup_history",
            "load_calendar",
            "load_plan_templates",
        ):
            call_command(name, stdout=self.stdout, stderr=self.stderr)
