"""Changes to organisation-owned data. UI and API both go through these functions."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rus.lib.concurrency import claim_version
from rus.organisations.models import Contact, Organisation

PROFILE_FIELDS = ("website", "email", "description")
CONTACT_FIELDS = ("name", "email", "phone", "role")


def conflict_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved a change while you were editing. Your change has not been "
            "saved. Compare with the saved version shown here, then save again."
        ),
        code="conflict",
    )


def _apply(instance: Any, fields: tuple[str, ...], data: dict[str, Any], version: int) -> None:
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])
    instance.version = version + 1
    instance.save(update_fields=[f for f in fields if f in data] + ["version"])


@transaction.atomic
def organisation_update_profile(
    *, organisation: Organisation, data: dict[str, Any], expected_version: int
) -> Organisation:
    if not claim_version(Organisation, organisation.pk, expected_version):
        raise conflict_error()
    _apply(organisation, PROFILE_FIELDS, data, expected_version)
    return organisation


@transaction.atomic
def contact_create(*, organisation: Organisation, data: dict[str, Any]) -> Contact:
    contact = Contact(
        organisation=organisation, **{f: data[f] for f in CONTACT_FIELDS if f in data}
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: dict[str, Any], expected_version: int) -> Contact:
    if not claim_version(Contact, contact.pk, expected_version):
        raise conflict_error()
    _apply(contact, CONTACT_FIELDS, data, expected_version)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, expected_version: int) -> None:
    if not claim_version(Contact, contact.pk, expected_version):
        raise conflict_error()
    contact.delete()
