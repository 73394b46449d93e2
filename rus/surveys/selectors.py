"""Results of a survey: counts and shares per question, with the base, the number who did
not answer, a comparison with the previous edition and, for anonymous surveys, small cells
suppressed."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from rus.lib.numbers import percent
from rus.surveys.models import Answer, Invitation, Question, Response, Survey

# An anonymous survey shows no count below this, and no question answered by fewer.
SMALLEST_CELL = 5


@dataclass
class OptionRow:
    code: str
    text: str
    count: int | None  # None: suppressed
    percent: int | None
    previous: int | None = None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass
class NumberStats:
    count: int
    mean: Decimal
    median: Decimal
    low: Decimal
    high: Decimal


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    base: int
    rows: list[OptionRow] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    numbers: NumberStats | None = None
    suppressed: bool = False
    compared: bool = False
    chart: str = ""

    @property
    def not_answered(self) -> int:
        return self.respondents - self.base


@dataclass
class Results:
    survey: Survey
    respondents: int
    questions: list[QuestionResult]
    kind: str = ""
    previous: Survey | None = None

    def table(self) -> list[tuple[str, str, int | None, int | None, int | None]]:
        """(question, option, count, base, percent) for every option: the aggregate table of
        the exports, the command and the API. Suppressed cells are None."""
        rows = []
        for q in self.questions:
            if not q.question.has_options:
                continue
            for r in q.rows:
                base = None if q.suppressed else q.base
                rows.append((q.question.code, r.code, r.count, base, r.percent))
        return rows


def submitted(survey: Survey, kind: str = "") -> QuerySet[Response]:
    qs = Response.objects.filter(survey=survey, submitted=True)
    return qs.filter(organisation_kind=kind) if kind else qs


def _suppress(rows: list[OptionRow], single: bool) -> None:
    """Hide counts of 1–4; where the hidden count could be worked out from the base (one
    choice: the counts add up to it), hide the next smallest count too."""
    hidden = [r for r in rows if r.count is not None and 0 < r.count < SMALLEST_CELL]
    for r in hidden:
        r.count = r.percent = None
    if single and len(hidden) == 1:
        rest = sorted((r for r in rows if r.count), key=lambda r: r.count or 0)
        if rest:
            rest[0].count = rest[0].percent = None


def results(
    survey: Survey, *, kind: str = "", show_texts: bool = True, compare: bool = True
) -> Results:
    responses = list(submitted(survey, kind).values_list("pk", flat=True))
    respondents = len(responses)
    answers = Answer.objects.filter(response_id__in=responses).values_list(
        "question_id", "response_id", "option_id", "number", "text"
    )
    chosen: dict[int, Counter[int]] = defaultdict(Counter)
    answered: dict[int, set[Any]] = defaultdict(set)
    numbers: dict[int, list[Decimal]] = defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, response_id, option_id, number, text in answers:
        if option_id is not None:
            chosen[question_id][option_id] += 1
            answered[question_id].add(response_id)
        elif number is not None:
            numbers[question_id].append(number)
            answered[question_id].add(response_id)
        elif text.strip():
            texts[question_id].append(text)
            answered[question_id].add(response_id)
    previous = survey.previous_edition() if compare else None
    before: dict[tuple[str, str], int | None] = {}
    if previous is not None:
        for code, option, _count, _base, share in results(
            previous, kind=kind, show_texts=False, compare=False
        ).table():
            before[(code, option)] = share
    out = []
    for q in survey.questions.prefetch_related("options").select_related("section"):
        base = len(answered[q.pk])
        result = QuestionResult(q, respondents, base)
        if q.has_options:
            result.rows = [
                OptionRow(o.code, o.text, chosen[q.pk][o.pk], percent(chosen[q.pk][o.pk], base))
                for o in q.options.all()
            ]
            if survey.anonymous:
                if base < SMALLEST_CELL:
                    result.suppressed = True
                    for r in result.rows:
                        r.count = r.percent = None
                else:
                    _suppress(result.rows, single=q.kind != Question.Kind.MULTIPLE)
            for r in result.rows:
                if (q.code, r.code) in before:
                    r.previous = before[(q.code, r.code)]
                    result.compared = True
        elif q.kind == Question.Kind.NUMBER and numbers[q.pk]:
            values = numbers[q.pk]
            if not (survey.anonymous and len(values) < SMALLEST_CELL):
                result.numbers = NumberStats(
                    len(values),
                    sum(values, Decimal(0)) / len(values),
                    Decimal(median(values)),
                    min(values),
                    max(values),
                )
            else:
                result.suppressed = True
        elif q.kind == Question.Kind.TEXT and show_texts:
            result.texts = sorted(texts[q.pk])
        out.append(result)
    return Results(survey, respondents, out, kind, previous)


def response_rate(survey: Survey) -> tuple[int, int, int | None]:
    invited = survey.invitations.filter(invited_at__isnull=False).count()
    answered = survey.invitations.filter(answered_on__isnull=False).count()
    return answered, invited, percent(answered, invited)


def raw_rows(survey: Survey) -> tuple[list[str], list[list[Any]]]:
    """One row per submitted response, for non-anonymous surveys only."""
    if survey.anonymous:
        raise PermissionError("An anonymous survey has no raw answers to export.")
    questions = list(survey.questions.prefetch_related("options"))
    header = [_("Organisation"), _("Kind of organisation"), *[q.code for q in questions]]
    rows = []
    for response in (
        submitted(survey)
        .select_related("organisation")
        .prefetch_related("answers__option")
        .order_by("organisation__name")
    ):
        by_question: dict[int, list[str]] = defaultdict(list)
        for a in response.answers.all():
            if a.option_id:
                by_question[a.question_id].append(a.option.text_sv)  # type: ignore[union-attr]
            elif a.number is not None:
                by_question[a.question_id].append(str(a.number.normalize()))
            else:
                by_question[a.question_id].append(a.text)
        rows.append(
            [
                response.organisation.name if response.organisation else "",
                response.organisation_kind,
                *["; ".join(by_question.get(q.pk, [])) for q in questions],
            ]
        )
    return header, rows


def invitations(survey: Survey) -> QuerySet[Invitation]:
    return survey.invitations.select_related("organisation")


def worklist_sections(user: Any, filters: Any) -> list[Any]:
    from rus.accounts import access
    from rus.accounts.worklist import Section, Task

    if not access.is_administrator(user):
        return []
    tasks = []
    for survey in Survey.objects.exclude(state=Survey.State.CLOSED).order_by("-edition"):
        answered, invited, _rate = response_rate(survey)
        tasks.append(
            Task(
                title=survey.title,
                url=reverse("surveys:manage", args=[survey.slug]),
                state=str(survey.get_state_display()),
                state_key=survey.state,
                note=_("%(answered)d of %(invited)d invited have answered")
                % {"answered": answered, "invited": invited}
                if invited
                else "",
                deadline=survey.closes_on,
                order=(survey.closes_on or survey.created_at.date(),),
            )
        )
    return [
        Section(
            title=_("Surveys"),
            kind="admin",
            weight=6,
            tasks=tasks,
            empty=_("No survey is being written or open."),
            links=[(_("All surveys"), reverse("surveys:list_manage"))],
        )
    ]


def calendar_entries(start: Any, end: Any) -> list[Any]:
    """Closing days of open surveys (for those who run them)."""
    from rus.calendar.registry import Entry

    return [
        Entry(
            uid=f"survey-{s.slug}-closes",
            title=_("Survey closes: %(title)s") % {"title": s.title},
            day=s.closes_on,
            category="deadline",
            url=reverse("surveys:manage", args=[s.slug]),
            public=False,
        )
        for s in Survey.objects.filter(closes_on__range=(start, end)).exclude(
            state=Survey.State.DRAFT
        )
        if s.closes_on is not None
    ]
