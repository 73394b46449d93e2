from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rus.demo.services import (
    demo_actor_link,
    demo_contacts,
    demo_load,
    demo_newsletter,
    demo_programme,
    demo_strategy,
    demo_support,
    demo_survey,
    demo_work,
)
from rus.organisations.models import Organisation


class Command(BaseCommand):
    help = "Create the demo users (once) and print their logins. For local use, never production."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo users are only created when DEBUG is on.")
        if not Organisation.objects.filter(key="rus").exists():
            raise CommandError("Load the reference data first (manage.py load_reference_data).")
        logins = demo_load(credentials_file=settings.VAR_DIR / "demo-password.txt")
        year = timezone.localdate().year
        if demo_work(year=year):
            self.stdout.write(f"Demo work created: the follow-up {year} and an indicator round.")
        if demo_contacts():
            self.stdout.write("Demo contacts created: RUS's contact lists at every county board.")
        if demo_newsletter():
            self.stdout.write("Demo newsletter: one issue sent (mail in var/mail/), one draft.")
        if demo_programme():
            self.stdout.write("Demo action programme for Uppsala län, this year's reporting open.")
        if demo_survey():
            self.stdout.write("Demo survey: last year's published, this year's open (8 of 21).")
        if demo_support():
            self.stdout.write("Demo offers, calendar events with registration and a library.")
        if demo_strategy():
            self.stdout.write(
                "Demo strategy for Region Dalarna: goals, plans, projects with budgets and "
                "status reports; RUS's activity plan and working group."
            )
        link = demo_actor_link()
        if link:
            self.stdout.write("An actor (Enköping) reports through its personal link, no login:")
            self.stdout.write(f"  {link}")
        self.stdout.write(
            "Demo logins (password is the same for all; each lands on Mina uppgifter):"
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.role} – {login.organisation}")
            self.stdout.write(f"  {'':<20} prova: {login.first_steps}")
        self.stdout.write(self.style.SUCCESS(f"  password: {logins[0].password}"))
