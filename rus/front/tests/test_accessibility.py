"""The pages of the foundation, checked with axe-core in real Chromium (WCAG 2.1 A and AA)."""

from importlib import import_module

from django.conf import settings
from django.urls import reverse

from rus.accounts.models import User
from rus.browser import BrowserTestCase
from rus.goals.models import Framework, Goal
from rus.organisations.models import Organisation
from rus.test import create_cast


class AccessibilityTests(BrowserTestCase):
    def setUp(self):
        create_cast(self)
        framework = Framework.objects.create(code="miljomal", name_sv="Sveriges miljömål")
        Goal.objects.create(
            framework=framework,
            code="G",
            kind="generational",
            name_sv="Generationsmålet",
            text_sv="Det övergripande målet.",
        )
        for n, name in ((2, "Frisk luft"), (12, "Levande skogar")):
            Goal.objects.create(
                framework=framework, code=str(n), kind="objective", number=n, name_sv=name
            )

    def session_for(self, user: User) -> str:
        engine = import_module(settings.SESSION_ENGINE)
        session = engine.SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.save()
        return session.session_key

    def check(self, path: str, user: User | None = None) -> None:
        page = self.new_page(session_key=self.session_for(user) if user else None)
        response = page.goto(self.live_server_url + path)
        self.assertEqual(response.status, 200, path)
        self.assertEqual(page.url, self.live_server_url + path)
        self.assert_accessible(page)

    def test_public_pages_in_both_languages(self):
        for path in ("/", "/en/", reverse("login"), "/en" + reverse("login")):
            with self.subTest(path=path):
                self.check(path)

    def test_organisation_pages(self):
        cora = User.objects.get(username="cora")
        org = Organisation.objects.get(key="lst-03")
        contact = org.contacts.first()
        for path in (
            reverse("organisations:list"),
            reverse("organisations:detail", args=[org.pk]),
            reverse("organisations:edit", args=[org.pk]),
            reverse("contacts:list"),
            reverse("contacts:import"),
            reverse("contacts:create", args=[org.pk]),
            reverse("contacts:edit", args=[contact.pk]),
            reverse("contacts:delete", args=[contact.pk]),
            reverse("contacts:privacy"),
        ):
            with self.subTest(path=path):
                self.check(path, cora)

    def test_indicator_pages(self):
        from datetime import date

        from rus.areas.models import Area
        from rus.indicators import rounds, services
        from rus.indicators.imports import ColumnMapping
        from rus.indicators.models import Indicator
        from rus.lib.tabular import read_table

        Area.objects.filter(code="03").update(shape="M500 -6000L520 -6000L520 -5980Z")
        indicator = Indicator.objects.create(
            code="ghg", name_sv="Utsläpp", unit="t", area_levels=["county"]
        )
        text = "lan,ar,sektor,varde\n03,2015,,10\n03,2020,,8\n12,2020,,7\n03,2020,Transporter,3\n"
        mapping = ColumnMapping(
            area="lan", period="ar", value="varde", dimensions={"sector": "sektor"}
        )
        services.import_table(read_table(text.encode(), "x.csv"), mapping, indicator=indicator)
        alice = User.objects.get(username="alice")
        rnd = rounds.round_open(year=2026, season="spring", deadline=date(2026, 4, 30), user=alice)
        update = rnd.updates.get(organisation__key="lst-03")
        for path in (
            "/indikatorer/",
            "/indikatorer/ghg/?omrade=03&omrade=12",
            "/en/indikatorer/ghg/?dimension=sector%3DTransporter&karta=municipality",
        ):
            with self.subTest(path=path):
                self.check(path)
        for path in (
            reverse("indicators:import"),
            reverse("indicators:rounds"),
            reverse("indicators:round", args=[rnd.pk]),
            reverse("indicators:update", args=[update.pk]),
        ):
            with self.subTest(path=path):
                self.check(path, alice)

    def test_an_import_in_progress_and_checked_is_accessible(self):
        import tempfile

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import override_settings

        from rus.indicators import services
        from rus.indicators.models import ImportBatch, Indicator

        alice = User.objects.get(username="alice")
        indicator = Indicator.objects.create(code="ghg", name_sv="Utsläpp", unit="t")
        with override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="rus-media-")):
            batch = services.upload_start(
                indicator=indicator,
                upload=SimpleUploadedFile("u.csv", b"kod;ar;varde\n0380;2020;1\n"),
                user=alice,
            )
            path = reverse("indicators:import_preview", args=[batch.pk])
            batch.job, batch.phase, batch.progress = "store", ImportBatch.Phase.READING, 1250000
            batch.save()
            with self.subTest(state="reading"):
                self.check(path, alice)
            batch.job, batch.phase, batch.revised = "check", ImportBatch.Phase.DONE, 1
            batch.sample = [{"line": 2, "period": "2020", "old_value": 0.5, "value": 1.0}]
            batch.mapping = {"area": "kod", "period": "ar", "value": "varde"}
            batch.save()
            with self.subTest(state="checked"):
                self.check(path, alice)

    def test_form_errors_are_accessible(self):
        cora = User.objects.get(username="cora")
        org = Organisation.objects.get(key="lst-03")
        page = self.new_page(session_key=self.session_for(cora))
        page.goto(self.live_server_url + reverse("contacts:create", args=[org.pk]))
        page.fill("#id_email", "inte en adress")
        page.click("main button[type=submit]")
        self.assertIn("Fyll i en giltig e-postadress", page.content())
        self.assert_accessible(page)

    def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(self):
        page = self.new_page()
        page.goto(self.live_server_url + "/")
        page.keyboard.press("Tab")
        self.assertEqual(
            page.evaluate("document.activeElement.textContent"), "Hoppa till innehållet"
        )
        page.keyboard.press("Enter")
        self.assertEqual(page.evaluate("document.activeElement.id"), "main")

    def test_login_works_by_keyboard_alone(self):
        page = self.new_page()
        page.goto(self.live_server_url + reverse("login"))
        page.focus("#id_username")
        page.keyboard.type("cora")
        page.keyboard.press("Tab")
        page.keyboard.type("correct horse battery staple")
        page.keyboard.press("Enter")
        page.wait_for_url(self.live_server_url + "/mina-uppgifter/")
        self.assertIn("Logga ut cora", page.content())
