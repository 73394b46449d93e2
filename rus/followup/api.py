from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from rus.followup import selectors
from rus.followup.models import Assessment, FollowUpRound
from rus.lib.caching import public_page

router = Router(tags=["regional follow-up"])


class RoundOut(Schema):
    year: int
    deadline: str
    report_date: str
    national_summary: str
    imported: bool

    @staticmethod
    def resolve_deadline(obj: FollowUpRound) -> str:
        return obj.deadline.isoformat()

    @staticmethod
    def resolve_report_date(obj: FollowUpRound) -> str:
        return obj.report_date.isoformat()


class AssessmentOut(Schema):
    year: int
    county: str
    objective: int
    organisation: str
    reached: str
    trend: str
    summary: str
    justification: str
    actions: str
    generational_goal: str
    indicators: list[str]
    source: str
    corrected_at: str | None

    @staticmethod
    def resolve_corrected_at(obj: Assessment) -> str | None:
        return obj.published_at.isoformat() if obj.corrected and obj.published_at else None

    @staticmethod
    def resolve_year(obj: Assessment) -> int:
        return obj.round.year

    @staticmethod
    def resolve_county(obj: Assessment) -> str:
        return obj.area.code

    @staticmethod
    def resolve_objective(obj: Assessment) -> int:
        return obj.goal.number or 0

    @staticmethod
    def resolve_organisation(obj: Assessment) -> str:
        return obj.organisation.key

    @staticmethod
    def resolve_indicators(obj: Assessment) -> list[str]:
        return [i.code for i in obj.indicators.all()]


@router.get("/followup", response=list[RoundOut], auth=None, summary="Published follow-up rounds")
@decorate_view(public_page)
@paginate
def list_rounds(request: HttpRequest) -> QuerySet[FollowUpRound]:
    return FollowUpRound.objects.filter(published_at__isnull=False).order_by("-year")


@router.get("/followup/{int:year}/assessments", response=list[AssessmentOut], auth=None)
@decorate_view(public_page)
@paginate
def list_assessments(
    request: HttpRequest, year: int, county: str | None = None, objective: int | None = None
) -> list[Assessment]:
    """The published judgements of a year.

    reached: ja, nara or nej; trend: positiv, neutral, negativ or oklar; empty when not read.
    A judgement corrected after publication carries the date of its correction.
    """
    rnd = get_object_or_404(FollowUpRound, year=year, published_at__isnull=False)
    items = selectors.public_assessments(rnd=rnd)
    if county:
        items = [a for a in items if a.area.code == county]
    if objective:
        items = [a for a in items if a.goal.number == objective]
    return items
