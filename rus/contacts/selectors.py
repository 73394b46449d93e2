"""Who is on a list now, and what rus holds on a person."""

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from rus.contacts.models import Contact, ContactList, Erasure, ListRule, Unsubscription
from rus.lib import personal


def rule_condition(rule: ListRule) -> Q:
    """The contacts one rule matches; an empty condition matches everyone."""
    q = Q()
    roles = [r.pk for r in rule.roles.all()]
    if roles:
        q &= Q(roles__in=roles)
    if rule.organisation_kinds:
        q &= Q(organisation__kind__in=rule.organisation_kinds)
    areas = [a.pk for a in rule.areas.all()]
    if areas:
        q &= Q(organisation__area__in=areas) | Q(organisation__area__parent__in=areas)
    return q


def members(contact_list: ContactList, *, include_unsubscribed: bool = False) -> QuerySet[Contact]:
    """The contacts on the list now: those matching any of its rules, less those who left
    an optional list. One row per contact; one address may appear for two organisations."""
    rules = list(contact_list.rules.prefetch_related("roles", "areas"))
    if not rules:
        return Contact.objects.none()
    condition = Q()
    for rule in rules:
        condition |= rule_condition(rule)
    ids = Contact.objects.filter(condition).values("pk")
    qs = Contact.objects.filter(pk__in=ids)
    if contact_list.optional and not include_unsubscribed:
        left = Unsubscription.objects.filter(contact_list=contact_list).values("email")
        qs = qs.annotate(email_lower=Lower("email")).exclude(email_lower__in=left)
    return (
        qs.select_related("organisation")
        .prefetch_related("roles")
        .order_by("organisation__name", "name")
    )


def lists_of(contact: Contact) -> list[ContactList]:
    """The lists the contact is on now."""
    return [
        cl
        for cl in ContactList.objects.prefetch_related("rules__roles", "rules__areas")
        if members(cl).filter(pk=contact.pk).exists()
    ]


def lists_for_email(email: str) -> list[ContactList]:
    """The lists an address is on now (through any of its contacts)."""
    return [
        cl
        for cl in ContactList.objects.prefetch_related("rules__roles", "rules__areas")
        if members(cl).filter(email__iexact=email.strip()).exists()
    ]


def digest(email: str) -> str:
    """A keyed digest of an address: lets rus recognise an erased address without keeping it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def is_erased(email: str) -> bool:
    return Erasure.objects.filter(digest=digest(email)).exists()


def erased_digests() -> set[str]:
    return set(Erasure.objects.values_list("digest", flat=True))


def person_data(email: str) -> dict[str, Any]:
    """Everything rus holds on the person with this address, for a GDPR access request:
    the contacts here and what other apps registered (``rus.lib.personal``)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    address = email.strip().lower()
    contacts = list(
        Contact.objects.filter(email__iexact=address)
        .select_related("organisation")
        .prefetch_related("roles")
    )
    kind = ContentType.objects.get_for_model(Contact)
    data: dict[str, Any] = {
        "email": address,
        "contacts": [
            {
                "id": c.pk,
                "organisation": c.organisation.name,
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "language": c.language,
                "roles": [r.name_sv for r in c.roles.all()],
                "legal_basis": c.legal_basis,
                "note": c.note,
                "created_at": c.created_at.isoformat(),
                "updated_at": c.updated_at.isoformat(),
                "lists": [cl.name_sv for cl in lists_of(c)],
                "history": [
                    {
                        "at": e.timestamp.isoformat(),
                        "action": e.get_action_display(),
                        "by": str(e.actor) if e.actor else "",
                        "changes": e.changes_dict,
                    }
                    for e in LogEntry.objects.filter(
                        content_type=kind, object_pk=str(c.pk)
                    ).order_by("timestamp")
                ],
            }
            for c in contacts
        ],
        "unsubscribed_from": [
            {"list": u.contact_list.name_sv, "at": u.created_at.isoformat(), "via": u.via}
            for u in Unsubscription.objects.filter(email=address).select_related("contact_list")
        ],
    }
    data.update(personal.export(person(address)))
    return data


def person(email: str) -> personal.Person:
    """The person behind an address: their contacts and accounts, by id and name."""
    from rus.accounts.models import User

    address = email.strip().lower()
    contacts = list(Contact.objects.filter(email__iexact=address).values_list("pk", "name"))
    users = list(User.objects.filter(email__iexact=address))
    return personal.Person(
        email=address,
        persons=[f"contact:{pk}" for pk, _name in contacts] + [f"user:{u.pk}" for u in users],
        names={name for _pk, name in contacts}
        | {u.get_full_name() for u in users if u.get_full_name()}
        | {u.get_username() for u in users},
    )


def worklist_sections(user: Any, filters: Any) -> list[Any]:
    """The start page: a coordinator's own contacts; RUS's contacts, lists and requests."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from rus.accounts import access
    from rus.accounts.worklist import Section

    url = reverse("contacts:list")
    if access.is_administrator(user):
        return [
            Section(
                title=_("Contacts and lists"),
                kind="admin",
                weight=10,
                counts=[
                    (_("contacts"), Contact.objects.count(), url),
                    (_("lists"), ContactList.objects.count(), reverse("contacts:lists")),
                ],
                links=[
                    (_("Contacts"), url),
                    (_("Contact lists"), reverse("contacts:lists")),
                    (_("Personal data requests (GDPR)"), reverse("contacts:person")),
                ],
            )
        ]
    own = [o for o in access.visible_organisations(user) if access.can_change_organisation(user, o)]
    if not own:
        return []
    count = Contact.objects.filter(organisation__in=own).count()
    return [
        Section(
            title=_("Your organisation's contacts"),
            kind="work",
            weight=10,
            intro=_(
                "Keep them current: their roles decide who gets RUS's newsletter, reminders "
                "and invitations."
            ),
            counts=[(_("contacts"), count, url)],
            links=[(_("Contacts"), url), (_("Import from a file"), reverse("contacts:import"))],
        )
    ]
