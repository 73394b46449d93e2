"""Settings for rus, read from the environment (see README, "Settings")."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rus.lib.env import env_bool, env_database, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("RUS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Set by the test command: static files are then served from the source folders.
TESTING = env_bool("RUS_TESTING", False)
SECRET_KEY = env_required(
    "SECRET_KEY", unless=DEBUG, fallback="insecure-development-key-only-for-DEBUG"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Where the public reference data (SCB codes, objectives, SDGs, ...) is read from.
RUS_DATA_DIR = Path(env_str("RUS_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))

INSTALLED_APPS = [
    "rus.admin_apps.RusAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "axes",
    "auditlog",
    "rus.lib",
    "rus.accounts",
    "rus.areas",
    "rus.goals",
    "rus.organisations",
    "rus.contacts",
    "rus.outbox",
    "rus.calendar",
    "rus.workflow",
    "rus.referencedata",
    "rus.indicators",
    "rus.opendata",
    "rus.actions",
    "rus.surveys",
    "rus.library",
    "rus.strategy",
    "rus.followup",
    "rus.newsletter",
    "rus.front",
    "rus.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rus.lib.middleware.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "rus.lib.middleware.RefuseNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rus.urls"
WSGI_APPLICATION = "rus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rus.front.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'rus.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer works; a busy timeout makes a second
    # writer wait instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if TESTING:
        # A file, not memory, so that a real worker process in a test sees the test database.
        DATABASES["default"]["TEST"] = {
            "NAME": str(Path(tempfile.gettempdir()) / f"rus-test-{os.getpid()}.sqlite3")
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "rus.accounts.backends.AdministratorBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:start"
LOGOUT_REDIRECT_URL = "front:home"

# Login throttling: after five failures for one user name from one address, that pair is
# locked out for a quarter of an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The number of reverse proxies in front of rus (1 behind the nginx in deploy/); the lockout
# then keys on the client's own address, so a stranger's failures never lock the owner out.
RUS_TRUSTED_PROXIES = env_int("RUS_TRUSTED_PROXIES", 0)
# How long a shared cache in front of rus may serve a public page without asking: the
# longest a change of public data stays unseen by anonymous readers.
RUS_SHARED_CACHE_SECONDS = env_int("RUS_SHARED_CACHE_SECONDS", 10)
AXES_CLIENT_IP_CALLABLE = "rus.accounts.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served as web pages; imports read them from disk.
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if TESTING:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "rus@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The right-hand side of Message-IDs, and the address links in mail point to.
EMAIL_DOMAIN = env_str("EMAIL_DOMAIN", DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The outbox: how long a worker holds a delivery it is sending, the pause before the first
# retry (doubling each time) and how many attempts are made before giving up.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 120)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# Where the file backend writes mail (make run's demo uses it).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# One cache shared by every process: public pages and open-data answers are keyed on the
# data version (rus.lib.caching), so no process serves a stale answer after a change.
# "file" shares it between the processes of one host; "database" between several hosts.
CACHE_BACKEND = env_str("CACHE_BACKEND", "file")
if CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "rus_cache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }
elif CACHE_BACKEND == "file":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str(
                "CACHE_DIR",
                str(
                    Path(tempfile.gettempdir()) / f"rus-test-cache-{os.getpid()}"
                    if TESTING
                    else VAR_DIR / "cache"
                ),
            ),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }
else:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be file or database; got {CACHE_BACKEND!r}")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Work a starting worker resumes (whatever happened to earlier workers), and jobs it keeps
# coming every minute.
RUS_WORKER_STARTUP = ["rus.outbox.services.kick"]
# Uploads up to this size are checked and stored within the request; larger ones by the
# worker, with their progress on the page.
RUS_IMPORT_INLINE_BYTES = env_int("RUS_IMPORT_INLINE_BYTES", 2_000_000)
# PostgreSQL memory for the sorts and hashes of one import (its session only).
RUS_IMPORT_WORK_MEM = env_str("RUS_IMPORT_WORK_MEM", "256MB")
RUS_PERIODIC_TASKS: list[str] = [
    "rus.newsletter.tasks.send_scheduled",
    "rus.calendar.tasks.send_reminders",
    "rus.strategy.tasks.send_reminders",
]

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_CLASS = "rus.api.pagination.Pagination"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "rus.lib.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # LOG_FORMAT=json: one JSON object per line, for a log collector.
            **({"formatter": "json"} if env_str("LOG_FORMAT", "text") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
