"""System checks for configuration that would otherwise fail late or silently."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.SECRET_KEY.startswith("insecure-"):
        return [Error("SECRET_KEY is the development key.", hint="Set SECRET_KEY.", id="rus.E001")]
    return []


@register()
def check_data_dir(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    data_dir = settings.RUS_DATA_DIR
    if not data_dir.is_dir():
        return [
            Warning(
                f"RUS_DATA_DIR {data_dir} is not a folder; reference data cannot be loaded.",
                hint="Set RUS_DATA_DIR to the folder holding regions/, objectives/, sdg/ ...",
                id="rus.W001",
            )
        ]
    return []


@register()
def check_email(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        return [
            Error(
                "EMAIL_USE_TLS and EMAIL_USE_SSL are both on; choose one.",
                id="rus.E002",
            )
        ]
    return []


@register()
def check_database(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    engine = settings.DATABASES["default"]["ENGINE"]
    supported = ("django.db.backends.sqlite3", "django.db.backends.postgresql")
    if engine not in supported:
        return [
            Error(
                f"DATABASE_URL selects {engine}; rus supports SQLite and PostgreSQL.",
                id="rus.E003",
            )
        ]
    return []


@register(Tags.templates, deploy=True)
def check_warm_up(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Each app server's worker runs this before its first request and, should it fail, starts
    cold and logs why; run at deploy, the cause is found before any worker meets it."""
    from rus.lib.warmup import warm

    try:
        warm()
    except Exception as error:
        return [
            Error(
                " ".join(
                    [
                        f"The app server's warm-up fails: {type(error).__name__}: {error}",
                        *getattr(error, "__notes__", []),
                    ]
                ),
                hint="A template that does not compile, or a view module that fails to import.",
                id="rus.E004",
            )
        ]
    return []
