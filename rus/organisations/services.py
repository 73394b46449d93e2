"""Changes to organisation-owned data. UI and API both go through these functions."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rus.lib.caching import bump_data_version
from rus.lib.concurrency import claim_or_refuse
from rus.organisations.models import Organisation

PROFILE_FIELDS = ("website", "email", "description")


def conflict_message() -> Any:
    return _(
        "Someone else saved a change while you were editing. Your change has not been "
        "saved. Compare with the saved version shown here, then save again."
    )


def _apply(instance: Any, fields: tuple[str, ...], data: dict[str, Any]) -> None:
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])
    instance.save(update_fields=[f for f in fields if f in data] + ["version"])


@transaction.atomic
def organisation_update_profile(
    *, organisation: Organisation, data: dict[str, Any], expected_version: int
) -> Organisation:
    claim_or_refuse(organisation, expected_version, conflict_message())
    _apply(organisation, PROFILE_FIELDS, data)
    bump_data_version()
    return organisation
