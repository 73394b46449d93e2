from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from rus.library.models import Document, FundingDeadline, FundingSource, GoodExample, NewsPost


def documents(params: dict[str, str]) -> QuerySet[Document]:
    qs = Document.objects.prefetch_related("goals").select_related("organisation")
    if params.get("q"):
        q = params["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(tags__icontains=q))
    if params.get("typ") in Document.Kind.values:
        qs = qs.filter(kind=params["typ"])
    if params.get("for"):
        qs = qs.filter(audience=params["for"])
    if params.get("mal", "").isdigit():
        qs = qs.filter(goals__number=int(params["mal"]))
    return qs.distinct()


def funding(params: dict[str, str]) -> QuerySet[FundingSource]:
    qs = FundingSource.objects.prefetch_related("goals", "deadlines")
    if params.get("q"):
        q = params["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(funder__icontains=q))
    if params.get("mal", "").isdigit():
        qs = qs.filter(goals__number=int(params["mal"]))
    if params.get("oppen"):
        qs = qs.filter(deadlines__day__gte=timezone.localdate())
    return qs.distinct()


def good_examples(params: dict[str, str]) -> list[tuple[str, Any]]:
    """Good examples written here and measures of action programmes marked good, together."""
    from rus.actions import selectors as actions

    written = GoodExample.objects.select_related("organisation__area").prefetch_related("goals")
    measures = (
        actions.public_measures()
        .filter(good_example=True)
        .select_related("programme__organisation__area", "lead")
        .prefetch_related("goals")
    )
    if params.get("mal", "").isdigit():
        written = written.filter(goals__number=int(params["mal"]))
        measures = measures.filter(goals__number=int(params["mal"]))
    if params.get("lan"):
        written = written.filter(
            Q(organisation__area__code=params["lan"])
            | Q(organisation__area__parent__code=params["lan"])
        )
        measures = measures.filter(programme__organisation__area__code=params["lan"])
    return [("example", e) for e in written.distinct()] + [
        ("measure", m) for m in measures.distinct()
    ]


def news() -> QuerySet[NewsPost]:
    return NewsPost.objects.filter(published_at__lte=timezone.now())


def calendar_entries(start: Any, end: Any) -> list[Any]:
    """Funding sources' application deadlines, from the sources themselves."""
    from django.utils.translation import gettext as _

    from rus.calendar.registry import Entry

    return [
        Entry(
            uid=f"funding-{d.pk}",
            title=_("Last day to apply: %(title)s") % {"title": d.source.title},
            day=d.day,
            category="funding",
            url=d.source.get_absolute_url(),
            description=d.note,
        )
        for d in FundingDeadline.objects.filter(day__range=(start, end)).select_related("source")
    ]


def for_county(area_code: str) -> dict[str, Any]:
    """What a county page offers its municipalities: guidance for them, open funding, and
    good examples from the county."""
    today = timezone.localdate()
    return {
        "guidance": Document.objects.filter(
            kind=Document.Kind.GUIDANCE, audience__in=["kommuner", "alla"]
        )[:5],
        "funding": FundingSource.objects.filter(deadlines__day__gte=today).distinct()[:5],
        "examples": good_examples({"lan": area_code})[:5],
    }
