"""Issue 5's acceptance: every public page type, in both languages, in real Chromium."""

from django.core.cache import cache
from django.test import TestCase
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from rus.accounts.models import User
from rus.browser import BrowserTestCase
from rus.followup import services as followup
from rus.followup.models import Assessment, FollowUpRound
from rus.front.tests.public_fixture import PUBLIC_PAGES, SECRET, create_public_site
from rus.goals.models import Goal
from rus.organisations.models import Organisation

BOTH_LANGUAGES = [*PUBLIC_PAGES, *("/en" + p for p in PUBLIC_PAGES)]


class PublicPagesInBrowserTests(BrowserTestCase):
    def setUp(self):
        create_public_site(self)

    def test_every_page_type_in_both_languages_has_no_wcag_violations(self):
        for path in BOTH_LANGUAGES:
            with self.subTest(path=path):
                page = self.new_page()
                response = page.goto(self.live_server_url + path)
                self.assertEqual(response.status, 200)
                expected = "en" if path.startswith("/en/") else "sv"
                self.assertEqual(page.get_attribute("html", "lang"), expected)
                self.assert_accessible(page)

    def test_on_a_phone_no_page_scrolls_sideways(self):
        for path in PUBLIC_PAGES:
            with self.subTest(path=path):
                page = self.new_page()
                page.set_viewport_size({"width": 390, "height": 844})
                page.goto(self.live_server_url + path)
                self.assert_no_sideways_scroll(page)

    def test_without_javascript_every_page_shows_its_content_and_tables(self):
        for path in PUBLIC_PAGES:
            with self.subTest(path=path):
                page = self.new_page(javascript=False)
                page.goto(self.live_server_url + path)
                self.assertTrue(page.is_visible("main h1"))
                if path not in (
                    "/tillganglighet/",
                    "/logga-in/",
                    "/sok/?q=Frisk",
                    "/uppfoljning/2025/lan/03/",
                ):
                    self.assertTrue(page.is_visible("main table"), path)
        page = self.new_page(javascript=False)
        page.goto(self.live_server_url + "/indikatorer/ghg/?omrade=03")
        self.assertTrue(page.is_visible("svg.chart"))
        self.assertTrue(page.is_visible("svg.map"))
        # The selection form works without scripts: choose a breakdown and submit.
        page.select_option("#id_dimension", "sector=Transporter")
        page.click("main form button[type=submit]")
        self.assertIn("dimension=sector", page.url)
        self.assertIn("30", page.inner_text("#series-caption + thead + tbody, table.numeric tbody"))

    FOCUSABLE = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex="0"]'

    def focusables(self, page) -> int:
        return page.evaluate(
            f"""() => [...document.querySelectorAll('{self.FOCUSABLE}')]
                 .filter(e => !e.disabled && e.offsetParent !== null).length"""
        )

    def tab_through(self, page) -> dict[int, bool]:
        """Press Tab until focus comes back round: which controls (by position in the page)
        were reached, and whether each showed a visible focus indicator."""
        reached: dict[int, bool] = {}
        for _ in range(400):
            page.keyboard.press("Tab")
            index, visible = page.evaluate(
                f"""() => {{ const e = document.activeElement;
                   const all = [...document.querySelectorAll('{self.FOCUSABLE}')];
                   const s = getComputedStyle(e);
                   const shown = s.outlineStyle !== 'none' || s.boxShadow !== 'none';
                   return [all.indexOf(e), shown]; }}"""
            )
            if index in reached:
                break
            if index >= 0:
                reached[index] = visible
        return reached

    def operate_each(self, path: str) -> list[str]:
        """Reach every control with Tab and operate it with the keyboard alone: Enter on links
        and buttons must lead somewhere, arrow keys and typing must change fields."""
        failures = []
        page = self.new_page()
        page.goto(self.live_server_url + path)
        count = self.focusables(page)
        for position in range(count):
            page.goto(self.live_server_url + path)
            for _ in range(position + 1):
                page.keyboard.press("Tab")
            kind = page.evaluate(
                """() => { const e = document.activeElement;
                    return [e.tagName, e.type || '', e.getAttribute('href') || '']; }"""
            )
            tag, kind_type, href = kind
            if tag == "A" and href.startswith("#"):
                page.keyboard.press("Enter")
                if page.evaluate("document.activeElement.id") != href[1:]:
                    failures.append(f"{path}: in-page link {href} did not move focus")
            elif tag == "A" and href.split("?")[0].endswith((".csv", ".xlsx", ".pdf")):
                with page.expect_download(timeout=5000) as download:
                    page.keyboard.press("Enter")
                if download.value.failure():
                    failures.append(f"{path}: download {href} failed")
            elif tag == "A":
                try:
                    with page.expect_navigation(timeout=5000) as navigation:
                        page.keyboard.press("Enter")
                    if navigation.value is None or navigation.value.status >= 400:
                        failures.append(f"{path}: link {href} led to an error")
                except PlaywrightTimeout:
                    failures.append(f"{path}: link {href} did nothing")
            elif tag == "SELECT":
                before = page.evaluate("document.activeElement.selectedIndex")
                page.keyboard.press("ArrowDown")
                if page.evaluate("document.activeElement.selectedIndex") == before:
                    failures.append(f"{path}: select #{position} did not change")
            elif tag == "INPUT" and kind_type in ("search", "text"):
                page.keyboard.type("Frisk")
                if "Frisk" not in page.evaluate("document.activeElement.value"):
                    failures.append(f"{path}: input #{position} took no text")
            elif tag == "BUTTON":
                try:
                    with page.expect_navigation(timeout=5000):
                        page.keyboard.press("Enter")
                except PlaywrightTimeout:
                    failures.append(f"{path}: button #{position} did nothing")
            elif tag == "DIV":
                # A scrollable table region: it takes focus so that arrow keys can scroll it.
                continue
            else:
                failures.append(f"{path}: unexpected control {tag}")
        return failures

    def test_every_control_can_be_operated_by_keyboard(self):
        failures = []
        for path in ("/", "/mal/2/", "/lan/03/", "/indikatorer/ghg/?omrade=03"):
            failures += self.operate_each(path)
        self.assertEqual(failures, [])

    def test_keyboard_reaches_and_operates_every_control(self):
        for path in ("/", "/mal/2/", "/lan/03/", "/indikatorer/ghg/?omrade=03"):
            with self.subTest(path=path):
                page = self.new_page()
                page.goto(self.live_server_url + path)
                reached = self.tab_through(page)
                self.assertEqual(len(reached), self.focusables(page))
                self.assertTrue(all(reached.values()), [i for i, v in reached.items() if not v])
        # Operate: search from the header with the keyboard only.
        page = self.new_page()
        page.goto(self.live_server_url + "/")
        page.keyboard.press("Tab")  # skip link
        while page.evaluate("document.activeElement.id") != "site-search":
            page.keyboard.press("Tab")
        page.keyboard.type("Frisk")
        page.keyboard.press("Enter")
        page.wait_for_url("**/sok/?q=Frisk")
        # Follow a link with Enter.
        page.goto(self.live_server_url + "/mal/2/")
        page.focus("a[href='/lan/03/']")
        page.keyboard.press("Enter")
        page.wait_for_url(self.live_server_url + "/lan/03/")
        # Change the indicator selection with the keyboard and submit it.
        page.goto(self.live_server_url + "/indikatorer/ghg/?omrade=03")
        page.focus("#id_dimension")
        page.keyboard.press("ArrowDown")
        page.focus("main form button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url("**dimension=sector*")


class UnpublishedNeverAppearsTests(TestCase):
    draft_round: FollowUpRound
    uppsala: Organisation
    clean_air: Goal
    alice: User
    cora: User
    rita: User

    @classmethod
    def setUpTestData(cls):
        create_public_site(cls)

    def test_not_on_public_pages(self):
        for path in [*PUBLIC_PAGES, "/uppfoljning/2026/", "/uppfoljning/2026/lan/03/"]:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertNotIn(SECRET, response.content.decode())
                self.assertNotIn("77777", response.content.decode())
        # A round under way tells the public when it will be published, nothing more.
        self.assertContains(self.client.get("/uppfoljning/2026/"), "publiceras senast")
        self.assertEqual(self.client.get("/uppfoljning/2026/lan/03/").status_code, 404)

    def test_not_in_search(self):
        self.assertContains(self.client.get(f"/sok/?q={SECRET}"), "0 träffar")
        self.assertContains(
            self.client.get("/sok/?q=Publicerad"), "Publicerad text om Frisk luft i Uppsala län"
        )

    def test_the_feed_reads_plain_text_summaries_as_written(self):
        from xml.etree import ElementTree

        FollowUpRound.objects.filter(year=2025).update(
            national_summary="Kväve < 5 mg & <b>fler</b>"
        )
        feed = ElementTree.fromstring(self.client.get("/publiceringar.atom").content)  # noqa: S314 (our own feed)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        summary = feed.find("a:entry/a:summary", ns)
        assert summary is not None
        self.assertEqual(summary.get("type"), "html")
        # As HTML the summary shows the text, tags included, exactly as written.
        self.assertEqual(summary.text, "Kväve &lt; 5 mg &amp; &lt;b&gt;fler&lt;/b&gt;")

    def test_not_in_the_feed(self):
        feed = self.client.get("/publiceringar.atom").content.decode()
        self.assertIn("Regional uppföljning 2025 har publicerats", feed)
        self.assertNotIn("/uppfoljning/2026/", feed)
        self.assertNotIn(SECRET, feed)

    def test_not_in_the_api(self):
        self.assertEqual(self.client.get("/api/v1/followup/2026/assessments").status_code, 404)
        body = self.client.get("/api/v1/followup/2025/assessments").content.decode()
        self.assertNotIn(SECRET, body)
        observations = self.client.get("/api/v1/observations?indicator=ghg&area=03").json()
        self.assertNotIn(77777.0, [o["value"] for o in observations["items"]])
        self.assertEqual(
            [y["year"] for y in self.client.get("/api/v1/followup").json()["items"]], [2025]
        )

    def test_cached_pages_change_on_publication(self):
        cache.clear()
        self.assertNotIn(
            "Ja",
            self.client.get("/lan/03/").content.decode().split("<tbody>")[1].split("</tbody>")[0],
        )
        draft = self.draft_round
        a = draft.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        followup.assessment_submit(assessment=a, expected_version=a.version, user=self.cora)
        followup.assessment_approve(assessment=a, expected_version=a.version, user=self.rita)
        self.assertNotContains(
            self.client.get("/lan/03/"), "2026"
        )  # still cached, still unpublished
        followup.round_publish(rnd=draft, user=self.alice, reason="Test av cachen.")
        page = self.client.get("/lan/03/")
        self.assertContains(page, "2026")
        self.assertEqual(Assessment.objects.get(pk=a.pk).state, "published")


class PageWeightTests(TestCase):
    """A page's own weight (HTML and CSS; no scripts or fonts are used) stays under 300 kB."""

    @classmethod
    def setUpTestData(cls):
        create_public_site(cls)

    def test_every_page_type_is_light(self):
        css_response = self.client.get("/static/rus/rus.css")
        css = len(b"".join(css_response.streaming_content))  # type: ignore[attr-defined]
        for path in BOTH_LANGUAGES:
            with self.subTest(path=path):
                html = self.client.get(path).content
                self.assertNotIn(b"<script", html)
                self.assertLess(len(html) + css, 300 * 1024)


class ObjectivePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        create_public_site(cls)

    def test_national_and_county_judgements_over_the_years(self):
        html = self.client.get("/mal/2/").content.decode()
        self.assertIn("Sverige: antal län", html)
        # Both Uppsala and Skåne published "Nej" for Frisk luft in 2025.
        self.assertIn("Nej: 2", html)
        self.assertIn('<a href="/lan/03/">Uppsala län</a>', html)
        self.assertIn('<a href="/indikatorer/ghg/">Utsläpp av växthusgaser</a>', html)
