from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from rus.accounts import access
from rus.actions import outputs, selectors, services
from rus.actions.forms import (
    DocumentForm,
    EnquiryForm,
    ImportMappingForm,
    ImportUploadForm,
    MeasureForm,
    ProgrammeForm,
    ReportEntryForm,
    RequestForm,
    StatusUploadForm,
)
from rus.actions.models import (
    ActorRequest,
    Enquiry,
    Measure,
    MeasureStatus,
    Programme,
    ProgrammeDocument,
    Report,
    Sector,
)
from rus.areas.models import Area
from rus.lib import links
from rus.lib.downloads import table_response
from rus.lib.tabular import SourceError, read_table
from rus.lib.versioned import save_versioned, stored_record
from rus.organisations.models import Organisation
from rus.workflow import services as workflow
from rus.workflow import views as workflow_views
from rus.workflow.forms import PublishConfirmForm
from rus.workflow.models import State

# --- access ------------------------------------------------------------------------------


def _programme(request: HttpRequest, pk: int, *, write: bool = False) -> Programme:
    """A programme the user may see (public ones for anyone), and change when ``write``."""
    programme = get_object_or_404(Programme.objects.select_related("organisation__area"), pk=pk)
    if write:
        if not request.user.is_authenticated:
            raise Http404
        access.get_organisation(request.user, programme.organisation_id, write=True)
    elif not programme.public:
        if not request.user.is_authenticated:
            raise Http404
        access.get_organisation(request.user, programme.organisation_id)
    return programme


def _can_change(request: HttpRequest, programme: Programme) -> bool:
    return access.can_change_organisation(request.user, programme.organisation)


def _enquiry(request: HttpRequest, pk: int, *, write: bool = False) -> Enquiry:
    enquiry = get_object_or_404(
        Enquiry.objects.select_related("programme__organisation__area"), pk=pk
    )
    if not request.user.is_authenticated:
        raise Http404
    access.get_organisation(request.user, enquiry.programme.organisation_id, write=write)
    return enquiry


# --- programmes --------------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    """The adopted programmes of every county; a county board's staff also see their own
    drafts and can start a new one."""
    programmes = list(selectors.public_programmes().order_by("organisation__area__code", "-starts"))
    own: list[Any] = []
    writable: list[Any] = []
    if request.user.is_authenticated:
        visible = access.visible_organisations(request.user).filter(
            kind=Organisation.Kind.COUNTY_BOARD
        )
        if not access.has_national_view(request.user):
            own = list(
                Programme.objects.filter(organisation__in=visible).select_related("organisation")
            )
        else:
            own = list(
                Programme.objects.exclude(pk__in=[p.pk for p in programmes]).select_related(
                    "organisation"
                )
            )
        writable = [o for o in visible if access.can_change_organisation(request.user, o)]
        if access.is_administrator(request.user):
            writable = []  # RUS does not write the counties' programmes
    ctx = {
        "programmes": programmes,
        "own": [p for p in own if p not in programmes],
        "writable": writable,
    }
    return render(request, "actions/programme_list.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(
    request: HttpRequest, pk: int | None = None, org: int | None = None
) -> HttpResponse:
    programme = _programme(request, pk, write=True) if pk else None
    organisation = (
        programme.organisation
        if programme
        else access.get_organisation(request.user, org, write=True)
    )
    if request.method == "POST":
        form = ProgrammeForm(
            request.POST, instance=programme or Programme(organisation=organisation)
        )
        ok, form = save_versioned(
            form,
            lambda data: services.programme_save(
                programme=programme,
                organisation=organisation,
                data=data,
                expected_version=data.get("version"),
            ),
            stored_record(Programme, pk, form),
        )
        if ok:
            messages.success(request, _("The programme was saved."))
            saved = programme or Programme.objects.filter(organisation=organisation).latest("pk")
            return redirect(saved)
    else:
        form = ProgrammeForm(
            instance=programme,
            initial={"version": programme.version}
            if programme
            else {
                "starts": timezone.localdate().year,
                "ends": timezone.localdate().year + 4,
                "status": Programme.Status.DRAFT,
            },
        )
    ctx = {"form": form, "programme": programme, "organisation": organisation}
    return render(request, "actions/programme_form.html", ctx)


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    staff = request.user.is_authenticated and access.can_view_organisation(
        request.user, programme.organisation
    )
    years = selectors.figure_years(programme, public=not staff)
    year = _chosen_year(request, years)
    figures = selectors.figures(programme, year, public=not staff)
    measures = sorted(
        programme.measures.select_related("lead", "sector").prefetch_related(
            "goals", "participants"
        ),
        key=lambda m: selectors.code_order(m.code),
    )
    statuses = selectors.measure_statuses(programme, year, public=not staff)
    ctx = {
        "programme": programme,
        "figures": figures,
        "chart": outputs.share_chart(figures),
        "years": years,
        "year": year,
        "measures": [(m, statuses[m.pk], selectors.status_label(statuses[m.pk])) for m in measures],
        "staff": staff,
        "can_change": _can_change(request, programme),
        "enquiries": programme.enquiries.order_by("-year") if staff else [],
        "documents": programme.documents.all(),
        "document_form": DocumentForm(),
    }
    return render(request, "actions/programme_detail.html", ctx)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk, write=True)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.document_add(
            programme=programme,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            user=access.acting_user(request.user),
        )
        messages.success(request, _("The document was uploaded."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(programme)


def document(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(ProgrammeDocument.objects.select_related("programme"), pk=pk)
    _programme(request, doc.programme_id)
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1]
    )


def _chosen_year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("ar", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


def programme_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The programme's measures with their status in the chosen year (CSV, Excel)."""
    programme = _programme(request, pk)
    staff = request.user.is_authenticated and access.can_view_organisation(
        request.user, programme.organisation
    )
    years = selectors.figure_years(programme, public=not staff)
    year = _chosen_year(request, years)
    statuses = selectors.measure_statuses(programme, year, public=not staff)
    header = [
        _("County"),
        _("Programme"),
        _("Code"),
        _("Measure"),
        _("Leading actor"),
        _("Kind of actor"),
        _("Sector"),
        _("Objectives"),
        _("Year"),
        _("Status"),
        _("Source"),
    ]
    rows = (
        [
            programme.organisation.area.name,
            programme.title,
            m.code,
            m.title,
            m.lead.name,
            m.lead.get_kind_display(),
            str(m.sector or ""),
            ", ".join(str(g.number) for g in m.goals.all()),
            year or "",
            selectors.status_label(statuses[m.pk]),
            _("%(board)s, action programme in rus") % {"board": programme.organisation.name},
        ]
        for m in programme.measures.select_related("lead", "sector").prefetch_related("goals")
    )
    return table_response(f"atgarder-{programme.pk}", _("Measures"), header, rows, kind)


def figures_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from rus.lib.pdf import render_pdf

    programme = _programme(request, pk)
    staff = request.user.is_authenticated and access.can_view_organisation(
        request.user, programme.organisation
    )
    years = selectors.figure_years(programme, public=not staff)
    year = _chosen_year(request, years)
    figures = selectors.figures(programme, year, public=not staff)
    ctx = {"programme": programme, "figures": figures, "year": year}
    response = HttpResponse(
        render_pdf("actions/figures_pdf.html", ctx, request), content_type="application/pdf"
    )
    name = f"atgardsprogram-{programme.pk}-{year or 'nu'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- measures ----------------------------------------------------------------------------


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(
        Measure.objects.select_related("programme__organisation__area", "lead", "sector"), pk=pk
    )
    programme = _programme(request, measure.programme_id)
    staff = request.user.is_authenticated and access.can_view_organisation(
        request.user, programme.organisation
    )
    states = selectors.REPORTED_STATES if staff else selectors.PUBLIC_STATES
    reports = (
        measure.reports.filter(state__in=states)
        .select_related("enquiry", "organisation")
        .order_by("-enquiry__year", "organisation__name")
    )
    ctx = {
        "measure": measure,
        "programme": programme,
        "reports": reports,
        "can_change": _can_change(request, programme),
        "can_mark": access.has_national_view(request.user),
    }
    return render(request, "actions/measure_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(
    request: HttpRequest, pk: int | None = None, programme_pk: int | None = None
) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk) if pk else None
    programme = _programme(request, measure.programme_id if measure else programme_pk, write=True)  # type: ignore[arg-type]
    if request.method == "POST":
        form = MeasureForm(
            request.POST, instance=measure or Measure(programme=programme), programme=programme
        )
        ok, form = save_versioned(
            form,
            lambda data: services.measure_save(
                programme=programme,
                measure=measure,
                data=data,
                expected_version=data.get("version"),
            ),
            stored_record(Measure, pk, form),
        )
        if ok:
            messages.success(request, _("The measure was saved."))
            return redirect(programme)
    else:
        form = MeasureForm(
            instance=measure,
            programme=programme,
            initial={"version": measure.version} if measure else {},
        )
    return render(
        request,
        "actions/measure_form.html",
        {"form": form, "measure": measure, "programme": programme},
    )


@login_required
@require_POST
def measure_good_example(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.has_national_view(request.user):
        raise PermissionDenied("RUS only")
    measure = get_object_or_404(Measure, pk=pk)
    services.mark_good_example(measure=measure, good=request.POST.get("good") == "1")
    messages.success(
        request,
        _("Marked as a good example.") if measure.good_example else _("No longer a good example."),
    )
    return redirect(measure)


# --- import ------------------------------------------------------------------------------


def import_template(request: HttpRequest) -> HttpResponse:
    return outputs.import_template_response()


@login_required
@require_http_methods(["GET", "POST"])
def programme_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a programme's spreadsheet, map its columns (guessed from the headings), check
    it (a dry run listing every problem), then import it, all or nothing."""
    programme = _programme(request, pk, write=True)
    key = f"actions-import-{programme.pk}"
    upload = ImportUploadForm(
        request.POST if "file" in request.FILES else None, request.FILES or None
    )
    stored = request.session.get(key)
    if request.method == "POST" and "file" in request.FILES and upload.is_valid():
        data = upload.cleaned_data["file"]
        request.session[key] = {"name": data.name, "content": data.read().hex()}
        return redirect("actions:programme_import", pk=pk)
    table = None
    file_problems: list[str] = []
    if stored:
        try:
            table = read_table(bytes.fromhex(stored["content"]), stored["name"])
        except SourceError as exc:
            file_problems = [str(p) for p in exc.problems]
            request.session.pop(key, None)
    mapping = (
        ImportMappingForm(
            request.POST
            if request.method == "POST" and table is not None and "action" in request.POST
            else None,
            header=table.header if table else [],
        )
        if table is not None
        else None
    )
    report = None
    if mapping is not None and mapping.is_bound and mapping.is_valid() and table is not None:
        store = request.POST.get("action") == "store"
        report = services.import_programme(
            table, mapping.columns(), programme=programme, dry_run=not store
        )
        if store and report.ok:
            request.session.pop(key, None)
            messages.success(
                request,
                _("Imported: %(created)d new measures, %(updated)d updated.")
                % {"created": report.created, "updated": report.updated},
            )
            return redirect(programme)
    ctx = {
        "programme": programme,
        "upload": upload,
        "file_name": stored["name"] if stored and table is not None else "",
        "file_problems": file_problems,
        "mapping": mapping,
        "sample": table.sample(5) if table is not None else [],
        "header": table.header if table is not None else [],
        "report": report,
    }
    return render(request, "actions/programme_import.html", ctx)


# --- the yearly enquiry ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk, write=True)
    form = EnquiryForm(request.POST or None, initial=EnquiryForm.defaults(programme))
    if request.method == "POST" and form.is_valid():
        try:
            enquiry = services.enquiry_open(
                programme=programme, user=access.acting_user(request.user), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The reporting is open. Check the addresses below, then send the invitations."),
            )
            return redirect(enquiry)
    return render(request, "actions/enquiry_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = _enquiry(request, pk)
    can_change = _can_change(request, enquiry.programme)
    upload = StatusUploadForm(request.POST or None, request.FILES or None)
    upload_report = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Read-only access")
        user = access.acting_user(request.user)
        action = request.POST.get("action")
        try:
            if action == "invite":
                n = services.invite(enquiry=enquiry, user=user)
                messages.success(request, _("%(n)d invitations were queued.") % {"n": n})
                return redirect(enquiry)
            if action == "remind":
                n = services.remind(enquiry=enquiry, user=user)
                messages.success(request, _("%(n)d reminders were queued.") % {"n": n})
                return redirect(enquiry)
            if action == "approve":
                n = services.approve_submitted(enquiry=enquiry, user=user)
                messages.success(request, _("%(n)d reports were approved.") % {"n": n})
                return redirect(enquiry)
            if action == "upload" and upload.is_valid():
                data = upload.cleaned_data["file"]
                try:
                    table = read_table(data.read(), data.name)
                    upload_report = services.bulk_status(enquiry=enquiry, table=table, user=user)
                except SourceError as exc:
                    upload_report = services.ImportReport(problems=[str(p) for p in exc.problems])
                if upload_report.ok:
                    messages.success(
                        request,
                        _("%(n)d reports were stored and approved.") % {"n": upload_report.updated},
                    )
                    return redirect(enquiry)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(enquiry)
    done, asked, rate = selectors.response_rate(enquiry)
    counts = {s: enquiry.reports.filter(state=s).count() for s in State.values}
    ctx = {
        "enquiry": enquiry,
        "programme": enquiry.programme,
        "responses": selectors.responses(enquiry),
        "done": done,
        "asked": asked,
        "rate": rate,
        "counts": counts,
        "state_counts": [(s, State(s).label, counts[s]) for s in State.values],
        "not_invited": enquiry.requests.filter(invited_at__isnull=True).exclude(email="").count(),
        "without_address": enquiry.requests.filter(email="").count(),
        "can_change": can_change,
        "upload": upload,
        "upload_report": upload_report,
        "figures": selectors.figures(enquiry.programme, enquiry.year, public=False),
    }
    return render(request, "actions/enquiry_detail.html", ctx)


def _entry_forms(data: Any, reports: list[Report]) -> list[tuple[Report, ReportEntryForm]]:
    """One form per report, bound to ``data`` (the POST) or showing what is stored."""
    return [
        (
            r,
            ReportEntryForm(
                data,
                prefix=f"r{r.pk}",
                initial={
                    "status": r.status,
                    "share_done": r.share_done,
                    "comment": r.comment,
                    "version": r.version,
                },
            ),
        )
        for r in reports
    ]


def _save_entries(
    request: HttpRequest,
    actor_request: ActorRequest,
    forms: list[tuple[Report, ReportEntryForm]],
    user: Any,
) -> str | None:
    """Validate and store the forms of an actor's reports; returns the message on success."""
    editable = [(r, f) for r, f in forms if r.editable]
    if not all(f.is_valid() for _r, f in editable):
        return None
    submit = request.POST.get("action") == "submit"
    entries = {r.pk: dict(f.cleaned_data) for r, f in editable}
    try:
        services.actor_save(request=actor_request, entries=entries, submit=submit, user=user)
    except ValidationError as exc:
        incomplete = [f for _r, f in editable if not f.cleaned_data.get("status")]
        if submit and incomplete:
            # Which measures are incomplete: said at each one's status.
            for f in incomplete:
                f.add_error("status", _("Choose the status before you submit."))
        elif editable:
            editable[0][1].add_error(None, exc)
        return None
    return (
        _("Thank you. Your report has been submitted to %(board)s.")
        % {"board": actor_request.enquiry.programme.organisation.name}
        if submit
        else _("Your draft was saved. Submit when every measure is reported.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_actor(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The county board's view of one actor: its reports to review (approve or return), the
    form to report on its behalf, and to whom its link goes."""
    enquiry = _enquiry(request, pk)
    actor_request = get_object_or_404(
        ActorRequest.objects.select_related("organisation", "enquiry__programme__organisation"),
        pk=request_pk,
        enquiry=enquiry,
    )
    can_change = _can_change(request, enquiry.programme)
    reports = sorted(
        actor_request.reports.select_related("measure", "enquiry", "request__enquiry"),
        key=lambda r: selectors.code_order(r.measure.code),
    )
    user = access.acting_user(request.user)
    action = request.POST.get("action", "")
    forms = _entry_forms(request.POST if action in ("save", "submit") else None, reports)
    request_form = RequestForm(
        request.POST if action == "request" else None,
        instance=actor_request,
        initial={"version": actor_request.version},
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Read-only access")
        if action in ("save", "submit"):
            done = _save_entries(request, actor_request, forms, user)
            if done:
                messages.success(request, done)
                return redirect(request.path)
        elif action == "request":
            ok, request_form = save_versioned(
                request_form,
                lambda data: services.request_update(
                    request=actor_request, data=data, expected_version=data["version"], user=user
                ),
                stored_record(ActorRequest, actor_request.pk, request_form),
            )
            if ok:
                messages.success(
                    request, _("Saved. A new link is sent if the address or closing day changed.")
                )
                return redirect(request.path)
        elif action in ("approve", "return"):
            report = next((r for r in reports if str(r.pk) == request.POST.get("report")), None)
            if report is None:
                raise Http404
            try:
                workflow.transition(
                    item=report,
                    action=action,
                    expected_version=int(request.POST.get("version", 0)),
                    user=user,
                    comment=request.POST.get("comment", ""),
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Approved.")
                    if action == "approve"
                    else _("Returned to the actor with your comment."),
                )
            return redirect(request.path)
    ctx = {
        "enquiry": enquiry,
        "programme": enquiry.programme,
        "actor_request": actor_request,
        "forms": forms,
        "request_form": request_form,
        "can_change": can_change,
        "link": services.report_link(actor_request) if can_change else "",
        "editable": any(r.editable for r in reports),
    }
    return render(request, "actions/enquiry_actor.html", ctx)


@require_http_methods(["GET", "POST"])
@csrf_protect
def report(request: HttpRequest, token: str) -> HttpResponse:
    """An actor's page, reached through the personal link in the mail: its measures in the
    programme, to report on, save as a draft and submit. No account needed."""
    try:
        link = links.read(token, services.REPORT_LINK)
    except links.LinkProblem as problem:
        return links.problem_page(
            request,
            problem,
            what=_("report on your measures in an action programme"),
            ask=_("Ask the county board that sent it."),
        )
    prefix, _sep, raw = link.subject.partition(":")
    actor_request = (
        ActorRequest.objects.select_related("organisation", "enquiry__programme__organisation")
        .filter(pk=int(raw) if prefix == "actions.request" and raw.isdigit() else 0)
        .first()
    )
    if actor_request is None:
        raise Http404
    reports = sorted(
        actor_request.reports.select_related("measure", "enquiry", "request__enquiry"),
        key=lambda r: selectors.code_order(r.measure.code),
    )
    forms = _entry_forms(request.POST if request.method == "POST" else None, reports)
    if request.method == "POST":
        if not actor_request.accepting():
            messages.error(request, _("The reporting has closed; nothing was saved."))
            return redirect(request.path)
        done = _save_entries(request, actor_request, forms, None)
        if done:
            messages.success(request, done)
            return redirect(request.path)
    ctx = {
        "actor_request": actor_request,
        "enquiry": actor_request.enquiry,
        "programme": actor_request.enquiry.programme,
        "forms": forms,
        "accepting": actor_request.accepting(),
        "not_yet": actor_request.enquiry.opens_on > timezone.localdate(),
        "editable": any(r.editable for r in reports),
        "returned": [
            (r, workflow.latest_comment(r, "returned"))
            for r in reports
            if r.state == State.RETURNED
        ],
    }
    response = render(request, "actions/report.html", ctx)
    # A personal page: never kept by a shared cache, and its address (the key) never sent to
    # another site. "same-origin", not "no-referrer": with that, browsers send "Origin: null"
    # and the form's own POST fails the CSRF check.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_publish(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = _enquiry(request, pk)
    form = PublishConfirmForm(request.POST or None)

    def do(data: dict[str, Any]) -> str:
        count = services.enquiry_publish(
            enquiry=enquiry, user=access.acting_user(request.user), reason=data["reason"]
        )
        return str(_("The year was published with %(n)d reports.") % {"n": count})

    counts = {s: enquiry.reports.filter(state=s).count() for s in State.values}
    return workflow_views.publish_page(
        request,
        enquiry,
        form,
        do,
        template="actions/enquiry_publish.html",
        back=enquiry.get_absolute_url(),
        context={
            "enquiry": enquiry,
            "counts": [(s, State(s).label, counts[s]) for s in State.values],
            "approved": counts[State.APPROVED],
            "before_deadline": timezone.localdate() <= enquiry.deadline,
        },
        allowed=_can_change(request, enquiry.programme),
    )


# --- RUS's national view and open data ---------------------------------------------------


SEARCH_FIELDS = ("q", "mal", "sektor", "aktorstyp", "status", "lan", "ar", "goda")


def search(request: HttpRequest) -> HttpResponse:
    staff = access.has_national_view(request.user)
    params = {k: request.GET.get(k, "").strip() for k in SEARCH_FIELDS}
    if params["ar"] and not params["ar"].isdigit():
        params["ar"] = ""
    measures = selectors.search(params, staff=staff)
    if request.GET.get("format") in ("csv", "excel-csv", "xlsx"):
        header = [
            _("County"),
            _("Programme"),
            _("Code"),
            _("Measure"),
            _("Leading actor"),
            _("Kind of actor"),
            _("Sector"),
            _("Objectives"),
            _("Status"),
            _("Good example"),
            _("Address"),
        ]
        rows = (
            [
                m.programme.organisation.area.name,
                m.programme.title,
                m.code,
                m.title,
                m.lead.name,
                m.lead.get_kind_display(),
                str(m.sector or ""),
                ", ".join(str(g.number) for g in m.goals.all()),
                m.get_status_display(),
                _("yes") if m.good_example else "",
                request.build_absolute_uri(m.get_absolute_url()),
            ]
            for m in measures
        )
        return table_response("atgarder", _("Measures"), header, rows, request.GET["format"])
    from django.core.paginator import Paginator

    page = Paginator(measures, 50).get_page(request.GET.get("sida"))
    from rus.actions.forms import objectives

    query = request.GET.copy()
    query.pop("sida", None)
    ctx = {
        "page": page,
        "params": params,
        "staff": staff,
        "objectives": objectives(),
        "sectors": Sector.objects.all(),
        "kinds": Organisation.Kind.choices,
        "statuses": MeasureStatus.choices,
        "counties": Area.objects.filter(level=Area.Level.COUNTY).order_by("code"),
        "query": query.urlencode(),
    }
    return render(request, "actions/search.html", ctx)
