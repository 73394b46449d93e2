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


def save_checked(
    obj: Any, data: dict[str, Any], fields: Any, *, expected_version: Any, message: Any
) -> Any:
    """Store the ``fields`` given in ``data`` on ``obj``: a new object is simply saved; an
    existing one only if nobody saved it since ``expected_version``. Validated by the model's
    ``full_clean`` first, so nothing invalid is stored. Call inside a transaction."""
    if obj.pk is not None:
        claim_or_refuse(obj, expected_version or 0, message)
        # The stored row is the one the change was made against; start from it.
        obj.refresh_from_db()
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.full_clean()
    obj.save()
    return obj
