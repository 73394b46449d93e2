from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from rus.areas.models import Area
from rus.followup.models import FollowUpRound
from rus.goals.models import Goal
from rus.indicators.models import Indicator


class I18nSitemap(Sitemap):
    i18n = True
    languages = ["sv", "en"]
    alternates = True
    x_default = True


class StaticSitemap(I18nSitemap):
    def items(self) -> list[str]:
        return [
            "front:home",
            "front:open_data",
            "front:accessibility",
            "indicators:list",
            "followup:index",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ObjectiveSitemap(I18nSitemap):
    def items(self) -> Any:
        return Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE).order_by(
            "number"
        )

    def location(self, item: Goal) -> str:
        return reverse("front:objective", args=[item.number])


class CountySitemap(I18nSitemap):
    def items(self) -> Any:
        return Area.objects.filter(level=Area.Level.COUNTY).order_by("code")

    def location(self, item: Area) -> str:
        return reverse("front:county", args=[item.code])


class IndicatorSitemap(I18nSitemap):
    def items(self) -> Any:
        return Indicator.objects.order_by("code")

    def location(self, item: Indicator) -> str:
        return reverse("indicators:detail", args=[item.code])


class FollowUpSitemap(I18nSitemap):
    def items(self) -> Any:
        return FollowUpRound.objects.filter(state=FollowUpRound.State.PUBLISHED).order_by("-year")

    def location(self, item: FollowUpRound) -> str:
        return reverse("followup:compilation", args=[item.year])


SITEMAPS = {
    "static": StaticSitemap,
    "objectives": ObjectiveSitemap,
    "counties": CountySitemap,
    "indicators": IndicatorSitemap,
    "followup": FollowUpSitemap,
}
