"""Changes to contacts and lists, unsubscription and erasure. Pages, API and admin all go
through these functions."""

from dataclasses import dataclass, field
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from rus.accounts.models import User
from rus.contacts import selectors
from rus.contacts.models import Contact, ContactList, Erasure, ListRule, Role, Unsubscription
from rus.contacts.signals import unsubscribed
from rus.lib import links, personal
from rus.lib.caching import bump_data_version
from rus.lib.concurrency import claim_or_refuse
from rus.lib.mapping import guess_columns
from rus.lib.tabular import ProblemCollector, Table

CONTACT_FIELDS = ("name", "email", "phone", "language", "legal_basis", "note")
LIST_FIELDS = ("key", "name_sv", "name_en", "description", "kind")
UNSUBSCRIBE = "unsubscribe"


def conflict_message() -> str:
    return _(
        "Someone else saved a change while you were editing. Your change has not been "
        "saved. Compare with the saved version shown here, then save again."
    )


def _erased_refusal(email: str) -> None:
    if selectors.is_erased(email):
        raise ValidationError(
            _(
                "This address was erased at the person's request. Add it again only if the "
                "person has asked to be added."
            ),
            code="erased",
        )


# --- contacts ----------------------------------------------------------------------------


@transaction.atomic
def contact_create(*, organisation: Any, data: dict[str, Any]) -> Contact:
    contact = Contact(
        organisation=organisation, **{f: data[f] for f in CONTACT_FIELDS if f in data}
    )
    contact.email = contact.email.strip()
    if not data.get("erased_ok"):
        _erased_refusal(contact.email)
    contact.full_clean()
    contact.save()
    if "roles" in data:
        contact.roles.set(data["roles"])
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: dict[str, Any], expected_version: int) -> Contact:
    claim_or_refuse(contact, expected_version, conflict_message())
    for f in CONTACT_FIELDS:
        if f in data:
            setattr(contact, f, data[f])
    contact.save()
    if "roles" in data:
        contact.roles.set(data["roles"])
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, expected_version: int) -> None:
    claim_or_refuse(contact, expected_version, conflict_message())
    contact.delete()


# --- import ------------------------------------------------------------------------------

# Accepted headings for each field, Swedish first; compared without case.
HEADINGS: dict[str, tuple[str, ...]] = {
    "organisation": ("organisation", "organisation_key", "organisationsnyckel"),
    "name": ("namn", "name"),
    "email": ("e-post", "epost", "email", "e-mail"),
    "phone": ("telefon", "phone"),
    "roles": ("roller", "roll", "roles", "role"),
    "language": ("språk", "language"),
    "legal_basis": ("rättslig grund", "legal_basis", "legal basis"),
    "note": ("anteckning", "note"),
}
REQUIRED = ("name", "email", "roles")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    dry_run: bool = False


def _columns(header: list[str]) -> dict[str, int]:
    return {name: header.index(h) for name, h in guess_columns(header, HEADINGS).items()}


def _role_lookup() -> dict[str, Role]:
    lookup: dict[str, Role] = {}
    for role in Role.objects.all():
        for text in (role.key, role.name_sv, role.name_en):
            if text:
                lookup[text.strip().lower()] = role
    return lookup


def _choice(value: str, choices: Any, default: str) -> str | None:
    if not value:
        return default
    text = value.strip().lower()
    for key, label in choices:
        if text in (str(key).lower(), str(label).lower()):
            return str(key)
    return None


@transaction.atomic
def import_contacts(
    table: Table, *, organisations: Any, default_organisation: Any = None, dry_run: bool = False
) -> ImportReport:
    """Add or update contacts from a table, all or nothing. ``organisations`` are those the
    importer may write for; rows name one by key or name, or ``default_organisation`` is
    used. A contact is matched on organisation and e-mail."""
    columns = _columns(table.header)
    problems = ProblemCollector(table.label)
    for name in REQUIRED:
        if name not in columns:
            problems.add(1, None, _("the column %(name)s is missing") % {"name": HEADINGS[name][0]})
    if "organisation" not in columns and default_organisation is None:
        problems.add(1, None, _("the column organisation is missing"))
    report = ImportReport(dry_run=dry_run)
    if problems.problems:
        report.problems = [str(p) for p in problems.problems]
        return report
    by_text: dict[str, Any] = {}
    for org in organisations:
        by_text[org.key.lower()] = org
        by_text[org.name.lower()] = org
    roles = _role_lookup()
    erased = selectors.erased_digests()
    rows: dict[tuple[int, str], dict[str, Any]] = {}

    def cell(cells: list[str], name: str) -> str:
        i = columns.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    for line, cells in table.rows():
        report.rows += 1
        heading = {n: table.header[i] for n, i in columns.items()}
        org_text = cell(cells, "organisation")
        org = by_text.get(org_text.lower()) if org_text else default_organisation
        if org is None:
            problems.add(
                line,
                heading.get("organisation"),
                _("unknown organisation '%(text)s', or one you may not change")
                % {"text": org_text},
            )
        name, email = cell(cells, "name"), cell(cells, "email")
        if not name:
            problems.add(line, heading["name"], _("the name is missing"))
        try:
            validate_email(email)
        except ValidationError:
            problems.add(
                line, heading["email"], _("'%(text)s' is not an e-mail address") % {"text": email}
            )
        else:
            if selectors.digest(email) in erased:
                problems.add(
                    line,
                    heading["email"],
                    _("this address was erased at the person's request; remove the row"),
                )
        row_roles = []
        for text in cell(cells, "roles").replace(";", ",").split(","):
            if not text.strip():
                continue
            role = roles.get(text.strip().lower())
            if role is None:
                problems.add(
                    line, heading["roles"], _("unknown role '%(text)s'") % {"text": text.strip()}
                )
            else:
                row_roles.append(role)
        if not row_roles and cell(cells, "roles") == "":
            problems.add(line, heading["roles"], _("at least one role is needed"))
        language = _choice(cell(cells, "language"), Contact.Language.choices, "sv")
        if language is None:
            problems.add(line, heading.get("language"), _("the language must be sv or en"))
        basis = _choice(
            cell(cells, "legal_basis"), Contact.LegalBasis.choices, Contact.LegalBasis.PUBLIC_TASK
        )
        if basis is None:
            problems.add(
                line,
                heading.get("legal_basis"),
                _("the legal basis must be one of %(choices)s")
                % {"choices": ", ".join(Contact.LegalBasis.values)},
            )
        if org is None or not name or language is None or basis is None:
            continue
        key = (org.pk, email.lower())
        if key in rows:
            problems.add(
                line,
                heading["email"],
                _("the same address for the same organisation is also on line %(line)d")
                % {"line": rows[key]["line"]},
            )
            continue
        rows[key] = {
            "line": line,
            "organisation": org,
            "name": name,
            "email": email,
            "phone": cell(cells, "phone"),
            "language": language,
            "legal_basis": basis,
            "note": cell(cells, "note"),
            "roles": row_roles,
        }
    if problems.problems:
        report.problems = [str(p) for p in problems.problems]
        return report
    existing = {
        (c.organisation_id, c.email.lower()): c
        for c in Contact.objects.filter(
            organisation__in={r["organisation"].pk for r in rows.values()}
        ).prefetch_related("roles")
    }
    for key, row in rows.items():
        current = existing.get(key)
        values = {f: row[f] for f in CONTACT_FIELDS}
        if current is None:
            report.created += 1
            if not dry_run:
                contact_create(
                    organisation=row["organisation"], data={**values, "roles": row["roles"]}
                )
            continue
        same = all(getattr(current, f) == v for f, v in values.items()) and {
            r.pk for r in current.roles.all()
        } == {r.pk for r in row["roles"]}
        if same:
            report.unchanged += 1
            continue
        report.updated += 1
        if not dry_run:
            contact_update(
                contact=current,
                data={**values, "roles": row["roles"]},
                expected_version=current.version,
            )
    if dry_run:
        transaction.set_rollback(True)
    return report


# --- lists -------------------------------------------------------------------------------


@transaction.atomic
def list_save(
    *,
    contact_list: ContactList | None,
    data: dict[str, Any],
    rules: list[dict[str, Any]],
    expected_version: int | None = None,
) -> ContactList:
    """Create or change a list and replace its rules, in one step."""
    if contact_list is None:
        contact_list = ContactList(**{f: data[f] for f in LIST_FIELDS if f in data})
        contact_list.full_clean()
        contact_list.save()
    else:
        claim_or_refuse(contact_list, expected_version or 0, conflict_message())
        for f in LIST_FIELDS:
            if f in data:
                setattr(contact_list, f, data[f])
        contact_list.save()
        contact_list.rules.all().delete()
    for rule in rules:
        if not (rule.get("roles") or rule.get("organisation_kinds") or rule.get("areas")):
            continue
        row = ListRule.objects.create(
            contact_list=contact_list, organisation_kinds=list(rule.get("organisation_kinds") or [])
        )
        row.roles.set(rule.get("roles") or [])
        row.areas.set(rule.get("areas") or [])
    return contact_list


# --- unsubscription ----------------------------------------------------------------------


def unsubscribe_token(contact: Contact, contact_lists: list[ContactList]) -> str:
    """The personal link token with which ``contact`` leaves ``contact_lists``; valid two
    years, so that an old newsletter's link still works."""
    return links.make(
        UNSUBSCRIBE,
        contact.person,
        days=730,
        data={"lists": sorted(cl.pk for cl in contact_lists)},
    )


@transaction.atomic
def unsubscribe(*, contact_lists: list[ContactList], email: str, via: str) -> list[ContactList]:
    """Take the address off the optional lists given; service lists cannot be left. Returns
    the lists it was taken off now."""
    address = email.strip().lower()
    left = []
    for cl in contact_lists:
        if not cl.optional:
            continue
        _row, created = Unsubscription.objects.get_or_create(
            contact_list=cl, email=address, defaults={"via": via}
        )
        if created:
            left.append(cl)
    if left:
        # In the same transaction: queued mail to these lists is cancelled with it.
        unsubscribed.send(sender=Unsubscription, email=address, list_ids=[cl.pk for cl in left])
    return left


@transaction.atomic
def resubscribe(*, contact_list: ContactList, email: str) -> bool:
    deleted, _ = Unsubscription.objects.filter(
        contact_list=contact_list, email=email.strip().lower()
    ).delete()
    return bool(deleted)


# --- erasure -----------------------------------------------------------------------------


def _scrub_log(texts: set[str]) -> int:
    """Delete audit entries that mention any of ``texts`` anywhere (JSON written with or
    without escapes); the log keeps no trace of an erased person."""
    import json

    needles = set()
    for text in texts:
        # A very short name would match unrelated entries.
        if text and len(text) >= 4:
            needles.add(text)
            needles.add(json.dumps(text)[1:-1])
    if not needles:
        return 0
    # Entries the person made stay (what they did is the organisation's record), unsigned.
    LogEntry.objects.filter(actor_email__in=[t for t in texts if "@" in t]).update(actor_email="")
    condition = Q()
    for needle in needles:
        condition |= (
            Q(object_repr__icontains=needle)
            | Q(changes_text__icontains=needle)
            | Q(changes_as_text__icontains=needle)
            | Q(serialized_as_text__icontains=needle)
            | Q(additional_as_text__icontains=needle)
        )
    matching = LogEntry.objects.annotate(
        changes_as_text=Cast("changes", TextField()),
        serialized_as_text=Cast("serialized_data", TextField()),
        additional_as_text=Cast("additional_data", TextField()),
    ).filter(condition)
    deleted, _ = LogEntry.objects.filter(
        pk__in=list(matching.values_list("pk", flat=True))
    ).delete()
    return deleted


@transaction.atomic
def erase_person(*, email: str, user: User | None) -> Erasure:
    """Erase everything rus holds on the person with this address: contacts, list
    unsubscriptions, personal links, their mail's address and name (the deliveries stay,
    anonymous, so counts hold), audit entries about them, and an account's identity. A
    keyed digest of the address is kept so that later imports and sends skip them."""
    person = selectors.person(email)
    if user is not None and user.email.strip().lower() == person.email:
        raise ValidationError(_("You cannot erase yourself; ask another administrator."))
    counts: dict[str, int] = {}
    contacts = Contact.objects.filter(email__iexact=person.email)
    contact_ids = [str(pk) for pk in contacts.values_list("pk", flat=True)]
    kind = ContentType.objects.get_for_model(Contact)
    with disable_auditlog():
        counts["contacts"] = len(contact_ids)
        LogEntry.objects.filter(content_type=kind, object_pk__in=contact_ids).delete()
        contacts.delete()
        counts["unsubscriptions"] = Unsubscription.objects.filter(email=person.email).delete()[0]
        for pk in contact_ids:
            links.forget(f"contact:{pk}")
        counts.update(personal.erase(person))
    counts["audit entries"] = _scrub_log({person.email, *person.names})
    erasure, _created = Erasure.objects.update_or_create(
        digest=selectors.digest(person.email),
        defaults={"erased_by": user, "counts": counts},
    )
    bump_data_version()
    return erasure
