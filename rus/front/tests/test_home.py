import re

from django.conf import settings
from django.test import TestCase

from rus.referencedata.services import load_reference_data


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=settings.RUS_DATA_DIR)

    def test_home_is_swedish_by_default(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="sv">')
        self.assertContains(response, "Uppföljning av Sveriges miljömål")
        self.assertContains(response, "Levande skogar")
        self.assertContains(response, "de 21 länen och 290 kommunerna")
        self.assertContains(response, 'href="/en/"')

    def test_english_is_one_link_away(self):
        response = self.client.get("/en/")
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Follow-up of Sweden's environmental objectives")
        self.assertContains(response, "Sustainable Forests")
        self.assertContains(response, 'href="/" hreflang="sv"')

    def test_base_layout_has_landmarks_and_a_skip_link(self):
        html = self.client.get("/").content.decode()
        self.assertIn('<a class="skip-link" href="#main">Hoppa till innehållet</a>', html)
        for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
            self.assertIn(landmark, html)
        self.assertEqual(html.count("<h1"), 1)

    def test_nothing_is_loaded_from_another_host(self):
        html = self.client.get("/").content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        self.assertTrue(stylesheets)
        for url in stylesheets + [s for s in sources if s.endswith((".js", ".css", ".woff2"))]:
            self.assertTrue(url.startswith("/"), url)
        self.assertEqual(self.client.get(stylesheets[0]).status_code, 200)

    def test_api_docs_are_served_locally(self):
        html = self.client.get("/api/v1/docs").content.decode()
        self.assertNotIn("cdn.", html)
        self.assertIn("/static/ninja/", html)
