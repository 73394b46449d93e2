from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from rus.followup.models import Assessment, FollowUpRound

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
    indicators: list[str]
    source: str

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
@paginate
def list_rounds(request: HttpRequest) -> QuerySet[FollowUpRound]:
    return FollowUpRound.objects.filter(state=FollowUpRound.State.PUBLISHED).order_by("-year")


@router.get("/followup/{int:year}/assessments", response=list[AssessmentOut], auth=None)
@paginate
def list_assessments(
    request: HttpRequest, year: int, county: str | None = None, objective: int | None = None
) -> QuerySet[Assessment]:
    """The published judgements of a year.

    reached: ja, nara or nej; trend: positiv, neutral, negativ or oklar; empty when not read.
    """
    rnd = get_object_or_404(FollowUpRound, year=year, state=FollowUpRound.State.PUBLISHED)
    qs = rnd.assessments.filter(state=Assessment.State.PUBLISHED)
    if county:
        qs = qs.filter(area__code=county)
    if objective:
        qs = qs.filter(goal__number=objective)
    return (
        qs.select_related("round", "area", "goal", "organisation")
        .prefetch_related("indicators")
        .order_by("area__code", "goal__number")
    )
