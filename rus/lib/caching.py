"""Whole responses kept in the cache until a stamp says the data behind them has changed."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

View = Callable[..., HttpResponse]


def cached_until(
    stamp: Callable[[], object], *, prefix: str, anonymous_only: bool = False, timeout: int = 86400
) -> Callable[[View], View]:
    """Cache a view's successful GET responses; the key holds the full URL (answers may carry
    absolute links), the language and ``stamp()``, so a change of stamp makes every cached
    answer stale at once, in every process. ``anonymous_only`` keeps pages that show the
    reader's name or form tokens out of the cache."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "GET" or (anonymous_only and request.user.is_authenticated):
                return view(request, *args, **kwargs)
            state = f"{stamp()}:{get_language()}:{request.build_absolute_uri()}"
            key = f"{prefix}:" + hashlib.sha256(state.encode()).hexdigest()
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), timeout)
            return response

        return wrapper

    return decorate
