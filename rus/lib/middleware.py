"""Requests refused before any view sees them."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

from rus.lib.problems import problem_response


class RefuseNulCharacters:
    """A NUL character in the path or the query string is never meaningful, and PostgreSQL
    cannot hold one in text: refuse it here (API: 422 problem details; pages: 400) rather than
    let every filter meet it as a database error. Form fields are checked by Django's own
    ProhibitNullCharactersValidator."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return problem_response(
                    422, "Unprocessable Content", "A parameter contains a NUL character."
                )
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


# No inline script or style anywhere on the site (charts and maps are SVG with presentation
# attributes; JavaScript is in static files), so the policy is one constant. img-src allows
# data: for the empty favicon; PDFs and mail never reach a browser with this header.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class ContentSecurityPolicy:
    """Send the policy with every answer that does not bring its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
