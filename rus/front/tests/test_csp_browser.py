"""The Content Security Policy (no inline script or style) holds on the site's pages in
Chromium: nothing on them is refused, anonymous or signed in."""

from django.urls import reverse
from django.utils import timezone

from rus.browser import BrowserTestCase
from rus.front.tests.public_fixture import create_public_site
from rus.lib.middleware import CONTENT_SECURITY_POLICY
from rus.newsletter import services as newsletter
from rus.newsletter.models import Issue
from rus.newsletter.tests.helpers import write_issue


class ContentSecurityPolicyTests(BrowserTestCase):
    def setUp(self):
        create_public_site(self)
        issue = write_issue()
        html, _text = newsletter.render(issue)
        Issue.objects.filter(pk=issue.pk).update(
            state=Issue.State.SENT, sent_at=timezone.now(), sent_html=html, number=1
        )
        self.issue = Issue.objects.get(pk=issue.pk)

    def visit(self, page, paths: list[str]) -> None:
        """Every page visited in a browser test is held to the policy (BrowserTestCase
        fails the test on any refusal); these are the pages most likely to break it."""
        for path in paths:
            response = page.goto(self.live_server_url + path)
            self.assertIsNotNone(response)
            self.assertEqual(response.headers["content-security-policy"], CONTENT_SECURITY_POLICY)
            page.wait_for_load_state("networkidle")

    def test_public_pages(self):
        page = self.new_page()
        paths = [
            "/",
            "/mal/2/",
            "/lan/03/",
            "/indikatorer/",
            "/indikatorer/ghg/",
            reverse("newsletter:issue", args=[1]),
            "/api/v1/docs",
            "/oppna-data/",
        ]
        self.visit(page, paths)

    def test_signed_in_pages(self):
        page = self.login("alice")
        paths = [
            reverse("accounts:start"),
            reverse("newsletter:preview", args=[self.issue.pk]),
            reverse("newsletter:edit", args=[self.issue.pk]),
            reverse("indicators:import"),
            "/admin/",
            "/admin/indicators/indicator/",
        ]
        self.visit(page, paths)
