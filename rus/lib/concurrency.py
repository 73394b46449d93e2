"""Optimistic concurrency: a change is stored only if nobody saved in between."""

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
