from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rus.demo.services import demo_load
from rus.organisations.models import Organisation


class Command(BaseCommand):
    help = "Create the demo users (once) and print their logins. For local use, never production."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo users are only created when DEBUG is on.")
        if not Organisation.objects.filter(key="rus").exists():
            raise CommandError("Load the reference data first (manage.py load_reference_data).")
        logins = demo_load(credentials_file=settings.VAR_DIR / "demo-password.txt")
        self.stdout.write("Demo logins (password is the same for all):")
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.role} – {login.organisation}")
        self.stdout.write(self.style.SUCCESS(f"  password: {logins[0].password}"))
