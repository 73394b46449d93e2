""" "My tasks": each part of rus tells what waits for a user, and the start page lists it.

Parts register a provider when they start (``AppConfig.ready``), so this module, low in the
stack, never imports them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from rus.accounts.models import User


@dataclass
class Task:
    title: str
    url: str
    state: str = ""
    state_key: str = ""
    organisation: str = ""
    deadline: date | None = None
    # The reviewer's words when something was returned, or what blocks a step.
    note: str = ""
    # Lower comes first: returned work before drafts, overdue before due.
    order: tuple[Any, ...] = ()

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - timezone.localdate()).days

    @property
    def days_late(self) -> int:
        return -(self.days_left or 0)


@dataclass
class Section:
    title: str
    tasks: list[Task] = field(default_factory=list)
    intro: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    empty: str = ""
    # Numbers shown as a summary line: (label, count, url or "").
    counts: list[tuple[str, int, str]] = field(default_factory=list)
    kind: str = "work"  # "work", "review" or "admin"
    # Within a kind, lower comes first: the follow-up's work before keeping contacts.
    weight: int = 0


@dataclass(frozen=True)
class Filters:
    county: str = ""
    kind: str = ""


Provider = Callable[[User, Filters], list[Section]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def review_section(items: Iterable[Any], title: Callable[[Any], str]) -> Section:
    """Records waiting for review, oldest submission first, as a review section."""
    tasks = [
        Task(
            title=title(item),
            url=item.get_absolute_url(),
            state=str(item.get_state_display()),
            state_key=item.state,
            organisation=item.workflow_organisation.name,
            note=str(_("submitted %(when)s"))
            % {"when": date_format(timezone.localtime(item.updated_at), "j F H:i")},
            order=(item.updated_at,),
        )
        for item in items
    ]
    return Section(title="", tasks=tasks, kind="review")


REVIEW_TITLE = _("Waiting for your review")
RETURNED_TITLE = _("Returned to you for changes")


def sections_for(user: User, filters: Filters) -> list[Section]:
    sections: list[Section] = []
    review = Section(
        title=str(REVIEW_TITLE),
        kind="review",
        intro=str(_("Submitted for review, oldest first.")),
        empty=str(_("Nothing is waiting for review.")),
    )
    reviews = 0
    for provider in _providers:
        for section in provider(user, filters):
            if section.kind == "review":
                review.tasks.extend(section.tasks)
                review.links.extend(section.links)
                reviews += 1
            else:
                sections.append(section)
    if reviews:
        sections.append(review)
    returned = Section(
        title=str(RETURNED_TITLE),
        intro=str(_("The reviewer's comment is under each; fix and submit them again.")),
        kind="returned",
    )
    for section in sections:
        if section.kind == "work":
            returned.tasks += [t for t in section.tasks if t.state_key == "returned"]
            section.tasks = [t for t in section.tasks if t.state_key != "returned"]
    if returned.tasks:
        sections.append(returned)
    for s in sections:
        s.tasks.sort(key=lambda t: t.order)
    order = {"returned": 0, "work": 1, "admin": 2, "review": 3}
    return sorted(sections, key=lambda s: (order.get(s.kind, 3), s.weight))
