"""Changes to action programmes: programmes and measures, imports, the yearly enquiry with
personal links, reports (through the review workflow) and publishing a year."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rus.accounts.models import User
from rus.actions.models import (
    ActorRequest,
    Enquiry,
    Measure,
    MeasureStatus,
    Programme,
    Report,
    Sector,
)
from rus.contacts.models import Contact
from rus.goals.models import Goal
from rus.lib import links
from rus.lib.caching import bump_data_version
from rus.lib.concurrency import claim_or_refuse, save_checked
from rus.lib.numbers import parse_decimal, parse_number
from rus.lib.tabular import ProblemCollector, Table
from rus.organisations.models import Organisation
from rus.outbox import services as outbox
from rus.outbox.models import Message
from rus.workflow import services as workflow
from rus.workflow.models import State

REPORT_LINK = "actions.report"
# A link works this long after the window closes, so an actor can still read what was sent.
LINK_GRACE_DAYS = 90

PROGRAMME_FIELDS = (
    "title",
    "starts",
    "ends",
    "decided_on",
    "status",
    "description",
    "target_percent",
    "target_kind",
    "target_own",
)
MEASURE_FIELDS = (
    "code",
    "title",
    "description",
    "sector",
    "lead",
    "contact_name",
    "contact_email",
    "starts",
    "ends",
    "cost",
    "funding",
    "status",
)


def conflict_message() -> str:
    return _(
        "Someone else saved a change while you were editing. Your change has not been "
        "saved. Compare with the saved version shown here, then save again."
    )


# --- programmes and measures -------------------------------------------------------------


@transaction.atomic
def programme_save(
    *,
    programme: Programme | None,
    organisation: Organisation,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Programme:
    programme = save_checked(
        programme or Programme(organisation=organisation),
        data,
        PROGRAMME_FIELDS,
        expected_version=expected_version,
        message=conflict_message(),
    )
    for name in ("goals", "sectors"):
        if name in data:
            getattr(programme, name).set(data[name])
    bump_data_version()
    return programme


@transaction.atomic
def measure_save(
    *,
    programme: Programme,
    measure: Measure | None,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Measure:
    measure = save_checked(
        measure or Measure(programme=programme),
        data,
        MEASURE_FIELDS,
        expected_version=expected_version,
        message=conflict_message(),
    )
    for name in ("goals", "targets", "participants", "indicators"):
        if name in data:
            getattr(measure, name).set(data[name])
    bump_data_version()
    return measure


@transaction.atomic
def document_add(*, programme: Programme, title: str, upload: Any, user: User) -> Any:
    from rus.actions.models import ProgrammeDocument

    doc = ProgrammeDocument.objects.create(
        programme=programme, title=title, file=upload, uploaded_by=user
    )
    bump_data_version()
    return doc


@transaction.atomic
def mark_good_example(*, measure: Measure, good: bool) -> Measure:
    Measure.objects.filter(pk=measure.pk).update(good_example=good)
    measure.good_example = good
    bump_data_version()
    return measure


# --- import ------------------------------------------------------------------------------

# The columns of a programme file, with the headings guessed for each (Swedish first).
IMPORT_COLUMNS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "code": (_("Code"), True, ("kod", "nr", "åtgärdsnummer", "id", "code")),
    "title": (_("Measure"), True, ("åtgärd", "rubrik", "titel", "namn", "title", "measure")),
    "description": (_("Description"), False, ("beskrivning", "description")),
    "lead": (
        _("Leading actor"),
        True,
        ("ansvarig", "ansvarig aktör", "huvudansvarig", "lead", "responsible"),
    ),
    "lead_kind": (_("Kind of leading actor"), False, ("aktörstyp", "typ av aktör", "actor kind")),
    "participants": (
        _("Actors taking part"),
        False,
        ("medverkande", "medverkande aktörer", "övriga aktörer", "participants"),
    ),
    "contact_name": (_("Contact person"), False, ("kontaktperson", "kontakt", "contact")),
    "contact_email": (_("Contact e-mail"), False, ("e-post", "epost", "email", "e-mail")),
    "goals": (_("Objectives (numbers)"), False, ("miljömål", "mål", "objectives", "goals")),
    "sector": (_("Sector"), False, ("sektor", "sector")),
    "starts": (_("Start year"), False, ("start", "startår", "från", "start year")),
    "ends": (_("End year"), False, ("slut", "slutår", "till", "end year")),
    "cost": (_("Estimated cost (SEK)"), False, ("kostnad", "beräknad kostnad", "cost")),
    "funding": (_("Funding"), False, ("finansiering", "funding")),
    "status": (_("Status"), False, ("status", "läge")),
}

ACTOR_KINDS = {
    "kommun": Organisation.Kind.MUNICIPALITY,
    "länsstyrelse": Organisation.Kind.COUNTY_BOARD,
    "region": Organisation.Kind.REGION,
    "företag": Organisation.Kind.COMPANY,
    "förening": Organisation.Kind.ASSOCIATION,
    "organisation": Organisation.Kind.ASSOCIATION,
    "nätverk": Organisation.Kind.NETWORK,
    "myndighet": Organisation.Kind.NETWORK,
}


# How people write a measure's status, in Swedish and English.
STATUS_WORDS = {
    MeasureStatus.NOT_STARTED: ("ej påbörjad", "inte påbörjad", "ej påbörjat", "not started"),
    MeasureStatus.STARTED: ("påbörjad", "påbörjat", "pågår", "pågående", "started", "ongoing"),
    MeasureStatus.COMPLETED: ("genomförd", "genomfört", "klar", "avslutad", "completed", "done"),
    MeasureStatus.DISCONTINUED: ("avbruten", "avbrutet", "avbröts", "discontinued", "cancelled"),
}


def _status_from_text(text: str) -> str | None:
    value = " ".join(text.strip().lower().split())
    if not value:
        return MeasureStatus.NOT_STARTED
    for key, words in STATUS_WORDS.items():
        if value == key or value in words:
            return str(key)
    return None


def status_words() -> str:
    return ", ".join(words[0] for words in STATUS_WORDS.values())


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    new_actors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _actor_lookup(county: Any) -> dict[str, Organisation]:
    """Actors by key or name (lower case). A municipality is also found as people write it:
    "Enköpings kommun", "Uppsala kommun", or by its SCB code."""
    lookup: dict[str, Organisation] = {}
    for org in Organisation.objects.select_related("area"):
        names = [org.key, org.name]
        if org.kind == Organisation.Kind.MUNICIPALITY:
            genitive = org.name if org.name[-1:].lower() in "sxz" else org.name + "s"
            names += [f"{org.name} kommun", f"{genitive} kommun", org.area.code]
        for text in names:
            lookup.setdefault(text.lower(), org)
    return lookup


def _year(text: str) -> int | None:
    number = parse_number(text)
    if number is None or number != int(number) or not 1990 <= number <= 2100:
        raise ValueError
    return int(number)


@transaction.atomic
def import_programme(
    table: Table, columns: dict[str, str], *, programme: Programme, dry_run: bool = False
) -> ImportReport:
    """Add or update a programme's measures from a table, all or nothing. A measure is
    matched on its code. Actors are matched on key or name; an unknown actor is added (in
    the county) only when the row says what kind of actor it is."""
    report = ImportReport(dry_run=dry_run)
    problems = ProblemCollector(table.label)
    index = {name: table.header.index(col) for name, col in columns.items() if col}
    actors = _actor_lookup(programme.organisation.area)
    objectives = {
        g.number: g
        for g in Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE)
    }
    sectors: dict[str, Sector] = {}
    for s in Sector.objects.all():
        sectors[s.key.lower()] = s
        sectors[s.name_sv.lower()] = s
        if s.name_en:
            sectors[s.name_en.lower()] = s
    new_actors: dict[str, Organisation] = {}
    rows: dict[str, dict[str, Any]] = {}

    def cell(cells: list[str], name: str) -> str:
        i = index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def actor(line: int, column: str, text: str, kind_text: str) -> Organisation | None:
        found = actors.get(text.lower()) or new_actors.get(text.lower())
        if found is not None:
            return found
        kind = ACTOR_KINDS.get(kind_text.strip().lower())
        if kind is None:
            problems.add(
                line,
                column,
                _(
                    "unknown actor '%(text)s'; give its kind (%(kinds)s) in the column of the "
                    "kind of actor to add it"
                )
                % {"text": text, "kinds": ", ".join(ACTOR_KINDS)},
            )
            return None
        org = Organisation(
            key=f"aktor-{programme.organisation.area.code}-{slugify(text)[:30]}",
            kind=kind,
            name=text,
            area=programme.organisation.area,
        )
        new_actors[text.lower()] = org
        return org

    for line, cells in table.rows():
        report.rows += 1
        heading = {n: columns[n] for n in index}
        code, title = cell(cells, "code"), cell(cells, "title")
        if not code:
            problems.add(line, heading["code"], _("the code is missing"))
        elif code in rows:
            problems.add(
                line,
                heading["code"],
                _("the code %(code)s is also on line %(line)d")
                % {"code": code, "line": rows[code]["line"]},
            )
            continue
        if not title:
            problems.add(line, heading["title"], _("the measure's title is missing"))
        lead_text = cell(cells, "lead")
        lead = None
        if not lead_text:
            problems.add(line, heading["lead"], _("the leading actor is missing"))
        else:
            lead = actor(line, heading["lead"], lead_text, cell(cells, "lead_kind"))
        participants = []
        for text in cell(cells, "participants").replace(",", ";").split(";"):
            if text.strip():
                found = actors.get(text.strip().lower()) or new_actors.get(text.strip().lower())
                if found is None:
                    problems.add(
                        line,
                        heading["participants"],
                        _(
                            "unknown actor '%(text)s'; add it as a leading actor with its kind, "
                            "or correct the name"
                        )
                        % {"text": text.strip()},
                    )
                else:
                    participants.append(found)
        email = cell(cells, "contact_email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.add(
                    line,
                    heading["contact_email"],
                    _("'%(text)s' is not an e-mail address") % {"text": email},
                )
        goals = []
        for text in cell(cells, "goals").replace(";", ",").split(","):
            if not text.strip():
                continue
            number = parse_number(text.strip())
            goal = (
                objectives.get(int(number))
                if number is not None and number == int(number)
                else None
            )
            if goal is None:
                problems.add(
                    line,
                    heading["goals"],
                    _("'%(text)s' is not the number of an environmental objective (1–16)")
                    % {"text": text.strip()},
                )
            else:
                goals.append(goal)
        sector = None
        if cell(cells, "sector"):
            sector = sectors.get(cell(cells, "sector").lower())
            if sector is None:
                problems.add(
                    line,
                    heading["sector"],
                    _("unknown sector '%(text)s'; the sectors are: %(sectors)s")
                    % {
                        "text": cell(cells, "sector"),
                        "sectors": ", ".join(s.name_sv for s in Sector.objects.all()),
                    },
                )
        years: dict[str, int | None] = {}
        for name in ("starts", "ends"):
            text = cell(cells, name)
            if text:
                try:
                    years[name] = _year(text)
                except ValueError:
                    problems.add(
                        line, heading[name], _("'%(text)s' is not a year") % {"text": text}
                    )
        start, end = years.get("starts"), years.get("ends")
        if start is not None and end is not None and end < start:
            problems.add(line, heading["ends"], _("the end year is before the start year"))
        cost: Decimal | None = None
        if cell(cells, "cost"):
            cost = parse_decimal(cell(cells, "cost"))
            if cost is None or cost < 0:
                problems.add(
                    line,
                    heading["cost"],
                    _("'%(text)s' is not an amount in kronor") % {"text": cell(cells, "cost")},
                )
        status = _status_from_text(cell(cells, "status"))
        if status is None:
            problems.add(
                line,
                heading.get("status"),
                _("the status must be one of: %(choices)s") % {"choices": status_words()},
            )
        if code and code not in rows:
            rows[code] = {
                "line": line,
                "code": code,
                "title": title,
                "description": cell(cells, "description"),
                "lead": lead,
                "participants": participants,
                "contact_name": cell(cells, "contact_name"),
                "contact_email": email,
                "goals": goals,
                "sector": sector,
                "starts": years.get("starts"),
                "ends": years.get("ends"),
                "cost": cost,
                "funding": cell(cells, "funding"),
                "status": status or MeasureStatus.NOT_STARTED,
            }
    if problems.problems:
        report.problems = [str(p) for p in problems.problems]
        return report
    report.new_actors = sorted(o.name for o in new_actors.values())
    for org in new_actors.values():
        org.full_clean()
        org.save()
    existing = {m.code: m for m in programme.measures.all()}
    for code, row in rows.items():
        row.pop("line")
        measure = existing.get(code)
        if measure is None:
            report.created += 1
        else:
            report.updated += 1
        measure_save(
            programme=programme,
            measure=measure,
            data=row,
            expected_version=measure.version if measure else None,
        )
    if dry_run:
        transaction.set_rollback(True)
    return report


# --- the yearly enquiry ------------------------------------------------------------------


def report_link(request: ActorRequest) -> str:
    """The absolute address of an actor's personal link to its reports."""
    expires = datetime.combine(
        request.closes_on + timedelta(days=LINK_GRACE_DAYS),
        time(23, 59),
        tzinfo=timezone.get_current_timezone(),
    )
    token = links.make(REPORT_LINK, request.subject, expires=expires)
    return outbox.site_url(reverse("actions:report", args=[token]))


def _recipient_for(organisation: Organisation, measures: list[Measure]) -> tuple[str, str]:
    """Whom an actor's link goes to: the contact person named on its measures, else the
    organisation's contacts, else the organisation's own address."""
    for m in measures:
        if m.lead_id == organisation.pk and m.contact_email:
            return m.contact_name, m.contact_email
    contact = Contact.objects.filter(organisation=organisation).order_by("pk").first()
    if contact is not None:
        return contact.name, contact.email
    return "", organisation.email


@transaction.atomic
def enquiry_open(
    *,
    programme: Programme,
    year: int,
    deadline: date,
    opens_on: date | None = None,
    message: str = "",
    user: User,
) -> Enquiry:
    """Open a year's reporting window: one request per actor of the programme's measures,
    one report per measure and actor, first versions recorded. Invitations are sent with
    ``invite`` once the county board has checked the addresses."""
    if Enquiry.objects.filter(programme=programme, year=year).exists():
        raise ValidationError(_("The reporting for %(year)s is already open.") % {"year": year})
    opens_on = opens_on or timezone.localdate()
    if deadline < opens_on:
        raise ValidationError(_("The closing day is before the opening day."))
    measures = list(
        programme.measures.select_related("lead").prefetch_related("participants").order_by("code")
    )
    if not measures:
        raise ValidationError(_("The programme has no measures to report on."))
    enquiry = Enquiry.objects.create(
        programme=programme, year=year, deadline=deadline, opens_on=opens_on, message=message
    )
    by_actor: dict[int, tuple[Organisation, list[Measure]]] = {}
    for m in measures:
        for org in m.actors():
            by_actor.setdefault(org.pk, (org, []))[1].append(m)
    reports = []
    for org, its_measures in by_actor.values():
        name, email = _recipient_for(org, its_measures)
        request = ActorRequest.objects.create(
            enquiry=enquiry, organisation=org, name=name, email=email
        )
        for m in its_measures:
            reports.append(Report(enquiry=enquiry, request=request, measure=m, organisation=org))
    Report.objects.bulk_create(reports)
    workflow.record_first_versions(list(enquiry.reports.all()), user)
    return enquiry


def _queue_link(request: ActorRequest, template: str, cause: str, user: User | None) -> bool:
    if not request.email:
        return False
    enquiry = request.enquiry
    programme = enquiry.programme
    from rus.actions.selectors import code_order

    measures = sorted(
        (r.measure for r in request.reports.select_related("measure")),
        key=lambda m: code_order(m.code),
    )
    send_after = None
    if enquiry.opens_on > timezone.localdate():
        send_after = datetime.combine(
            enquiry.opens_on, time(8), tzinfo=timezone.get_current_timezone()
        )
    message = outbox.queue(
        template=template,
        recipients=[
            outbox.Recipient(
                email=request.email,
                name=request.name,
                person=f"actions.request:{request.pk}",
                context={"link": report_link(request)},
            )
        ],
        category=Message.Category.INVITATION,
        context={
            "programme": programme.title,
            "county_board": programme.organisation.name,
            "county_board_email": programme.organisation.email,
            "actor": request.organisation.name,
            "year": enquiry.year,
            "closes_on": request.closes_on.isoformat(),
            "message": enquiry.message,
            "measures": [f"{m.code} {m.title}" for m in measures],
        },
        created_by=user,
        send_after=send_after,
        cause=cause,
    )
    return message is not None


@transaction.atomic
def invite(*, enquiry: Enquiry, user: User | None) -> int:
    """Mail every actor that has an address and has not been invited its personal link.
    Sending again sends nothing twice: each invitation has its cause."""
    sent = 0
    now = timezone.now()
    for request in enquiry.requests.select_related("organisation").filter(invited_at__isnull=True):
        version = links.current_version(REPORT_LINK, request.subject)
        cause = f"actions.request:{request.pk}:invite:v{version}"
        if _queue_link(request, "actions-invitation", cause, user):
            ActorRequest.objects.filter(pk=request.pk).update(invited_at=now)
            sent += 1
    return sent


@transaction.atomic
def remind(*, enquiry: Enquiry, user: User | None, today: date | None = None) -> int:
    """Remind the actors who have not submitted, at most once a day each."""
    today = today or timezone.localdate()
    sent = 0
    for request in enquiry.requests.select_related("organisation").filter(
        submitted_at__isnull=True, invited_at__isnull=False
    ):
        if not request.accepting(today):
            continue
        cause = f"actions.request:{request.pk}:reminder:{today.isoformat()}"
        if _queue_link(request, "actions-reminder", cause, user):
            sent += 1
    return sent


@transaction.atomic
def request_update(
    *, request: ActorRequest, data: dict[str, Any], expected_version: int, user: User
) -> ActorRequest:
    """Change to whom an actor's link goes, or extend its window. A new address or a new
    closing day revokes the old link and sends a new one."""
    claim_or_refuse(request, expected_version, conflict_message())
    old = (request.email, request.extended_until)
    for f in ("name", "email", "extended_until"):
        if f in data:
            setattr(request, f, data[f])
    request.save()
    if (request.email, request.extended_until) != old and request.invited_at is not None:
        links.revoke(REPORT_LINK, request.subject)
        version = links.current_version(REPORT_LINK, request.subject)
        _queue_link(
            request, "actions-invitation", f"actions.request:{request.pk}:invite:v{version}", user
        )
    return request


def _reports_of(request: ActorRequest) -> dict[int, Report]:
    return {
        r.pk: r for r in request.reports.select_related("measure", "enquiry", "request__enquiry")
    }


@transaction.atomic
def actor_save(
    *,
    request: ActorRequest,
    entries: dict[int, dict[str, Any]],
    submit: bool,
    user: User | None = None,
) -> list[Report]:
    """Store what an actor (or the county board on its behalf) wrote on its measures, and
    submit them all when ``submit``; all or nothing. ``entries`` maps each report's id to
    its ``status``, ``share_done``, ``comment`` and the ``version`` the form started from.
    Only the request's own reports can be touched."""
    reports = _reports_of(request)
    unknown = set(entries) - set(reports)
    if unknown:
        raise ValidationError(_("These measures are not yours to report on."), code="foreign")
    if not request.accepting():
        raise ValidationError(
            _("The reporting closed on %(date)s.") % {"date": request.closes_on.isoformat()},
            code="closed",
        )
    note = (
        _("by %(name)s on behalf of %(actor)s")
        % {"name": user.get_full_name() or user.get_username(), "actor": request.organisation.name}
        if user
        else _("through the personal link of %(actor)s") % {"actor": request.organisation.name}
    )
    saved = []
    for pk, data in entries.items():
        report = reports[pk]
        if not report.editable:
            continue
        values = {k: data.get(k) for k in ("status", "share_done", "comment") if k in data}
        if submit:
            workflow.save_and_submit(
                item=report, data=values, expected_version=data["version"], user=user, note=note
            )
        else:
            workflow.save(
                item=report, data=values, expected_version=data["version"], user=user, note=note
            )
        saved.append(report)
    if submit:
        still_open = [r for r in reports.values() if r.pk not in entries and r.editable]
        for report in still_open:
            workflow.transition(
                item=report, action="submit", expected_version=report.version, user=user, note=note
            )
        ActorRequest.objects.filter(pk=request.pk).update(submitted_at=timezone.now())
    return saved


@transaction.atomic
def approve_submitted(*, enquiry: Enquiry, user: User) -> int:
    """Approve every report of the enquiry that is waiting for review."""
    count = 0
    for report in enquiry.reports.filter(state=State.SUBMITTED).select_related(
        "request__enquiry", "measure", "enquiry"
    ):
        workflow.transition(
            item=report, action="approve", expected_version=report.version, user=user
        )
        count += 1
    return count


@transaction.atomic
def bulk_status(*, enquiry: Enquiry, table: Table, user: User) -> ImportReport:
    """The county board's upload of many reports at once (kod, status, andel, kommentar and
    optionally aktör): stored on the actors' behalf and approved; all or nothing."""
    from rus.lib.mapping import guess_columns

    aliases = {
        "code": ("kod", "nr", "code"),
        "actor": ("aktör", "ansvarig", "actor"),
        "status": ("status", "läge"),
        "share_done": ("andel", "andel genomfört", "procent", "share"),
        "comment": ("kommentar", "comment"),
    }
    columns = guess_columns(table.header, aliases)
    report = ImportReport()
    problems = ProblemCollector(table.label)
    for name in ("code", "status"):
        if name not in columns:
            problems.add(1, None, _("the column %(name)s is missing") % {"name": aliases[name][0]})
    if problems.problems:
        report.problems = [str(p) for p in problems.problems]
        return report
    index = {n: table.header.index(c) for n, c in columns.items()}
    reports = {
        (r.measure.code, r.organisation.name.lower()): r
        for r in enquiry.reports.select_related("measure", "organisation", "request__enquiry")
    }
    leads = {r.measure.code: r for r in reports.values() if r.organisation_id == r.measure.lead_id}
    chosen: dict[int, tuple[Report, dict[str, Any]]] = {}
    for line, cells in table.rows():
        report.rows += 1

        def cell(name: str, cells: list[str] = cells) -> str:
            i = index.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        code, actor = cell("code"), cell("actor")
        target = reports.get((code, actor.lower())) if actor else leads.get(code)
        if target is None:
            problems.add(
                line,
                columns["actor"] if actor else columns["code"],
                _("no measure %(code)s with the actor %(actor)s in this reporting")
                % {"code": code, "actor": actor or _("(the leading actor)")},
            )
            continue
        status = _status_from_text(cell("status")) if cell("status") else None
        if status is None:
            problems.add(
                line,
                columns["status"],
                _("the status must be one of: %(choices)s") % {"choices": status_words()},
            )
        share = None
        if cell("share_done"):
            number = parse_number(cell("share_done").rstrip("%").strip())
            if number is None or not 0 <= number <= 100 or number != int(number):
                problems.add(
                    line,
                    columns["share_done"],
                    _("'%(text)s' is not a whole per cent from 0 to 100")
                    % {"text": cell("share_done")},
                )
            else:
                share = int(number)
        chosen[target.pk] = (
            target,
            {"status": status, "share_done": share, "comment": cell("comment")},
        )
    if problems.problems:
        report.problems = [str(p) for p in problems.problems]
        return report
    for target, values in chosen.values():
        if target.state in (State.SUBMITTED, State.APPROVED):
            workflow.transition(
                item=target,
                action="return",
                expected_version=target.version,
                user=user,
                comment=_("Replaced by the county board's upload."),
            )
        if target.state == State.PUBLISHED:
            workflow.transition(
                item=target,
                action="reopen",
                expected_version=target.version,
                user=user,
                comment=_("Corrected by the county board's upload."),
            )
        if not target.request.accepting():
            problems.add(
                None, None, _("%(actor)s's window is closed") % {"actor": target.organisation}
            )
            continue
        workflow.save_and_submit(
            item=target,
            data=values,
            expected_version=target.version,
            user=user,
            note=_("uploaded by the county board"),
        )
        workflow.transition(
            item=target, action="approve", expected_version=target.version, user=user
        )
        report.updated += 1
    if problems.problems:
        transaction.set_rollback(True)
        report.problems = [str(p) for p in problems.problems]
        report.updated = 0
    return report


@transaction.atomic
def enquiry_publish(*, enquiry: Enquiry, user: User, reason: str = "") -> int:
    """Publish the year's approved reports; each measure takes the status its leading actor
    reported."""

    def before(locked: Enquiry, items: list[Any]) -> None:
        for report in items:
            if report.organisation_id == report.measure.lead_id and report.status:
                Measure.objects.filter(pk=report.measure_id).update(status=report.status)

    _locked, count = workflow.publish_round(rnd=enquiry, user=user, reason=reason, before=before)
    return count
