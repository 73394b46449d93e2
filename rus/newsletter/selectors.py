from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rus.newsletter.models import Issue


def published() -> QuerySet[Issue]:
    """Issues anyone may read: those sent."""
    return Issue.objects.filter(state=Issue.State.SENT).order_by("-sent_at")


def worklist_sections(user: Any, filters: Any) -> list[Any]:
    from rus.accounts import access
    from rus.accounts.worklist import Section, Task

    if not access.is_administrator(user):
        return []
    drafts = Issue.objects.exclude(state=Issue.State.SENT).order_by("number")
    tasks = [
        Task(
            title=issue.title,
            url=reverse("newsletter:edit", args=[issue.pk]),
            state=str(issue.get_state_display()),
            state_key=issue.state,
            note=_("to be sent %(when)s")
            % {"when": f"{timezone.localtime(issue.scheduled_at):%Y-%m-%d %H:%M}"}
            if issue.scheduled_at
            else "",
            order=(issue.number,),
        )
        for issue in drafts
    ]
    return [
        Section(
            title=_("Newsletter: Nytt från RUS"),
            kind="admin",
            weight=5,
            tasks=tasks,
            empty=_("No issue is being written."),
            links=[
                (_("Write a new issue"), reverse("newsletter:create")),
                (_("All issues"), reverse("newsletter:manage")),
            ],
        )
    ]
