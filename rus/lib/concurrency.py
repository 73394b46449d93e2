"""Optimistic concurrency: a change is stored only if nobody saved in between."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Model


def claim_version(model: type[Model], pk: object, expected_version: int) -> bool:
    """Bump the row's version if it is still ``expected_version``; report whether it was.

    A single conditional UPDATE is atomic on SQLite and PostgreSQL alike, so of two editors
    who loaded the same version exactly one wins.
    """
    updated = model._default_manager.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1
    )
    return updated == 1


def claim_or_refuse(obj: Any, expected_version: int, message: Any) -> None:
    """Claim ``obj``'s version for this change, or refuse it with a "conflict" error carrying
    ``message``; on success ``obj.version`` is the new version."""
    if not claim_version(type(obj), obj.pk, expected_version):
        raise ValidationError(message, code="conflict")
    obj.version = expected_version + 1
