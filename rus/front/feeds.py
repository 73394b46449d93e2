"""The Atom feed of publications: published follow-ups and published indicator rounds."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rus.followup.models import FollowUpRound
from rus.indicators.models import UpdateRound


@dataclass
class Publication:
    title: str
    description: str
    link: str
    published: datetime


class PublicationsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("rus: publications")
    subtitle = gettext_lazy("Published regional follow-ups and indicator updates.")

    def link(self) -> str:
        return reverse("front:home")

    def items(self) -> list[Publication]:
        result = [
            Publication(
                _("Regional follow-up %(year)s published") % {"year": r.year},
                r.national_summary
                or _("The county boards' judgements of the environmental objectives."),
                reverse("followup:compilation", args=[r.year]),
                r.published_at or timezone.now(),
            )
            for r in FollowUpRound.objects.filter(published_at__isnull=False)
        ]
        result += [
            Publication(
                _("Indicator values of %(round)s published") % {"round": r},
                _("New and revised county values and comments."),
                reverse("indicators:list"),
                r.published_at or timezone.now(),
            )
            for r in UpdateRound.objects.filter(
                state=UpdateRound.State.PUBLISHED, published_at__isnull=False
            )
        ]
        return sorted(result, key=lambda p: p.published, reverse=True)[:50]

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        # Atom summaries are typed "html": plain text is escaped so that it reads as written.
        return escape(item.description)

    def item_link(self, item: Publication) -> str:
        return item.link

    def item_pubdate(self, item: Publication) -> datetime:
        return item.published

    def item_updateddate(self, item: Publication) -> datetime:
        return item.published
