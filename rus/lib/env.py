"""Typed readers for settings taken from the environment.

Each reader fails loudly: a value that cannot be understood stops start-up with a message
naming the variable, rather than letting a typo silently fall back to a default.
"""

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, *, unless: bool, fallback: str) -> str:
    """Return the variable, which must be set unless ``unless`` holds (then ``fallback``)."""
    raw = os.environ.get(name, "")
    if raw:
        return raw
    if unless:
        return fallback
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off")


def env_database(name: str, *, default: str, conn_max_age: int) -> dict[str, Any]:
    """A Django DATABASES entry from a URL; an empty variable means the default."""
    url = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except (ValueError, dj_database_url.UnknownSchemeError) as exc:
        scheme = url.split(":", 1)[0]
        raise ImproperlyConfigured(
            f"{name} must be sqlite:///path or postgres://user:password@host:port/name; "
            f"the scheme {scheme!r} is not understood"
        ) from exc
    return dict(config)
