"""An actor reports on its measures through the link in its mail, by keyboard only, in
Chromium; the county board's pages and the public ones pass axe-core."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from rus.accounts.models import User
from rus.actions import services
from rus.actions.defaults import seed
from rus.actions.models import Enquiry, Programme, Report, Sector
from rus.actions.tests.helpers import link_in
from rus.browser import BrowserTestCase
from rus.goals.models import Framework, Goal
from rus.organisations.models import Organisation
from rus.outbox import services as outbox
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.test import PASSWORD, create_cast
from rus.workflow.models import State


class ActorInBrowserTests(BrowserTestCase):
    uppsala: Organisation
    uppsala_county: object

    def setUp(self):
        create_cast(self)
        seed(Sector)
        framework = Framework.objects.create(code="miljomal", name_sv="Miljömål")
        air = Goal.objects.create(
            framework=framework, code="2", kind="objective", number=2, name_sv="Frisk luft"
        )
        area = self.uppsala_county.children.create(  # type: ignore[attr-defined]
            code="0380", level="municipality", name="Uppsala"
        )
        self.municipality = Organisation.objects.create(
            key="kommun-0380", kind="kommun", name="Uppsala", area=area
        )
        self.cora = User.objects.get(username="cora")
        self.programme = services.programme_save(
            programme=None,
            organisation=self.uppsala,
            data={
                "title": "Åtgärdsprogram för Uppsala län",
                "starts": 2025,
                "ends": 2028,
                "status": Programme.Status.ADOPTED,
                "goals": [air],
            },
        )
        for n, title in enumerate(
            ["Laddplatser vid pendlarparkeringar", "Cykelväg Uppsala–Storvreta", "Grön kil"], 1
        ):
            services.measure_save(
                programme=self.programme,
                measure=None,
                data={
                    "code": f"1.{n}",
                    "title": title,
                    "lead": self.municipality,
                    "contact_name": "Mia Miljö",
                    "contact_email": "mia@uppsala.example.org",
                    "goals": [air],
                    "sector": Sector.objects.get(key="transporter"),
                },
            )
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        self.enquiry = services.enquiry_open(
            programme=self.programme,
            year=2025,
            deadline=timezone.localdate() + timedelta(days=20),
            user=self.cora,
        )
        services.invite(enquiry=self.enquiry, user=self.cora)
        outbox.deliver_due()

    def tab_to(self, page, name: str) -> None:
        """Move the focus with the Tab key until it is on the named control."""
        for _ in range(80):
            if page.evaluate("document.activeElement && document.activeElement.name") == name:
                return
            page.keyboard.press("Tab")
        self.fail(f"Tab never reached {name}")

    def test_an_actor_reports_with_the_keyboard_only(self):
        (mail,) = self.smtp.inbox.to("mia@uppsala.example.org")
        link = link_in(mail).replace("http://127.0.0.1:8000", self.live_server_url)
        page = self.new_page()
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(link)
        self.assert_accessible(page)
        self.assert_no_sideways_scroll(page)
        reports = list(Report.objects.filter(enquiry=self.enquiry).order_by("measure__code"))
        for report, (status_letters, share) in zip(
            reports, [("Gen", "100"), ("Påb", "40"), ("Ej", "0")], strict=True
        ):
            self.tab_to(page, f"r{report.pk}-status")
            page.keyboard.type(status_letters)
            self.tab_to(page, f"r{report.pk}-share_done")
            page.keyboard.type(share)
            self.tab_to(page, f"r{report.pk}-comment")
            page.keyboard.type(f"Läget för {report.measure.code}.")
        # Submit with the keyboard: the submit button is the one named "action" after save.
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.value") == "submit":
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        self.assertIn("Tack! Er rapport har skickats", page.inner_text("main"))
        self.assert_accessible(page)
        stored = {
            r.measure.code: (r.status, r.share_done, r.state)
            for r in Report.objects.filter(enquiry=self.enquiry).select_related("measure")
        }
        self.assertEqual(
            stored,
            {
                "1.1": ("genomford", 100, State.SUBMITTED),
                "1.2": ("paborjad", 40, State.SUBMITTED),
                "1.3": ("ej_paborjad", 0, State.SUBMITTED),
            },
        )

    def test_the_county_boards_pages_and_the_public_ones(self):
        page = self.new_page()
        page.goto(self.live_server_url + reverse("login"))
        page.fill("#id_username", "cora")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(self.live_server_url + reverse("accounts:start"))
        page.click(f"text=Rapportering 2025: {self.programme.title}")
        self.assert_accessible(page)
        page.click("main a:text-is('Uppsala')")
        self.assert_accessible(page)
        page.click("text=Rapportering om 2025")
        page.click("text=Publicera året …")
        self.assert_accessible(page)
        page.click(".breadcrumbs a")
        page.click(f".breadcrumbs a:text-is('{self.programme.title}')")
        self.assert_accessible(page)
        for link in (
            "Lägg till en åtgärd",
            "Importera åtgärder från Excel eller CSV",
            "Redigera programmet",
        ):
            page.click(f"text={link}")
            self.assert_accessible(page)
            page.go_back()
        page.click("text=Laddplatser vid pendlarparkeringar")
        self.assert_accessible(page)
        page.goto(
            self.live_server_url + reverse("actions:enquiry_create", args=[self.programme.pk])
        )
        self.assert_accessible(page)
        public = self.new_page()
        for path in (
            reverse("actions:programmes"),
            reverse("actions:search"),
            self.programme.get_absolute_url(),
        ):
            public.goto(self.live_server_url + path)
            self.assert_accessible(public)
            self.assert_no_sideways_scroll(public)
        self.assertEqual(Enquiry.objects.count(), 1)
