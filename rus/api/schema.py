"""The OpenAPI document says every status the API answers, and how its resources link.

django-ninja documents the success of each operation; the errors come from the handlers in
``errors.install`` for every operation alike, so they are added here from what an operation
takes (parameters, a body, a session, a version) rather than repeated on each route.
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

PROBLEM = "ProblemDetails"

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": PROBLEM,
    "description": "RFC 9457 problem details.",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {},
    },
    "required": ["type", "title", "status"],
}

# Each error status and when it is answered.
ERRORS: dict[int, str] = {
    400: "The body could not be read (malformed JSON or multipart).",
    401: "Not logged in.",
    403: "Logged in without the right to this, or the CSRF token is missing.",
    404: "No such item, or not one the caller may see.",
    409: "Changed by someone else since the version sent; nothing was stored.",
    422: "A parameter or a field is not valid; `errors` names each.",
    503: "The database cannot be reached just now (a restart); try again after Retry-After.",
}

# Where a created contact can be read, changed and removed: lets clients (and stateful
# API tests) follow a POST to the operations on what it made.
CONTACT_LINKS: dict[str, Any] = {
    "ReadContact": {
        "operationId": "rus_contacts_api_get_contact",
        "parameters": {"pk": "$response.body#/id"},
    },
    "ChangeContact": {
        "operationId": "rus_contacts_api_update_contact",
        "parameters": {"pk": "$response.body#/id"},
    },
    "RemoveContact": {
        "operationId": "rus_contacts_api_delete_contact",
        "parameters": {"pk": "$response.body#/id", "version": "$response.body#/version"},
    },
}


def _claims_a_version(operation: dict[str, Any], components: dict[str, Any]) -> bool:
    """A change that carries the version it was read at can meet a newer one (409)."""
    if any(p.get("name") == "version" for p in operation.get("parameters", [])):
        return True
    for content in operation.get("requestBody", {}).get("content", {}).values():
        name = content.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
        if "version" in components.get(name, {}).get("required", []):
            return True
    return False


def _statuses(operation: dict[str, Any], components: dict[str, Any]) -> list[int]:
    statuses: list[int] = []
    takes_body = "requestBody" in operation
    if takes_body:
        statuses.append(400)
    if operation.get("security"):
        statuses += [401, 403]
    if any(p.get("in") == "path" for p in operation.get("parameters", [])):
        statuses.append(404)
    if _claims_a_version(operation, components):
        statuses.append(409)
    if takes_body or operation.get("parameters"):
        statuses.append(422)
    statuses.append(503)
    return statuses


# Text never holds a NUL character (PostgreSQL cannot store one; rus.lib.middleware and the
# forms refuse it with 422), so every free string says so.
NO_NUL = "^[^\\u0000]*$"


def _no_nul(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"enum", "pattern", "format"} & node.keys():
            node["pattern"] = NO_NUL
        for value in node.values():
            _no_nul(value)
    elif isinstance(node, list):
        for value in node:
            _no_nul(value)


def document_errors(schema: OpenAPISchema) -> OpenAPISchema:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[PROBLEM] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": f"#/components/schemas/{PROBLEM}"}}}
    for path in schema["paths"].values():
        for operation in path.values():
            responses = operation["responses"]
            for status in _statuses(operation, components):
                responses.setdefault(status, {"description": ERRORS[status], "content": problem})
            if operation["operationId"] == "rus_contacts_api_create_contact":
                responses[201]["links"] = CONTACT_LINKS
            for parameter in operation.get("parameters", []):
                _no_nul(parameter.get("schema"))
    for name, component in components.items():
        if name != PROBLEM:
            _no_nul(component)
    return schema


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)
