from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.lib import links
from rus.lib.downloads import table_response
from rus.lib.versioned import save_versioned, stored_record
from rus.organisations.models import Organisation
from rus.surveys import outputs, selectors, services
from rus.surveys.forms import (
    AnswerForm,
    CopyForm,
    InviteForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
)
from rus.surveys.models import Invitation, Question, Section, Survey


def _admin_survey(request: HttpRequest, slug: str) -> Survey:
    access.require_administrator(request.user)
    return get_object_or_404(Survey, slug=slug)


# --- building (RUS's administrators) -----------------------------------------------------


@login_required
def list_manage(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    surveys = Survey.objects.all()
    rates = {s.pk: selectors.response_rate(s) for s in surveys}
    return render(
        request,
        "surveys/list_manage.html",
        {"surveys": [(s, rates[s.pk]) for s in surveys]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_save(
            survey=None, data=form.cleaned_data, user=access.acting_user(request.user)
        )
        messages.success(request, _("The survey was created. Add its questions."))
        return redirect("surveys:manage", slug=survey.slug)
    return render(request, "surveys/survey_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _admin_survey(request, slug)
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "save":
        form = SurveyForm(request.POST, instance=Survey.objects.get(pk=survey.pk))
        ok, form = save_versioned(
            form,
            lambda data: services.survey_save(
                survey=survey,
                data=data,
                user=access.acting_user(request.user),
                expected_version=data["version"],
            ),
            stored_record(Survey, survey.pk, form),
        )
        if ok:
            messages.success(request, _("The survey was saved."))
            return redirect("surveys:manage", slug=survey.slug)
    else:
        form = SurveyForm(instance=survey, initial={"version": survey.version})
    if request.method == "POST" and action != "save":
        try:
            if action in ("open", "close", "draft"):
                state = {
                    "open": Survey.State.OPEN,
                    "close": Survey.State.CLOSED,
                    "draft": Survey.State.DRAFT,
                }
                services.set_state(survey=survey, state=state[action])
                messages.success(
                    request,
                    _("The survey is now: %(state)s.")
                    % {"state": survey.get_state_display().lower()},
                )
            elif action in ("up", "down", "delete"):
                question = get_object_or_404(
                    Question, pk=request.POST.get("question"), survey=survey
                )
                if action == "delete":
                    services.question_delete(survey=survey, question=question)
                    messages.success(request, _("The question was removed."))
                else:
                    services.question_move(
                        survey=survey, question=question, step=-1 if action == "up" else 1
                    )
            elif action == "copy":
                copy = CopyForm(request.POST)
                if copy.is_valid():
                    new = services.copy_survey(
                        survey=survey, user=access.acting_user(request.user), **copy.cleaned_data
                    )
                    messages.success(
                        request, _("A new edition was made; its questions keep their codes.")
                    )
                    return redirect("surveys:manage", slug=new.slug)
                messages.error(
                    request, " ".join(str(e) for errors in copy.errors.values() for e in errors)
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("surveys:manage", slug=survey.slug)
    questions = list(
        survey.questions.select_related("section", "show_if__question").prefetch_related("options")
    )
    ctx = {
        "survey": survey,
        "form": form,
        "questions": questions,
        "sections": survey.sections.all(),
        "kinds": Question.Kind.choices,
        "copy_form": CopyForm(
            initial={"slug": f"{survey.series}-{survey.edition + 1}", "edition": survey.edition + 1}
        ),
        "rate": selectors.response_rate(survey),
        "answered": survey.responses.filter(submitted=True).exists(),
    }
    return render(request, "surveys/manage.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    survey = _admin_survey(request, slug)
    question = get_object_or_404(Question, pk=pk, survey=survey) if pk else None
    initial = {} if question else {"kind": request.GET.get("typ", Question.Kind.SINGLE)}
    form = QuestionForm(request.POST or None, instance=question, survey=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                survey=survey, question=question, data=form.cleaned_data, options=form.options
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The question was saved."))
            return redirect(reverse("surveys:manage", args=[survey.slug]) + "#questions")
    return render(
        request,
        "surveys/question_form.html",
        {"survey": survey, "question": question, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    survey = _admin_survey(request, slug)
    section = get_object_or_404(Section, pk=pk, survey=survey) if pk else None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        services.section_save(survey=survey, section=section, data=form.cleaned_data)
        messages.success(request, _("The section was saved."))
        return redirect(reverse("surveys:manage", args=[survey.slug]) + "#questions")
    return render(
        request, "surveys/section_form.html", {"survey": survey, "section": section, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _admin_survey(request, slug)
    form = InviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST":
        user = access.acting_user(request.user)
        try:
            if request.POST.get("action") == "remind":
                n = services.remind(survey=survey, user=user)
                messages.success(request, _("%(n)d reminders were queued.") % {"n": n})
                return redirect(request.path)
            if form.is_valid():
                kinds = form.cleaned_data["kinds"]
                report = services.invite(
                    survey=survey,
                    user=user,
                    organisations=Organisation.objects.filter(kind__in=kinds) if kinds else [],
                    contact_list=form.cleaned_data["contact_list"],
                )
                messages.success(
                    request, _("%(n)d invitations were queued.") % {"n": report.invited}
                )
                if report.without_address:
                    messages.warning(
                        request,
                        _("No address for: %(names)s. Add a contact for them and invite again.")
                        % {"names": ", ".join(report.without_address)},
                    )
                return redirect(request.path)
        except ValidationError as exc:
            form.add_error(None, exc)
    answered, invited, rate = selectors.response_rate(survey)
    ctx = {
        "survey": survey,
        "form": form,
        "invitations": selectors.invitations(survey),
        "answered": answered,
        "invited": invited,
        "rate": rate,
    }
    return render(request, "surveys/invitations.html", ctx)


@login_required
def raw_download(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    survey = _admin_survey(request, slug)
    if survey.anonymous:
        raise Http404("An anonymous survey has no raw answers")
    header, rows = selectors.raw_rows(survey)
    return table_response(f"enkat-{survey.slug}-svar", _("Answers"), header, rows, kind)


@login_required
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _admin_survey(request, slug)
    form = AnswerForm(survey=survey)
    return render(
        request,
        "surveys/answer.html",
        {"survey": survey, "form": form, "preview": True, "sections": _sections(form)},
    )


# --- results -----------------------------------------------------------------------------


def _results_survey(request: HttpRequest, slug: str) -> tuple[Survey, bool]:
    survey = get_object_or_404(Survey, slug=slug)
    staff = access.is_administrator(request.user)
    if not staff and not survey.results_public:
        raise Http404("Not published")
    return survey, staff


def results(request: HttpRequest, slug: str) -> HttpResponse:
    survey, staff = _results_survey(request, slug)
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        services.publish_results(survey=survey, publish=request.POST.get("action") == "publish")
        messages.success(
            request,
            _("The results are public.")
            if survey.results_public
            else _("The results are no longer public."),
        )
        return redirect("surveys:results", slug=slug)
    kind = request.GET.get("typ", "")
    if kind not in Organisation.Kind.values:
        kind = ""
    show_texts = staff or not survey.anonymous
    data = selectors.results(survey, kind=kind, show_texts=show_texts)
    kinds = sorted(
        {
            k
            for k in survey.responses.filter(submitted=True).values_list(
                "organisation_kind", flat=True
            )
            if k
        }
    )
    for q in data.questions:
        q.chart = outputs.question_chart(q)
    ctx = {
        "survey": survey,
        "results": data,
        "staff": staff,
        "kind": kind,
        "kinds": [(k, Organisation.Kind(k).label) for k in kinds if k in Organisation.Kind.values],
    }
    return render(request, "surveys/results.html", ctx)


def results_download(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    survey, _staff = _results_survey(request, slug)
    data = selectors.results(survey, kind=request.GET.get("typ", ""), show_texts=False)
    if kind == "pdf":
        return outputs.results_pdf(request, data)
    header = ["question", "option", "count", "base", "percent"]
    return table_response(f"enkat-{survey.slug}-resultat", _("Results"), header, data.table(), kind)


def public_list(request: HttpRequest) -> HttpResponse:
    surveys = Survey.objects.filter(results_published_at__isnull=False).order_by("-edition")
    return render(request, "surveys/public_list.html", {"surveys": surveys})


# --- answering (no login; the link is the key) --------------------------------------------


def _sections(form: AnswerForm) -> list[tuple[Section | None, list[tuple[Question, Any]]]]:
    """The form's fields grouped by section, in order."""
    groups: list[tuple[Section | None, list[tuple[Question, Any]]]] = []
    for q in form.questions:
        if not groups or groups[-1][0] != q.section:
            groups.append((q.section, []))
        groups[-1][1].append((q, form[q.code]))
    return groups


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.read(token, services.LINK)
    except links.LinkProblem as problem:
        return links.problem_page(
            request,
            problem,
            what=_("answer a survey"),
            ask=_("Reply to the invitation and ask for a new link."),
        )
    prefix, _sep, raw = link.subject.partition(":")
    invitation = (
        Invitation.objects.select_related("survey", "organisation")
        .filter(pk=int(raw) if prefix == "surveys.invitation" and raw.isdigit() else 0)
        .first()
    )
    if invitation is None:
        raise Http404
    survey = invitation.survey
    nonce = str(link.data.get("n", ""))
    response = services.find_response(invitation, nonce)
    submit = request.POST.get("action") == "submit"
    if request.method == "POST":
        form = AnswerForm(request.POST, survey=survey, submit=submit)
        if form.is_valid():
            try:
                services.answer(
                    invitation=invitation,
                    nonce=nonce,
                    raw=form.raw(),
                    submit=submit,
                    expected_version=int(request.POST["version"])
                    if request.POST.get("version", "").isdigit()
                    else None,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for code, errors in exc.error_dict.items():
                        form.add_error(code if code in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! Your answers have been received. You can change them "
                        "until the survey closes."
                    )
                    if submit
                    else _("Your answers are saved as a draft. Submit them when you are done."),
                )
                return redirect(request.path)
    else:
        form = AnswerForm(initial=_initial(response), survey=survey)
    ctx = {
        "survey": survey,
        "form": form,
        "sections": _sections(form),
        "response": response,
        "accepting": survey.accepting(),
        "already": survey.anonymous and response is None and invitation.answered_on is not None,
        "version": response.version if response else "",
    }
    page = render(request, "surveys/answer.html", ctx)
    page["Cache-Control"] = "private, no-store"
    page["Referrer-Policy"] = "same-origin"
    return page


def _initial(response: Any) -> dict[str, Any]:
    if response is None:
        return {}
    values: dict[str, Any] = {}
    for a in response.answers.select_related("question", "option"):
        q = a.question
        if a.option_id:
            if q.kind == Question.Kind.MULTIPLE:
                values.setdefault(q.code, []).append(a.option.code)
            else:
                values[q.code] = a.option.code
        elif a.number is not None:
            values[q.code] = str(a.number.normalize())
        else:
            values[q.code] = a.text
    return values
