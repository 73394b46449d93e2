"""Django choices as API enums with a name of their own, so that two models' ``Kind`` do
not become one schema component in the OpenAPI document."""

from enum import Enum
from typing import Any

from django.db.models import TextChoices


def api_enum(name: str, choices: type[TextChoices]) -> Any:
    return Enum(name, {m.name: m.value for m in choices}, type=str)
