"""Public answers kept in the shared cache until the data version says they are stale.

Every service that changes what the public sees calls ``bump_data_version()`` inside its
transaction; the new number becomes visible with the data it describes. Readers key cached
pages on the number, and answer conditional requests (ETag, If-Modified-Since) from it
without rendering anything.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language

View = Callable[..., HttpResponse]
VERSION_KEY = "rus:data-version"
# How long a process may go on using a version it has read: a bump deletes the cached
# number at once, so this only bounds the rare read that races a bump.
VERSION_TTL = 2


def data_version() -> tuple[int, datetime]:
    """The current data version and when it changed."""
    hit = cache.get(VERSION_KEY)
    if hit is not None:
        return hit
    from rus.lib.models import DataVersion

    row = DataVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    value = row if row is not None else (0, timezone.now())
    cache.set(VERSION_KEY, value, VERSION_TTL)
    return value


def bump_data_version() -> None:
    """Mark everything public as possibly changed; call inside the changing transaction."""
    from rus.lib.models import DataVersion

    now = timezone.now()
    updated = DataVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now)
    if not updated:
        DataVersion.objects.create(pk=1, number=2, changed_at=now)
    # Forget the cached number now and again once the change is visible to others, so that
    # a reader who read the old number in between holds it for VERSION_TTL at most.
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


def cache_key(prefix: str, *parts: object) -> str:
    """A cache key for something derived from the public data and the language."""
    number, _changed = data_version()
    state = ":".join(str(p) for p in (*parts, get_language(), number))
    return f"{prefix}:" + hashlib.sha256(state.encode()).hexdigest()


def _etag(request: HttpRequest, number: int) -> str:
    state = f"{number}:{get_language()}:{request.get_full_path()}"
    return quote_etag(hashlib.sha256(state.encode()).hexdigest()[:32])


def _not_modified(request: HttpRequest, etag: str, changed: datetime) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(changed.timestamp()) <= since


def public_answer(
    *, prefix: str, anonymous_only: bool = False, timeout: int = 86400
) -> Callable[[View], View]:
    """Cache a view's successful GET answers until the data version changes, and answer
    conditional requests with 304. ``anonymous_only`` keeps pages that show the reader's
    name or form tokens out of the cache (and out of shared caches in front of rus)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or (
                anonymous_only and request.user.is_authenticated
            ):
                response = view(request, *args, **kwargs)
                response.headers.setdefault("Cache-Control", "private, no-cache")
                return response
            number, changed = data_version()
            etag = _etag(request, number)
            if _not_modified(request, etag, changed):
                response = HttpResponseNotModified()
            else:
                key = f"{prefix}:" + etag.strip('"')
                hit = cache.get(key)
                if hit is not None:
                    content, content_type = hit
                    response = HttpResponse(content, content_type=content_type)
                else:
                    response = view(request, *args, **kwargs)
                    if response.status_code != 200 or response.cookies:
                        return response
                    cache.set(key, (response.content, response["Content-Type"]), timeout)
            response["ETag"] = etag
            response["Last-Modified"] = http_date(changed.timestamp())
            # Browsers ask again every time (a 304 from the data version costs one cached
            # read); a shared cache in front of rus (deploy/nginx) may answer from its copy
            # for RUS_SHARED_CACHE_SECONDS, the longest a publication stays unseen.
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={settings.RUS_SHARED_CACHE_SECONDS}"
            )
            return response

        return wrapper

    return decorate


# Public pages: the same for every anonymous reader until the public data changes.
public_page = public_answer(prefix="page", anonymous_only=True)
# Open data: the same for everyone, signed in or not.
open_data = public_answer(prefix="opendata")
