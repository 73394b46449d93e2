"""Fetching JSON from other services, with errors that say what went wrong and where."""

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

USER_AGENT = "rus (regional follow-up of the environmental objectives)"


class FetchError(Exception):
    pass


def get_json(url: str, *, timeout: float = 30) -> Any:
    # Only web addresses: a file: or custom scheme would read from this machine.
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https addresses are fetched")
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  (scheme checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: {getattr(exc, 'reason', exc)}") from exc
    try:
        return json.loads(body)
    except ValueError as exc:
        raise FetchError(f"{url}: the answer is not JSON") from exc
