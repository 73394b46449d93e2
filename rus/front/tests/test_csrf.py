"""CSRF protection on every form: no view of rus is exempt from Django's check except the
one that must be (a mail program's one-click unsubscription, RFC 8058, authorised by its
signed link), and a POST without the token is refused."""

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rus.test import BaseTestCase

EXEMPT = {"rus.contacts.views.unsubscribe"}


def views(patterns: list, prefix: str = "") -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            found += views(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            found.append((prefix + str(p.pattern), p.callback))
    return found


class CsrfTests(BaseTestCase):
    def test_no_view_is_exempt_but_the_one_click_unsubscription(self):
        exempt = set()
        for route, view in views(get_resolver().url_patterns):
            if getattr(view, "csrf_exempt", False):
                name = f"{getattr(view, '__module__', '')}.{getattr(view, '__name__', route)}"
                # django-ninja marks its dispatcher exempt and checks CSRF itself for
                # session-authenticated writes (tested below); the admin is Django's own.
                if name.startswith(("ninja.", "django.contrib.admin")):
                    continue
                exempt.add(name)
        self.assertEqual(exempt, EXEMPT)

    def test_a_form_posted_without_the_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.cora)
        response = client.post(reverse("accounts:start"), {})
        self.assertEqual(response.status_code, 403)

    def test_an_api_write_with_the_session_needs_the_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.cora)
        response = client.put(
            f"/api/v1/organisations/{self.uppsala.pk}",
            {"description": "x", "version": 1},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)
