"""Errors are told in the site's own layout and language, with what to do next."""

import errno
import json

from django.test import Client, TestCase, override_settings
from django.urls import reverse

from rus.test import BaseTestCase


class ErrorPageTests(BaseTestCase):
    def test_not_found_in_swedish_and_english(self):
        page = self.client.get("/finns-inte/")
        self.assertEqual(page.status_code, 404)
        self.assertContains(page, "Sidan finns inte", status_code=404)
        self.assertContains(page, '<a class="skip-link"', status_code=404)  # the site's layout
        english = self.client.get("/en/no-such-page/")
        self.assertContains(english, "Page not found", status_code=404)

    def test_forbidden(self):
        self.client.force_login(self.cora)
        page = self.client.get(reverse("indicators:import"))
        self.assertContains(page, "Inte tillåtet", status_code=403)
        self.assertContains(page, "Mina uppgifter", status_code=403)

    def test_an_expired_form_is_explained(self):
        client = Client(enforce_csrf_checks=True)
        page = client.post(reverse("login"), {"username": "cora", "password": "x"})
        self.assertContains(page, "Formuläret har gått ut", status_code=403)
        self.assertContains(page, "Inget sparades", status_code=403)


@override_settings(DEBUG=False)
class ServerErrorTests(TestCase):
    def test_a_server_error_page_in_the_layout(self):
        from django.template.loader import render_to_string
        from django.utils import translation

        with translation.override("sv"):
            html = render_to_string("500.html")
        self.assertIn("Något gick fel hos oss", html)
        self.assertIn('<a class="skip-link"', html)

    def test_a_lost_database_is_503_and_anything_else_500(self):
        from django.db import InterfaceError, OperationalError
        from django.test import RequestFactory
        from django.utils import translation

        from rus.front.views import server_error

        request = RequestFactory().get("/mina-uppgifter/")
        with translation.override("sv"):
            for error, status, text in (
                (OperationalError("server closed the connection unexpectedly"), 503, "Strax"),
                (InterfaceError("connection already closed"), 503, "Strax tillbaka"),
                (OSError(errno.ENOSPC, "No space left on device"), 507, "Inget sparades"),
                (OSError(errno.EACCES, "Permission denied"), 500, "Något gick fel hos oss"),
                (ValueError("a bug"), 500, "Något gick fel hos oss"),
            ):
                with self.subTest(error=error):
                    try:
                        raise error
                    except Exception:
                        response = server_error(request)
                    self.assertEqual(response.status_code, status)
                    self.assertIn(text, response.content.decode())
                    self.assertEqual(response.has_header("Retry-After"), status == 503)
                    try:
                        raise error
                    except Exception:
                        api = server_error(RequestFactory().get("/api/v1/contacts"))
                    self.assertEqual(api.status_code, status)
                    self.assertEqual(api["Content-Type"], "application/problem+json")
                    self.assertEqual(json.loads(api.content)["status"], status)
