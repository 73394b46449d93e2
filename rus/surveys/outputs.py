"""Charts and the PDF of survey results; the page always has the table beside the chart."""

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from rus.lib.charts import Bar, stacked_bars
from rus.lib.pdf import render_pdf
from rus.surveys.selectors import QuestionResult, Results


def question_chart(result: QuestionResult) -> SafeString:
    """One bar per option with its share (several choices may pass 100 % together)."""
    q = result.question
    if not q.has_options or result.suppressed or not result.base:
        return mark_safe("")
    bars = [Bar(r.text, [(r.text, r.percent or 0)]) for r in result.rows]
    svg = stacked_bars(
        bars,
        title=q.text,
        description=_(
            "Share of those who answered the question, per option. The table has the same figures."
        ),
        chart_id=f"q-{q.pk}",
    )
    return mark_safe(svg)  # noqa: S308  (drawn by rus from numbers and escaped texts)


def results_pdf(request: HttpRequest, data: Results) -> HttpResponse:
    response = HttpResponse(
        render_pdf("surveys/results_pdf.html", {"results": data, "survey": data.survey}, request),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="enkat-{data.survey.slug}.pdf"'
    return response
