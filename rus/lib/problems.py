"""RFC 9457 problem details for answers made before the API's own handlers run (a path no
route matches, a refused parameter, a failure in a middleware), in the API's one shape."""

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(status: int, title: str, detail: str = "") -> JsonResponse:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
