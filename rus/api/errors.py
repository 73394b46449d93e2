"""One error shape for the whole API: RFC 9457 problem details."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from rus.lib.forms import FormInvalid
from rus.lib.problems import PROBLEM_CONTENT_TYPE, problem_response

logger = logging.getLogger("django.request")


def problem(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    title: str,
    detail: str = "",
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    return response


def form_errors(errors: Any) -> dict[str, list[dict[str, str]]]:
    """Django form errors as {field: [{message, code}]}; non-field errors under "__all__"."""
    return {
        field: [
            {"message": str(e.message % (e.params or {})), "code": e.code or "invalid"}
            for e in error_list.as_data()
        ]
        for field, error_list in errors.items()
    }


def install(api: NinjaAPI) -> None:
    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(api, request, 404, "Not Found")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(api, request, 403, "Forbidden", str(exc))

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(api, request, 401, "Unauthorized", "Log in to use this endpoint.")

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return problem(api, request, 422, "Unprocessable Content", errors=exc.errors)

    @api.exception_handler(FormInvalid)
    def invalid_form(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
        return problem(api, request, 422, "Unprocessable Content", errors=form_errors(exc.errors))

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        codes = {e.code for e in exc.error_list} if hasattr(exc, "error_list") else set()
        if "conflict" in codes:
            return problem(api, request, 409, "Conflict", " ".join(exc.messages))
        return problem(api, request, 422, "Unprocessable Content", " ".join(exc.messages))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(api, request, exc.status_code, str(exc))

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The database cannot be reached (a restart, a failover): try again shortly.
        logger.error("API: database unavailable on %s", request.path, exc_info=exc)
        response = problem(api, request, 503, "Service Unavailable", "Try again shortly.")
        response["Retry-After"] = "30"
        return response

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with its traceback as Django logs any 500; the client gets the same shape
        # as every other error, and nothing of the internals.
        logger.error("API error on %s", request.path, exc_info=exc)
        return problem(api, request, 500, "Internal Server Error")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for paths no route matches (``/api/v1/contacts/-1`` does not match
    ``{int:pk}``): problem details under the API, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return problem_response(404, "Not Found")
    return defaults.page_not_found(request, exception)
