"""The indicator catalogue and the pages that show the further series, in Chromium with
axe-core (WCAG 2.1 AA), at desktop and phone width."""

from django.conf import settings

from rus.browser import BrowserTestCase
from rus.indicators.reference import load_indicator_data
from rus.referencedata.services import load_reference_data


class CatalogueInBrowserTests(BrowserTestCase):
    def setUp(self):
        load_reference_data(data_dir=settings.RUS_DATA_DIR)
        load_indicator_data(data_dir=settings.RUS_DATA_DIR)

    def test_a_reader_finds_an_indicator_and_the_pages_pass_axe(self):
        page = self.new_page()
        page.goto(self.live_server_url + "/indikatorer/")
        self.assert_accessible(page)
        page.select_option("#id_mal", label="1. Begränsad klimatpåverkan")
        page.select_option("#id_niva", label="Kommuner")
        page.fill("#id_q", "laddbara")
        page.click("main button[type=submit]")
        self.assertIn(
            "Laddbara bilars andel av nyregistrerade personbilar", page.inner_text("main")
        )
        self.assertNotIn("Folkmängd", page.inner_text("main table"))
        self.assert_accessible(page)
        page.click("text=Laddbara bilars andel av nyregistrerade personbilar")
        self.assertIn("Beräknad i rus", page.inner_text("main"))
        self.assert_accessible(page)
        phone = self.new_page()
        phone.set_viewport_size({"width": 390, "height": 800})
        for path in ("/indikatorer/", "/mal/1/", "/lan/20/", "/kommun/2080/"):
            with self.subTest(path=path):
                phone.goto(self.live_server_url + path)
                self.assert_accessible(phone)
                self.assert_no_sideways_scroll(phone)
