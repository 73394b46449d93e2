from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from rus.accounts import access
from rus.surveys import selectors
from rus.surveys.models import Survey

router = Router(tags=["surveys"])


class ResultRow(Schema):
    question: str
    option: str
    count: int | None
    base: int | None
    percent: int | None


class SurveyResults(Schema):
    slug: str
    title: str
    edition: int
    anonymous: bool
    respondents: int
    results: list[ResultRow]


@router.get("/surveys/{slug}/results", response=SurveyResults, auth=None)
def survey_results(request: HttpRequest, slug: str, kind: str = "") -> dict[str, object]:
    """The aggregate table: per question and option the count, the base (those who answered
    the question) and the share in whole per cent, rounded half up. Published results for
    anyone; administrators also before. Anonymous surveys hide counts below 5 (null)."""
    survey = get_object_or_404(Survey, slug=slug)
    if not survey.results_public and not access.is_administrator(request.user):
        raise Http404("Not published")
    data = selectors.results(survey, kind=kind, show_texts=False)
    return {
        "slug": survey.slug,
        "title": survey.title,
        "edition": survey.edition,
        "anonymous": survey.anonymous,
        "respondents": data.respondents,
        "results": [
            {"question": q, "option": o, "count": c, "base": b, "percent": p}
            for q, o, c, b, p in data.table()
        ],
    }
