"""schemathesis against the API's own OpenAPI document: generated requests, valid and not,
anonymous and signed in, and sequences that follow the document's links. No answer may be a
server error, a status the document does not name, or a body that breaks its schema."""

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.middleware.csrf import get_token
from django.test import RequestFactory
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.stateful import run_state_machine_as_test

from rus.api.main import api
from rus.contacts.api import ROLE
from rus.contacts.models import Contact
from rus.test import BaseTestCase
from rus.wsgi import application

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def load_schema(session: dict[str, str] | None = None) -> Any:
    """The API's document, called in process; with ``session`` (cookie values) every
    generated request is that user's, and schemathesis knows it is the authentication."""
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.app = application
    if session is not None:
        cookies = session

        @schema.auth()
        class Session:
            def get(self, case: Any, context: Any) -> dict[str, str]:
                return cookies

            def set(self, case: Any, data: dict[str, str], context: Any) -> None:
                case.cookies = {**(case.cookies or {}), **data}
                case.headers = {**(case.headers or {}), "X-CSRFToken": data["csrftoken"]}

    return schema


# Once, on PostgreSQL (where a stray NUL byte was a server error): the contract is the
# same on both databases, and its generated requests take half a minute.
@pytest.mark.postgresql
class SchemathesisTests(BaseTestCase):
    def setUp(self):
        # The WSGI application closes the database connection after each request, as in
        # production; here that connection holds the test's transaction (Django's own test
        # client does the same).
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def session_of(self, user: Any) -> dict[str, str]:
        """The cookies that make a request ``user``'s: a session and a CSRF token."""
        self.client.force_login(user)
        token = get_token(RequestFactory().get("/"))
        return {"sessionid": self.client.cookies["sessionid"].value, "csrftoken": token}

    def fuzz(self, session: dict[str, str] | None) -> dict[tuple[str, int], int]:
        """Every operation, 40 generated requests each; the statuses seen, counted."""
        seen: dict[tuple[str, int], int] = {}
        schema = load_schema(session)
        for result in schema.get_all_operations():
            operation = result.ok()
            with self.subTest(operation=operation.label):

                @given(case=operation.as_strategy())
                @SETTINGS
                def check(case: Any) -> None:
                    response = case.call()
                    key = (case.operation.label, response.status_code)
                    seen[key] = seen.get(key, 0) + 1
                    case.validate_response(response)

                check()
        return seen

    def test_anonymous(self):
        seen = self.fuzz(None)
        self.assertIn(("GET /api/v1/contacts", 401), seen)
        self.assertNotIn(("GET /api/v1/contacts", 200), seen)

    def test_signed_in_coordinator(self):
        seen = self.fuzz(self.session_of(self.cora))
        # Signed in for real: the contacts answer, and a generated contact was made.
        self.assertIn(("GET /api/v1/contacts", 200), seen)
        self.assertNotIn(("GET /api/v1/contacts", 401), seen)

    def test_stateful_contacts_follow_the_links(self):
        schema = load_schema(self.session_of(self.cora))
        own = self.uppsala.pk
        seen: dict[tuple[str, int], int] = {}

        class Machine(schema.as_state_machine()):  # type: ignore[misc]
            # Each sequence starts from the same data: hypothesis replays a sequence to
            # confirm a failure and requires it to go the same way.
            def __init__(self) -> None:
                super().__init__()
                self.savepoint = transaction.atomic()
                self.savepoint.__enter__()

            def teardown(self) -> None:
                transaction.set_rollback(True)
                self.savepoint.__exit__(None, None, None)

            def before_call(self, case: Any) -> None:
                # Sequences begin at the coordinator's own organisation with a role that
                # exists (roles are data, not in the document), so that contacts are made
                # and the links carry their ids onwards.
                label = case.operation.label
                if label == "POST /api/v1/organisations/{pk}/contacts":
                    case.path_parameters = {"pk": own}
                    if isinstance(case.body, dict):
                        case.body["roles"] = [ROLE]
                # A change is sent at the version the contact has now, as a client that
                # has just read it does, so that some changes pass.
                if label == "PUT /api/v1/contacts/{pk}" and isinstance(case.body, dict):
                    case.body["roles"] = [ROLE]
                    stored = Contact.objects.filter(pk=case.path_parameters.get("pk")).first()
                    if stored is not None:
                        case.body["version"] = stored.version

            def after_call(self, response: Any, case: Any) -> None:
                key = (case.operation.label, response.status_code)
                seen[key] = seen.get(key, 0) + 1

        run_state_machine_as_test(
            Machine,
            settings=settings(
                SETTINGS, max_examples=60, stateful_step_count=6, phases=[Phase.generate]
            ),
        )
        # Contacts were made, and read, changed and removed through the links.
        for label, status in (
            ("POST /api/v1/organisations/{pk}/contacts", 201),
            ("GET /api/v1/contacts/{pk}", 200),
            ("PUT /api/v1/contacts/{pk}", 200),
            ("DELETE /api/v1/contacts/{pk}", 204),
        ):
            self.assertIn((label, status), seen)
