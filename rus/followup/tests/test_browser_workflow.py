"""Acceptance: the whole review cycle in real Chromium, each person logging in for real."""

from django.urls import reverse

from rus.accounts.models import User
from rus.browser import BrowserTestCase
from rus.followup import services
from rus.followup.models import Assessment
from rus.followup.tests.helpers import create_followup_cast
from rus.goals.models import Goal
from rus.organisations.models import Organisation
from rus.test import PASSWORD, create_cast


class ReviewCycleInBrowserTests(BrowserTestCase):
    uppsala: Organisation
    clean_air: Goal
    alice: User

    def setUp(self):
        create_cast(self)
        create_followup_cast(self)
        self.round = services.round_open(year=2026, user=self.alice)
        self.assessment = self.round.assessments.get(organisation=self.uppsala, goal=self.clean_air)

    def login(self, username: str):
        page = self.new_page()
        page.goto(self.live_server_url + reverse("login"))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(self.live_server_url + "/")
        return page

    def open_assessment(self, page):
        page.goto(self.live_server_url + reverse("followup:assessment", args=[self.assessment.pk]))

    def public_text(self) -> str:
        page = self.new_page()
        response = page.goto(self.live_server_url + reverse("followup:county", args=[2026, "03"]))
        return "" if response.status == 404 else page.content()

    def test_coordinator_reviewer_administrator_public(self):
        cora = self.login("cora")
        self.open_assessment(cora)
        cora.check("input[name=reached][value=nara]")
        cora.check("input[name=trend][value=positiv]")
        cora.fill("#id_summary", "Halterna av kvävedioxid minskar i Uppsala.")
        cora.click("button[value=submit]")
        cora.wait_for_selector("text=Bedömningen har skickats in till RUS.")
        self.assertNotIn("kvävedioxid", self.public_text())

        rita = self.login("rita")
        self.open_assessment(rita)
        rita.fill("#id_comment", "Ange vilka mätstationer som avses.")
        rita.click("button[value=return]")
        rita.wait_for_selector("text=Bedömningen har skickats tillbaka till länet.")

        self.open_assessment(cora)
        self.assertIn("Ange vilka mätstationer som avses.", cora.content())
        cora.fill("#id_justification", "Mätningar vid tre stationer i Uppsala tätort.")
        cora.click("button[value=submit]")
        cora.wait_for_selector("text=Bedömningen har skickats in till RUS.")

        self.open_assessment(rita)
        self.assertIn(
            "tre stationer", rita.inner_text("main")
        )  # the diff against the returned version
        rita.click("button[value=approve]")
        rita.wait_for_selector("text=Bedömningen har godkänts.")
        self.assertNotIn("kvävedioxid", self.public_text())

        alice = self.login("alice")
        alice.goto(self.live_server_url + reverse("followup:dashboard", args=[2026]))
        alice.fill("#id_national_summary", "Luften blir renare i flera län.")
        alice.click("button[value=publish]")
        alice.wait_for_selector("text=Uppföljningen har publicerats med 1 bedömningar.")

        public = self.public_text()
        self.assertIn("Halterna av kvävedioxid minskar i Uppsala.", public)
        self.assertIn("Nära att nås", public)
        self.assessment.refresh_from_db()
        self.assertEqual(self.assessment.state, Assessment.State.PUBLISHED)


class FollowUpAccessibilityTests(BrowserTestCase):
    alice: User
    cora: User
    uppsala: Organisation
    clean_air: Goal

    def setUp(self):
        create_cast(self)
        create_followup_cast(self)
        old = services.round_open(year=2025, user=self.alice)
        for a in old.assessments.all():
            a.reached, a.trend, a.summary, a.state = "nej", "neutral", "Förra året.", "published"
            a.save()
        old.state = "published"
        old.save()
        self.round = services.round_open(year=2026, user=self.alice)
        a = self.round.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save(
            assessment=a,
            data={"reached": "nara", "trend": "positiv", "summary": "I år."},
            expected_version=a.version,
            user=self.cora,
        )
        self.assessment = a

    def session_for(self, user: User) -> str:
        from importlib import import_module

        from django.conf import settings

        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.save()
        return str(session.session_key)

    def test_follow_up_pages_have_no_wcag_violations(self):
        public = [
            "/uppfoljning/",
            "/uppfoljning/2025/",
            "/uppfoljning/2025/lan/03/",
            "/en/uppfoljning/2025/",
        ]
        private = [
            "/uppfoljning/2026/oversikt/",
            "/uppfoljning/2026/",
            reverse("followup:assessment", args=[self.assessment.pk]),
        ]
        for path, user in [*((p, None) for p in public), *((p, self.alice) for p in private)]:
            with self.subTest(path=path):
                page = self.new_page(session_key=self.session_for(user) if user else None)
                response = page.goto(self.live_server_url + path)
                self.assertEqual(response.status, 200)
                self.assert_accessible(page)
