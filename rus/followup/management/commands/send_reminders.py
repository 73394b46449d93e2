from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from rus.followup.models import FollowUpRound
from rus.followup.services import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail coordinators whose assessments in an open round are not submitted "
        "(from a week before the deadline on)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        for rnd in FollowUpRound.objects.filter(state=FollowUpRound.State.OPEN):
            sent = send_reminders(rnd=rnd, today=today)
            self.stdout.write(f"{rnd}: {sent} reminders sent.")
