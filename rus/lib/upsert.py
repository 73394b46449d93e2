"""Idempotent loading: create what is new, update what changed, leave the rest untouched."""

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged"


def upsert(
    model: type[M], index: dict[Hashable, M], key: Hashable, values: dict[str, Any], counts: Counts
) -> M:
    """Make the row at ``key`` in ``index`` hold ``values``, saving only changed fields.

    ``index`` holds the existing rows by natural key, loaded once by the caller, so that a
    load of many rows needs no query per row to find them.
    """
    obj = index.get(key)
    if obj is None:
        obj = model(**values)
        obj.save()
        index[key] = obj
        counts.created += 1
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
        counts.updated += 1
    else:
        counts.unchanged += 1
    return obj
