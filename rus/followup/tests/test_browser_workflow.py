"""Acceptance: each role logs in for real in Chromium, finds its work on the start page and
finishes it by clicking only (no typed addresses after the login page)."""

from datetime import date

from django.urls import reverse

from rus.accounts.models import User
from rus.browser import BrowserTestCase
from rus.followup import services
from rus.followup.models import Assessment
from rus.followup.tests.helpers import create_followup_cast, mark_published
from rus.goals.models import Goal
from rus.indicators import rounds
from rus.indicators.models import Indicator, IndicatorUpdate, Observation
from rus.organisations.models import Organisation
from rus.test import PASSWORD, create_cast


class RolesInBrowserTests(BrowserTestCase):
    uppsala: Organisation
    skane: Organisation
    clean_air: Goal
    groundwater: Goal
    alice: User
    cora: User
    rita: User

    def setUp(self):
        create_cast(self)
        create_followup_cast(self)
        old = services.round_open(year=2025, user=self.alice)
        for a in old.assessments.all():
            a.reached, a.trend = "nara", "neutral"
            a.summary = f"Förra årets sammanfattning för {a.goal.name_sv}."
            a.justification = f"Förra årets motivering för {a.goal.name_sv}."
            a.save()
        mark_published(old)
        self.round = services.round_open(year=2026, user=self.alice, deadline=date(2026, 11, 20))
        self.assessment = self.round.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        self.indicator = Indicator.objects.create(
            code="skog", name_sv="Skyddad skog", unit="ha", area_levels=["county"]
        )
        self.update_round = rounds.round_open(
            year=2026, season="autumn", deadline=date(2026, 11, 1), user=self.alice
        )

    def public_text(self) -> str:
        page = self.new_page()
        response = page.goto(self.live_server_url + reverse("followup:county", args=[2026, "03"]))
        return "" if response.status == 404 else page.inner_text("main")

    def test_coordinator_reviewer_and_administrator_do_their_work_by_clicking(self):
        # The coordinator starts from last year's text, finishes and submits.
        cora = self.login("cora")
        self.assertIn(
            "Regional uppföljning 2026: Länsstyrelsen i Uppsala län", cora.inner_text("main")
        )
        cora.click("text=2. Frisk luft – Uppsala län")
        cora.click("text=Utgå från förra årets texter")
        self.assertEqual(
            cora.input_value("#id_summary"), "Förra årets sammanfattning för Frisk luft."
        )
        cora.check("input[name=reached][value=nara]")
        cora.check("input[name=trend][value=positiv]")
        cora.fill("#id_summary", "Halterna av kvävedioxid minskar i Uppsala.")
        cora.fill("#id_generational_goal", "Renare luft bidrar till en god livsmiljö.")
        cora.click("button[value=submit]")
        cora.wait_for_selector("text=Inskickat för granskning.")
        self.assertNotIn("kvävedioxid", self.public_text())

        # The reviewer finds it in the queue and returns it with a comment.
        rita = self.login("rita")
        rita.click("text=Bedömning: 2. Frisk luft – Uppsala län 2026")
        self.assertIn("Renare luft bidrar till en god livsmiljö.", rita.inner_text("main"))
        rita.fill("#id_comment", "Ange vilka mätstationer som avses.")
        rita.click("button[value=return]")
        rita.wait_for_selector("text=Återsänt med din kommentar")

        # The coordinator sees it first on the start page, with the comment.
        cora.click("text=Mina uppgifter")
        first_task = cora.locator("ul.tasks li").first
        self.assertIn("Ange vilka mätstationer som avses.", first_task.inner_text())
        first_task.locator("a").click()
        cora.fill("#id_justification", "Mätningar vid tre stationer i Uppsala tätort.")
        cora.click("button[value=submit]")
        cora.wait_for_selector("text=Inskickat för granskning.")

        rita.click("text=Mina uppgifter")
        rita.click("text=Bedömning: 2. Frisk luft – Uppsala län 2026")
        self.assertIn("tre stationer", rita.inner_text(".diff"))
        rita.click("button[value=approve]")
        rita.wait_for_selector("text=Godkänt.")
        self.assertNotIn("kvävedioxid", self.public_text())

        # The administrator publishes from the start page, after seeing what is left out.
        alice = self.login("alice")
        alice.click("text=Granska och publicera uppföljningen 2026 …")
        self.assertIn("1 godkänd bedömning kommer att publiceras.", alice.inner_text("main"))
        alice.fill("#id_national_summary", "Luften blir renare i flera län.")
        alice.click("#id_confirm")
        alice.click("button:has-text('Publicera nu')")
        alice.wait_for_selector("text=Uppföljningen har publicerats med 1 bedömningar.")

        public = self.public_text()
        self.assertIn("Halterna av kvävedioxid minskar i Uppsala.", public)
        self.assertIn("Renare luft bidrar till en god livsmiljö.", public)
        self.assessment.refresh_from_db()
        self.assertEqual(self.assessment.state, Assessment.State.PUBLISHED)

    def test_indicator_update_from_the_start_page(self):
        cora = self.login("cora")
        cora.click("text=Skyddad skog – Uppsala län")
        cora.fill("#id_v-0-period", "2025")
        cora.fill("#id_v-0-value", "1 350 000,5")
        cora.select_option("#id_v-0-flag", "preliminary")
        cora.fill("#id_comment", "Preliminär siffra från länsstyrelsen.")
        cora.click("button[value=submit]")
        cora.wait_for_selector("text=Inskickat för granskning.")
        rita = self.login("rita")
        rita.click("text=Indikatoruppdatering: Skyddad skog – Uppsala län")
        rita.click("button[value=approve]")
        rita.wait_for_selector("text=Godkänt.")
        alice = self.login("alice")
        alice.click("text=Granska och publicera Höst 2026 …")
        alice.click("#id_confirm")
        alice.click("button:has-text('Publicera nu')")
        alice.wait_for_selector("text=Omgången har publicerats med 1 värden.")
        (value,) = Observation.objects.filter(indicator=self.indicator, is_current=True)
        self.assertEqual((value.value, value.flag), (1350000.5, "preliminary"))
        self.assertEqual(IndicatorUpdate.objects.get(organisation=self.uppsala).state, "published")

    def test_a_viewer_sees_its_organisations_work_read_only(self):
        vera = self.login("vera")
        main = vera.inner_text("main")
        self.assertIn("Du kan läsa din organisations bedömningar", main)
        vera.click("text=2. Frisk luft – Uppsala län")
        self.assertEqual(vera.locator("#assessment-form").count(), 0)

    def test_start_pages_have_no_wcag_violations(self):
        for username in ("cora", "rita", "alice", "vera"):
            with self.subTest(user=username):
                page = self.login(username)
                self.assert_accessible(page)


class WorkPagesAccessibilityTests(BrowserTestCase):
    """axe-core finds no WCAG 2.1 A/AA violation on the pages of the work, at desktop and
    phone width, and none of them scrolls sideways on a phone."""

    uppsala: Organisation
    clean_air: Goal
    alice: User
    cora: User
    rita: User

    def setUp(self):
        create_cast(self)
        create_followup_cast(self)
        old = services.round_open(year=2025, user=self.alice)
        mark_published(old)
        self.round = services.round_open(year=2026, user=self.alice)
        a = self.round.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save_and_submit(
            assessment=a,
            data={
                "reached": "nara",
                "trend": "positiv",
                "summary": "Text.",
                "justification": "Mer.",
            },
            expected_version=a.version,
            user=self.cora,
        )
        services.assessment_return(
            assessment=a, expected_version=a.version, user=self.rita, comment="Mer data."
        )
        self.assessment = a
        Indicator.objects.create(
            code="skog", name_sv="Skyddad skog", unit="ha", area_levels=["county"]
        )
        self.update_round = rounds.round_open(
            year=2026, season="autumn", deadline=date(2026, 11, 1), user=self.alice
        )

    def session_for(self, user: User) -> str:
        from importlib import import_module

        from django.conf import settings

        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.save()
        return str(session.session_key)

    def test_no_violations_and_no_sideways_scroll(self):
        from rus.outbox.models import Message

        a = self.assessment
        update = self.update_round.updates.get(organisation=self.uppsala)
        message = Message.objects.first()
        pages = [
            (reverse("followup:assessment", args=[a.pk]), self.cora),
            (reverse("followup:assessment", args=[a.pk]), self.rita),
            (reverse("followup:history", args=[a.pk]) + "?fran=1&till=3", self.cora),
            (reverse("followup:assessments", args=[2026]), self.rita),
            (reverse("followup:dashboard", args=[2026]), self.alice),
            (reverse("followup:publish", args=[2026]), self.alice),
            (reverse("followup:reopen", args=[2025]), self.alice),
            (reverse("followup:compilation", args=[2026]), self.cora),
            (reverse("followup:compilation", args=[2026]), None),
            (reverse("indicators:round", args=[self.update_round.pk]), self.cora),
            (reverse("indicators:update", args=[update.pk]), self.cora),
            (reverse("indicators:round_publish", args=[self.update_round.pk]), self.alice),
            (reverse("outbox:list"), self.alice),
            (reverse("outbox:detail", args=[message.pk]), self.alice),
            (reverse("organisations:list"), None),
            (reverse("organisations:detail", args=[self.uppsala.pk]), self.cora),
            ("/finns-inte/", None),
            (reverse("indicators:import"), self.cora),
        ]
        for width in (1280, 390):
            for path, user in pages:
                with self.subTest(path=path, user=user and user.username, width=width):
                    page = self.new_page(session_key=self.session_for(user) if user else None)
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(self.live_server_url + path)
                    self.assert_accessible(page)
                    self.assert_no_sideways_scroll(page)


class CompilationLayoutTests(BrowserTestCase):
    """The national matrix of 21 counties × 16 objectives fits its container at desktop and
    phone width: the page itself never scrolls sideways, the matrix scrolls inside its box,
    and its header row and county column stay in view while it does."""

    def setUp(self):
        from django.conf import settings

        from rus.referencedata.services import load_reference_data

        load_reference_data(data_dir=settings.RUS_DATA_DIR)
        admin = User.objects.create_user("admin", "a@example.org", PASSWORD, is_superuser=True)
        rnd = services.round_open(year=2026, user=admin)
        rnd.assessments.update(reached="nara", trend="neutral")
        mark_published(rnd)

    def test_no_sideways_page_scroll_and_sticky_headings(self):
        for width in (1280, 390):
            with self.subTest(width=width):
                page = self.new_page()
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(self.live_server_url + reverse("followup:compilation", args=[2026]))
                self.assertEqual(page.evaluate("document.documentElement.scrollWidth"), width)
                box = page.locator(".matrix-scroll")
                self.assertGreater(
                    box.evaluate("b => b.scrollWidth"), box.evaluate("b => b.clientWidth")
                )
                box.evaluate("b => { b.scrollLeft = 400; b.scrollTop = 300; }")
                corner = page.locator(".matrix-scroll thead th.corner").bounding_box()
                first_county = page.locator(".matrix-scroll tbody th").first.bounding_box()
                frame = box.bounding_box()
                assert corner and first_county and frame
                # The corner heading stays at the box's top left, and the county names at its
                # left edge, however far the matrix is scrolled.
                self.assertAlmostEqual(corner["x"], frame["x"] + 1, delta=2)
                self.assertAlmostEqual(corner["y"], frame["y"] + 1, delta=2)
                self.assertAlmostEqual(first_county["x"], frame["x"] + 1, delta=2)
                self.assert_accessible(page)
