"""The library: search and filters, the funding deadlines in the calendar, good examples
from action programmes, the news feed."""

from datetime import UTC, date, datetime
from xml.etree import ElementTree

from django.test import Client, TestCase
from django.urls import reverse

from rus.calendar import registry
from rus.library.models import Document, FundingDeadline, FundingSource, GoodExample, NewsPost
from rus.test import BaseTestCase


class LibraryTests(BaseTestCase):
    def setUp(self):
        self.guide = Document.objects.create(
            kind="guidance",
            title="Vägledning för lokalt arbete med miljömål och Agenda 2030",
            summary="Stöd och inspiration för kommunernas strategiska arbete.",
            audience="kommuner",
            tags="Agenda 2030, strategi",
        )
        self.report = Document.objects.create(
            kind="report",
            title="Regional uppföljning 2025",
            summary="Länens bedömningar.",
            audience="alla",
        )
        self.source = FundingSource.objects.create(
            title="Klimatklivet",
            funder="Naturvårdsverket",
            eligible="Kommuner, företag, organisationer",
            description="Stöd till lokala klimatinvesteringar.",
            url="https://www.naturvardsverket.se/klimatklivet",
            max_amount=10_000_000,
        )
        FundingDeadline.objects.create(source=self.source, day=date(2027, 2, 15))

    def test_search_and_filters(self):
        page = self.client.get(reverse("library:documents"), {"q": "agenda"}).content.decode()
        self.assertIn(self.guide.title, page)
        self.assertNotIn(self.report.title, page)
        by_kind = self.client.get(reverse("library:documents"), {"typ": "report"}).content.decode()
        self.assertIn(self.report.title, by_kind)
        self.assertNotIn(self.guide.title, by_kind)

    def test_an_application_deadline_is_in_the_calendar_from_the_source(self):
        entries = registry.entries(date(2027, 1, 1), date(2027, 12, 31))
        self.assertIn(
            ("Sista ansökningsdag: Klimatklivet", date(2027, 2, 15)),
            [(e.title, e.day) for e in entries],
        )
        month = Client().get(reverse("calendar:month"), {"manad": "2027-02"}).content.decode()
        self.assertIn("Sista ansökningsdag: Klimatklivet", month)
        self.assertIn(self.source.get_absolute_url(), month)

    def test_good_examples_written_and_from_action_programmes(self):
        GoodExample.objects.create(
            title="Lokal klimatfärdplan",
            text="Kommunen antog en färdplan.",
            organisation=self.uppsala,
        )
        page = self.client.get(reverse("library:good_examples")).content.decode()
        self.assertIn("Lokal klimatfärdplan", page)
        county = self.client.get("/lan/03/").content.decode()
        self.assertIn(self.guide.title, county)
        self.assertIn("Klimatklivet", county)
        self.assertIn("Lokal klimatfärdplan", county)


class NewsFeedTests(TestCase):
    def test_the_atom_feed_has_the_posts_with_their_dates(self):
        NewsPost.objects.create(
            title="Nobelmötet 2026",
            body="Välkommen!",
            published_at=datetime(2026, 10, 1, 12, 0, tzinfo=UTC),
        )
        NewsPost.objects.create(
            title="Kommande",
            body="x",
            published_at=datetime(2099, 1, 1, tzinfo=UTC),
        )
        feed = ElementTree.fromstring(Client().get("/nyheter.atom").content)  # noqa: S314  (rus's own answer)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = [
            (e.findtext("a:title", "", ns), e.findtext("a:updated", "", ns)[:10])
            for e in feed.findall("a:entry", ns)
        ]
        self.assertEqual(entries, [("Nobelmötet 2026", "2026-10-01")])
