from typing import Any

from django.core.management.base import BaseCommand

from rus.strategy import services


class Command(BaseCommand):
    help = "Create the plan templates rus ships with (those not there yet; edited ones are kept)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = services.load_plan_templates()
        if created:
            self.stdout.write(f"Plan templates: {created} created.")
        else:
            self.stdout.write("Plan templates: unchanged; nothing loaded.")
