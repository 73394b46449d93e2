from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "rus.library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.accounts import worklist
        from rus.calendar import registry
        from rus.library import selectors
        from rus.library.models import (
            Document,
            FundingDeadline,
            FundingSource,
            GoodExample,
            NewsPost,
        )

        for model in (Document, GoodExample, FundingSource, FundingDeadline, NewsPost):
            auditlog.register(model)
        registry.register(selectors.calendar_entries)
        worklist.register(worklist_sections)


def worklist_sections(user: Any, filters: Any) -> list[Any]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from rus.accounts import access
    from rus.accounts.worklist import Section

    if not access.is_administrator(user):
        return []
    return [
        Section(
            title=_("Calendar, offers and library"),
            kind="admin",
            weight=9,
            links=[
                (_("The year"), reverse("calendar:upcoming")),
                (_("New event"), reverse("admin:calendar_event_add")),
                (_("Offers and bookings"), reverse("calendar:offers")),
                (_("New guidance or report"), reverse("admin:library_document_add")),
                (_("New funding source"), reverse("admin:library_fundingsource_add")),
                (_("New good example"), reverse("admin:library_goodexample_add")),
                (_("New news post"), reverse("admin:library_newspost_add")),
            ],
        )
    ]
