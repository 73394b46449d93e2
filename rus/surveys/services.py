"""Building surveys, inviting, answering (through personal links) and importing.

Anonymity: a respondent's link carries a random key (``n``) that rus never stores; an
anonymous response is found again by the key's hash. The invitation only learns that it has
been answered, and on which day.
"""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rus.accounts.models import User
from rus.contacts import selectors as contacts
from rus.contacts.models import Contact
from rus.lib import links
from rus.lib.caching import bump_data_version
from rus.lib.concurrency import claim_or_refuse
from rus.lib.numbers import parse_decimal
from rus.lib.tabular import ProblemCollector, Table
from rus.organisations.models import Organisation
from rus.outbox import services as outbox
from rus.outbox.models import Message
from rus.surveys.models import Answer, Invitation, Option, Question, Response, Section, Survey

LINK = "surveys.answer"
LINK_GRACE_DAYS = 60
SURVEY_FIELDS = (
    "slug",
    "series",
    "edition",
    "title_sv",
    "title_en",
    "intro_sv",
    "intro_en",
    "anonymous",
    "opens_on",
    "closes_on",
)
QUESTION_FIELDS = (
    "code",
    "kind",
    "text_sv",
    "text_en",
    "help_sv",
    "help_en",
    "required",
    "scale_min",
    "scale_max",
    "section",
    "show_if",
)


def conflict_message() -> str:
    return _(
        "Someone else saved a change while you were editing. Your change has not been "
        "saved. Compare with the saved version shown here, then save again."
    )


def _check_unanswered(survey: Survey) -> None:
    if survey.responses.filter(submitted=True).exists():
        raise ValidationError(
            _(
                "The survey has answers; its questions can no longer change. Copy it to a new "
                "edition to change them."
            ),
            code="answered",
        )


# --- building ----------------------------------------------------------------------------


@transaction.atomic
def survey_save(
    *,
    survey: Survey | None,
    data: dict[str, Any],
    user: User | None,
    expected_version: int | None = None,
) -> Survey:
    if survey is None:
        survey = Survey(created_by=user)
    else:
        claim_or_refuse(survey, expected_version or 0, conflict_message())
        if survey.anonymous != data.get("anonymous", survey.anonymous):
            _check_unanswered(survey)
    for f in SURVEY_FIELDS:
        if f in data:
            setattr(survey, f, data[f])
    survey.full_clean()
    survey.save()
    return survey


def _touch(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(version=survey.version + 1)
    survey.version += 1


@transaction.atomic
def section_save(*, survey: Survey, section: Section | None, data: dict[str, Any]) -> Section:
    if section is None:
        last = survey.sections.aggregate(p=Max("position"))["p"]
        section = Section(survey=survey, position=0 if last is None else last + 1)
    section.title_sv = data["title_sv"]
    section.title_en = data.get("title_en", "")
    section.save()
    return section


def parse_options(text: str) -> list[tuple[str, str, str]]:
    """Options written one per line, "Svensk text | English text"; the code is the
    Swedish text made into a slug, so it stays while the text stays."""
    result: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        sv, _sep, en = line.partition("|")
        result.append(
            (slugify(sv.strip())[:60] or f"val-{len(result) + 1}", sv.strip(), en.strip())
        )
    return result


def _set_options(question: Question, options: list[tuple[str, str, str]]) -> None:
    codes = [c for c, _sv, _en in options]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Two options have the same text."), code="options")
    keep = set(codes)
    question.options.exclude(code__in=keep).delete()
    existing = {o.code: o for o in question.options.all()}
    for position, (code, sv, en) in enumerate(options):
        option = existing.get(code) or Option(question=question, code=code)
        option.position, option.text_sv, option.text_en = position, sv, en
        option.save()


@transaction.atomic
def question_save(
    *,
    survey: Survey,
    question: Question | None,
    data: dict[str, Any],
    options: list[tuple[str, str, str]] | None = None,
) -> Question:
    """Add or change a question and its options. Once the survey has answers only the texts
    may change (the meaning of the answers must not)."""
    answered = survey.responses.filter(submitted=True).exists()
    if question is None:
        if answered:
            _check_unanswered(survey)
        last = survey.questions.aggregate(p=Max("position"))["p"]
        question = Question(survey=survey, position=0 if last is None else last + 1)
    elif answered:
        changed = [
            f
            for f in ("code", "kind", "scale_min", "scale_max")
            if f in data and data[f] != getattr(question, f)
        ]
        codes = None if options is None else [c for c, _sv, _en in options]
        if changed or (
            codes is not None and codes != list(question.options.values_list("code", flat=True))
        ):
            _check_unanswered(survey)
    for f in QUESTION_FIELDS:
        if f in data:
            setattr(question, f, data[f])
    if question.kind == Question.Kind.SCALE:
        low, high = question.scale_min, question.scale_max
        if low is None or high is None or high <= low or high - low > 10:
            raise ValidationError(
                _("A scale goes from a lower to a higher whole number, at most 10 steps apart."),
                code="scale",
            )
        options = [(str(n), str(n), str(n)) for n in range(low, high + 1)]
    question.full_clean()
    question.save()
    if question.has_options:
        if not options:
            raise ValidationError(_("Give the options, one per line."), code="options")
        _set_options(question, options)
    else:
        question.options.all().delete()
    _touch(survey)
    return question


@transaction.atomic
def question_delete(*, survey: Survey, question: Question) -> None:
    _check_unanswered(survey)
    question.delete()
    _touch(survey)


@transaction.atomic
def question_move(*, survey: Survey, question: Question, step: int) -> None:
    questions = list(survey.questions.all())
    i = next(n for n, q in enumerate(questions) if q.pk == question.pk)
    j = i + step
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
    for position, q in enumerate(questions):
        if q.position != position:
            Question.objects.filter(pk=q.pk).update(position=position)
    _touch(survey)


# --- definitions from files (manage.py import_survey) ------------------------------------


KINDS = {k.value for k in Question.Kind}


def import_definition(data: Any, *, label: str, user: User | None = None) -> tuple[Survey, bool]:
    """Create or update a survey from a definition (see the README); every problem is named
    by its place in the file, and nothing is stored unless all is right."""
    problems: list[str] = []

    def problem(where: str, message: str) -> None:
        problems.append(f"{label}, {where}: {message}")

    if not isinstance(data, dict):
        raise ValidationError([f"{label}: " + _("the file must hold one JSON object")])
    for key in ("slug", "title", "questions"):
        if key not in data:
            problem(key, _("missing"))
    questions = data.get("questions") or []
    if not isinstance(questions, list):
        problem("questions", _("must be a list"))
        questions = []
    seen: set[str] = set()
    for i, q in enumerate(questions):
        where = f"questions[{i}]"
        if not isinstance(q, dict):
            problem(where, _("must be an object"))
            continue
        code = str(q.get("code", "")).strip()
        if not code or slugify(code) != code.lower():
            problem(
                f"{where}.code",
                _("'%(code)s' is not a code (letters, digits, - and _)") % {"code": code},
            )
        elif code in seen:
            problem(f"{where}.code", _("the code %(code)s is used twice") % {"code": code})
        seen.add(code)
        if not str(q.get("text", "")).strip():
            problem(f"{where}.text", _("missing"))
        kind = q.get("kind")
        if kind not in KINDS:
            problem(
                f"{where}.kind", _("must be one of %(kinds)s") % {"kinds": ", ".join(sorted(KINDS))}
            )
        options = q.get("options") or []
        if kind in ("single", "multiple") and (not isinstance(options, list) or len(options) < 2):
            problem(f"{where}.options", _("a choice needs at least two options"))
        if (
            kind == "scale"
            and not (isinstance(options, list) and options)
            and not (isinstance(q.get("min"), int) and isinstance(q.get("max"), int))
        ):
            problem(f"{where}", _("a scale needs min and max (whole numbers)"))
        if "required" in q and not isinstance(q["required"], bool):
            problem(f"{where}.required", _("must be true or false"))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        survey = Survey.objects.filter(slug=data["slug"]).first()
        created = survey is None
        fields = {
            "slug": data["slug"],
            "series": data.get("series") or data["slug"],
            "edition": int(data.get("edition") or timezone.localdate().year),
            "title_sv": data["title"],
            "title_en": data.get("title_en", ""),
            "intro_sv": data.get("intro", ""),
            "intro_en": data.get("intro_en", ""),
            "anonymous": bool(data.get("anonymous", False)),
        }
        survey = survey_save(
            survey=survey,
            data=fields,
            user=user,
            expected_version=survey.version if survey else None,
        )
        existing = {q.code: q for q in survey.questions.all()}
        for position, q in enumerate(questions):
            kind = q["kind"]
            options = [(slugify(str(o))[:60], str(o), "") for o in q.get("options") or []]
            qdata = {
                "code": q["code"],
                "kind": kind,
                "text_sv": q["text"],
                "text_en": q.get("text_en", ""),
                "help_sv": q.get("help", ""),
                "required": bool(q.get("required", False)),
                "scale_min": q.get("min") if kind == "scale" else None,
                "scale_max": q.get("max") if kind == "scale" else None,
            }
            if kind == "scale" and q.get("options"):
                numbers = [int(o) for o in q["options"]]
                qdata["scale_min"], qdata["scale_max"] = min(numbers), max(numbers)
            question = question_save(
                survey=survey, question=existing.get(q["code"]), data=qdata, options=options
            )
            Question.objects.filter(pk=question.pk).update(position=position)
        return survey, created


@transaction.atomic
def copy_survey(*, survey: Survey, slug: str, edition: int, user: User) -> Survey:
    """A new edition with the same sections, questions, codes and options, and no answers."""
    if Survey.objects.filter(slug=slug).exists():
        raise ValidationError(_("The short name %(slug)s is taken.") % {"slug": slug}, code="slug")
    copy = Survey.objects.create(
        slug=slug,
        series=survey.series,
        edition=edition,
        title_sv=survey.title_sv,
        title_en=survey.title_en,
        intro_sv=survey.intro_sv,
        intro_en=survey.intro_en,
        anonymous=survey.anonymous,
        created_by=user,
    )
    sections = {}
    for s in survey.sections.all():
        sections[s.pk] = Section.objects.create(
            survey=copy, position=s.position, title_sv=s.title_sv, title_en=s.title_en
        )
    options = {}
    for q in survey.questions.prefetch_related("options"):
        new = Question.objects.create(
            survey=copy,
            section=sections.get(q.section_id) if q.section_id else None,
            position=q.position,
            code=q.code,
            kind=q.kind,
            text_sv=q.text_sv,
            text_en=q.text_en,
            help_sv=q.help_sv,
            help_en=q.help_en,
            required=q.required,
            scale_min=q.scale_min,
            scale_max=q.scale_max,
        )
        for o in q.options.all():
            options[o.pk] = Option.objects.create(
                question=new, position=o.position, code=o.code, text_sv=o.text_sv, text_en=o.text_en
            )
    for q in survey.questions.filter(show_if__isnull=False):
        assert q.show_if_id is not None
        Question.objects.filter(survey=copy, code=q.code).update(show_if=options[q.show_if_id])
    return copy


@transaction.atomic
def set_state(*, survey: Survey, state: str) -> Survey:
    if state == Survey.State.OPEN and not survey.questions.exists():
        raise ValidationError(_("The survey has no questions yet."), code="empty")
    survey.state = state
    survey.save(update_fields=["state"])
    return survey


@transaction.atomic
def publish_results(*, survey: Survey, publish: bool) -> Survey:
    survey.results_published_at = timezone.now() if publish else None
    survey.save(update_fields=["results_published_at"])
    bump_data_version()
    return survey


# --- invitations -------------------------------------------------------------------------


def answer_link(invitation: Invitation) -> str:
    """A personal link to answer; for an anonymous survey with a fresh random key, which
    rus does not keep."""
    survey = invitation.survey
    closes = survey.closes_on or (timezone.localdate() + timedelta(days=365))
    expires = datetime.combine(
        closes + timedelta(days=LINK_GRACE_DAYS),
        time(23, 59),
        tzinfo=timezone.get_current_timezone(),
    )
    data = {"n": secrets.token_urlsafe(16)} if survey.anonymous else None
    token = links.make(LINK, invitation.subject, expires=expires, data=data)
    return outbox.site_url(reverse("surveys:answer", args=[token]))


def _recipient_for(organisation: Organisation) -> tuple[str, str]:
    contact = (
        Contact.objects.filter(organisation=organisation, roles__key="miljomalssamordnare").first()
        or Contact.objects.filter(organisation=organisation).first()
    )
    if contact is not None:
        return contact.name, contact.email
    return "", organisation.email


@dataclass
class InviteReport:
    invited: int = 0
    without_address: list[str] = field(default_factory=list)


@transaction.atomic
def invite(
    *,
    survey: Survey,
    user: User | None,
    organisations: Iterable[Organisation] = (),
    contact_list: Any = None,
) -> InviteReport:
    """Invite organisations (their coordinator, else another contact, else their own
    address) and the members of a contact list; each address once per survey."""
    if survey.state == Survey.State.DRAFT:
        raise ValidationError(_("Open the survey before inviting."), code="draft")
    report = InviteReport()
    wanted: list[tuple[Any, str, str]] = []
    for org in organisations:
        name, email = _recipient_for(org)
        if not email:
            report.without_address.append(org.name)
            continue
        wanted.append((org, name, email))
    if contact_list is not None:
        for c in contacts.members(contact_list):
            wanted.append((c.organisation, c.name, c.email))
    for org, name, email in wanted:
        invitation, _created = Invitation.objects.get_or_create(
            survey=survey, email=email.strip().lower(), defaults={"organisation": org, "name": name}
        )
        if invitation.invited_at is not None:
            continue
        if _mail(
            invitation, "surveys-invitation", f"surveys.invitation:{invitation.pk}:invite", user
        ):
            Invitation.objects.filter(pk=invitation.pk).update(invited_at=timezone.now())
            report.invited += 1
    return report


def _mail(invitation: Invitation, template: str, cause: str, user: User | None) -> bool:
    survey = invitation.survey
    message = outbox.queue(
        template=template,
        recipients=[
            outbox.Recipient(
                email=invitation.email,
                name=invitation.name,
                person=f"surveys.invitation:{invitation.pk}",
                context={"link": answer_link(invitation)},
            )
        ],
        category=Message.Category.INVITATION,
        context={
            "title": survey.title_sv,
            "intro": survey.intro_sv,
            "closes_on": survey.closes_on.isoformat() if survey.closes_on else "",
            "anonymous": survey.anonymous,
            "organisation": invitation.organisation.name if invitation.organisation else "",
        },
        created_by=user,
        cause=cause,
    )
    return message is not None


@transaction.atomic
def remind(*, survey: Survey, user: User | None, today: date | None = None) -> int:
    """Remind those invited who have not answered, at most once a day each."""
    today = today or timezone.localdate()
    if not survey.accepting(today):
        return 0
    sent = 0
    for invitation in survey.invitations.filter(answered_on__isnull=True, invited_at__isnull=False):
        cause = f"surveys.invitation:{invitation.pk}:reminder:{today.isoformat()}"
        if _mail(invitation, "surveys-reminder", cause, user):
            sent += 1
    return sent


# --- answering ---------------------------------------------------------------------------


def key_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def find_response(invitation: Invitation, nonce: str) -> Response | None:
    survey = invitation.survey
    if survey.anonymous:
        return (
            Response.objects.filter(survey=survey, key=key_hash(nonce)).first() if nonce else None
        )
    return Response.objects.filter(invitation=invitation).first()


def visible(question: Question, chosen: dict[int, set[int]]) -> bool:
    """Whether a conditional question applies, given the options chosen (question id →
    option ids)."""
    if question.show_if_id is None:
        return True
    trigger = question.show_if
    assert trigger is not None
    return trigger.pk in chosen.get(trigger.question_id, set())


@dataclass
class Cleaned:
    """Answers checked against the survey: question id → option ids, number or text."""

    options: dict[int, set[int]] = field(default_factory=dict)
    numbers: dict[int, Decimal] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)

    def answered(self, question: Question) -> bool:
        return bool(
            self.options.get(question.pk)
            or question.pk in self.numbers
            or self.texts.get(question.pk, "").strip()
        )


def clean_answers(
    survey: Survey,
    raw: dict[str, list[str]],
    *,
    submit: bool,
    by_text: bool = False,
) -> tuple[Cleaned, dict[str, str]]:
    """Check raw answers (question code → values: option codes, or option texts when
    ``by_text``; a number; a text). Returns what is valid and the problems by question code.
    Answers to questions whose condition is not met are dropped; required ones are checked
    only on submit."""
    questions = list(survey.questions.select_related("show_if").prefetch_related("options"))
    cleaned = Cleaned()
    problems: dict[str, str] = {}
    for q in questions:
        values = [v.strip() for v in raw.get(q.code, []) if v and v.strip()]
        if q.has_options:
            if by_text and q.kind == Question.Kind.MULTIPLE and len(values) == 1:
                values = [v.strip() for v in values[0].split(";") if v.strip()]
            lookup: dict[str, int] = {}
            for o in q.options.all():
                lookup[o.code] = o.pk
                if by_text:
                    for text in (o.text_sv, o.text_en, o.code):
                        if text:
                            lookup[text.strip().lower()] = o.pk
            chosen = set()
            for v in values:
                pk = lookup.get(v.lower() if by_text else v)
                if pk is None:
                    problems[q.code] = _("'%(value)s' is not one of the options of %(code)s") % {
                        "value": v,
                        "code": q.code,
                    }
                    break
                chosen.add(pk)
            if q.kind != Question.Kind.MULTIPLE and len(chosen) > 1:
                problems[q.code] = _("choose one option only")
            if chosen and q.code not in problems:
                cleaned.options[q.pk] = chosen
        elif q.kind == Question.Kind.NUMBER:
            if len(values) > 1:
                problems[q.code] = _("give one number")
            elif values:
                number = parse_decimal(values[0])
                if number is None:
                    problems[q.code] = _("'%(value)s' is not a number") % {"value": values[0]}
                else:
                    cleaned.numbers[q.pk] = number
        elif values:
            cleaned.texts[q.pk] = "\n".join(values)[:10000]
    # Conditions, in question order: what does not apply is dropped.
    for q in questions:
        if not visible(q, cleaned.options):
            cleaned.options.pop(q.pk, None)
            cleaned.numbers.pop(q.pk, None)
            cleaned.texts.pop(q.pk, None)
            problems.pop(q.code, None)
        elif submit and q.required and not cleaned.answered(q) and q.code not in problems:
            problems[q.code] = _("this question must be answered")
    return cleaned, problems


def _store(response: Response, cleaned: Cleaned) -> None:
    response.answers.all().delete()
    rows = []
    for question_id, options in cleaned.options.items():
        rows += [Answer(response=response, question_id=question_id, option_id=o) for o in options]
    for question_id, number in cleaned.numbers.items():
        rows.append(Answer(response=response, question_id=question_id, number=number))
    for question_id, text in cleaned.texts.items():
        rows.append(Answer(response=response, question_id=question_id, text=text))
    Answer.objects.bulk_create(rows)


@transaction.atomic
def answer(
    *,
    invitation: Invitation,
    nonce: str,
    raw: dict[str, list[str]],
    submit: bool,
    expected_version: int | None,
) -> Response:
    """Store a respondent's answers (a draft, or submitted), all or nothing. One response
    per invitation: submitting again through the same link updates it."""
    survey = invitation.survey
    if not survey.accepting():
        raise ValidationError(_("The survey is closed; nothing was saved."), code="closed")
    cleaned, problems = clean_answers(survey, raw, submit=submit)
    if problems:
        raise ValidationError(problems)
    response = find_response(invitation, nonce)
    if response is None:
        if survey.anonymous and invitation.answered_on is not None:
            raise ValidationError(
                _(
                    "This invitation has already been answered with another link. Use the link "
                    "you answered with to change the answers."
                ),
                code="answered",
            )
        org = invitation.organisation
        response = Response.objects.create(
            survey=survey,
            invitation=None if survey.anonymous else invitation,
            organisation=None if survey.anonymous else org,
            organisation_kind=org.kind if org else "",
            key=key_hash(nonce) if survey.anonymous else "",
        )
    elif expected_version is not None:
        claim_or_refuse(response, expected_version, conflict_message())
    else:
        response.version += 1
        Response.objects.filter(pk=response.pk).update(version=response.version)
    _store(response, cleaned)
    if submit:
        Response.objects.filter(pk=response.pk).update(submitted=True)
        response.submitted = True
        Invitation.objects.filter(pk=invitation.pk).update(answered_on=timezone.localdate())
    return response


# --- responses from files (manage.py import_responses) -----------------------------------


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[str] = field(default_factory=list)


@transaction.atomic
def import_responses(survey: Survey, table: Table) -> ImportReport:
    """One row per respondent: an optional ``organisation`` column (key or name) and one
    column per question code, holding the option's text ("a; b" for several); empty for no
    answer. All or nothing; each problem named by row and column."""
    report = ImportReport()
    problems = ProblemCollector(table.label)
    codes = set(survey.questions.values_list("code", flat=True))
    header = [h.strip() for h in table.header]
    unknown = [h for h in header if h and h.lower() != "organisation" and h not in codes]
    for h in unknown:
        problems.add(1, h, _("no question has the code %(code)s") % {"code": h})
    org_col = next((i for i, h in enumerate(header) if h.lower() == "organisation"), None)
    organisations: dict[str, Organisation] = {}
    for o in Organisation.objects.all():
        organisations[o.key.lower()] = o
        organisations[o.name.lower()] = o
    pending: list[tuple[Organisation | None, Cleaned]] = []
    for line, cells in table.rows():
        report.rows += 1
        org = None
        if org_col is not None and org_col < len(cells) and cells[org_col].strip():
            org = organisations.get(cells[org_col].strip().lower())
            if org is None:
                problems.add(
                    line,
                    header[org_col],
                    _("unknown organisation '%(text)s'") % {"text": cells[org_col].strip()},
                )
        raw = {h: [cells[i]] for i, h in enumerate(header) if h in codes and i < len(cells)}
        cleaned, row_problems = clean_answers(survey, raw, submit=True, by_text=True)
        for code, message in row_problems.items():
            problems.add(line, code, message)
        pending.append((org, cleaned))
    problems.raise_if_any()
    for org, cleaned in pending:
        response = Response.objects.create(
            survey=survey,
            organisation=None if survey.anonymous else org,
            organisation_kind=org.kind if org else "",
            key=key_hash(secrets.token_urlsafe(16)) if survey.anonymous else "",
            submitted=True,
        )
        _store(response, cleaned)
    return report
