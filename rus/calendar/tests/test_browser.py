"""The calendar, offers and library in Chromium: a coordinator books a course date by
clicking; every page passes axe-core; the year picture has its table."""

import io
from datetime import date, time, timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rus.browser import BrowserTestCase
from rus.calendar.models import Booking, Calendar, Event, Offer, OfferDate
from rus.library.models import Document, FundingDeadline, FundingSource, GoodExample, NewsPost
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.test import create_cast


class CalendarInBrowserTests(BrowserTestCase):
    def setUp(self):
        create_cast(self)
        call_command("load_calendar", stdout=io.StringIO())
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        today = timezone.localdate()
        self.webinar = Event.objects.create(
            calendar=Calendar.objects.get(key="rus"),
            title_sv="Webbinarium om indikatorerna",
            category="course",
            start_date=today + timedelta(days=10),
            start_time=time(13),
            end_time=time(14, 30),
            registration=True,
            capacity=2,
        )
        self.offer = Offer.objects.create(
            title="Kurs i förändringsledning", price=60000, organisation_kind="lansstyrelse"
        )
        for m in (1, 2):
            OfferDate.objects.create(offer=self.offer, start_date=date(today.year + 1, m, 20))
        Document.objects.create(
            kind="guidance", title="Vägledning", summary="Om miljömål.", audience="kommuner"
        )
        source = FundingSource.objects.create(
            title="Klimatklivet",
            funder="Naturvårdsverket",
            eligible="Alla",
            description="Stöd.",
            url="https://example.org/",
        )
        FundingDeadline.objects.create(source=source, day=today + timedelta(days=40))
        GoodExample.objects.create(title="Ett gott exempel", text="Så gjorde vi.")
        NewsPost.objects.create(title="En nyhet", body="Text.")

    def test_public_pages_and_registration(self):
        page = self.new_page()
        page.goto(self.live_server_url + reverse("calendar:month"))
        self.assert_accessible(page)
        page.click("text=Lista")
        self.assert_accessible(page)
        page.click("text=Webbinarium om indikatorerna")
        self.assert_accessible(page)
        page.fill("#id_name", "Ada Andersson")
        page.fill("#id_email", "ada@example.org")
        with page.expect_navigation():
            page.click("main button:text-is('Anmäl dig')")
        self.assertIn("Du är anmäld", page.inner_text("main"))
        self.assert_accessible(page)
        page.goto(self.live_server_url + reverse("calendar:year", args=[timezone.localdate().year]))
        self.assert_accessible(page)
        self.assert_no_sideways_scroll(page)
        # The picture has its table: every date of the wheel is a row.
        self.assertTrue(page.is_visible("figure svg"))
        rows = page.locator("table tbody tr").count()
        markers = page.locator("figure svg g > title").count()
        self.assertEqual(rows, markers)
        for name in ("documents", "good_examples", "funding", "news"):
            page.goto(self.live_server_url + reverse(f"library:{name}"))
            self.assert_accessible(page)
        page.click("text=En nyhet")
        self.assert_accessible(page)
        page.goto(self.live_server_url + reverse("library:funding"))
        page.click("text=Klimatklivet")
        self.assert_accessible(page)
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(self.live_server_url + reverse("calendar:month"))
        self.assert_no_sideways_scroll(page)

    def test_a_coordinator_books_a_course_date_by_clicking(self):
        page = self.login("cora")
        page.goto(self.live_server_url + reverse("calendar:offers"))
        self.assert_accessible(page)
        page.click("text=Kurs i förändringsledning")
        self.assert_accessible(page)
        with page.expect_navigation():
            page.click("main button.button >> nth=0")
        self.assertIn("Bokat", page.inner_text("main"))
        self.assertEqual(Booking.objects.get().organisation, self.uppsala)  # type: ignore[attr-defined]
        self.assert_accessible(page)
        page.goto(self.live_server_url + reverse("calendar:subscribe"))
        self.assert_accessible(page)
        feed = page.input_value("#personal-feed")
        self.assertIn("/kalender/flode/", feed)
