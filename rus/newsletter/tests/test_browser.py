"""RUS's administrator writes, tests and sends a newsletter, and a coordinator keeps the
county's contacts, in Chromium, by clicking from the start page; axe on every page."""

from django.urls import reverse

from rus.browser import BrowserTestCase
from rus.contacts.models import Contact, Unsubscription
from rus.newsletter.models import Issue
from rus.newsletter.tests.helpers import add_contacts
from rus.outbox import services as outbox
from rus.outbox.models import Delivery
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.test import create_cast


class NewsletterInBrowserTests(BrowserTestCase):
    def setUp(self):
        create_cast(self)
        add_contacts(self.uppsala, 3)  # type: ignore[attr-defined]
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)

    def check(self, page) -> None:
        self.assert_accessible(page)
        self.assert_no_sideways_scroll(page)

    def test_the_administrator_writes_tests_and_sends_an_issue(self):
        page = self.login("alice")
        page.click("text=Skriv ett nytt nummer")
        self.check(page)
        page.fill("#id_title", "Nytt från RUS december")
        page.fill("#id_intro", "RUS är en länk mellan regionalt och lokalt miljömålsarbete.")
        page.click("main button[type=submit]")
        self.check(page)
        for kind, fields in (
            ("Rubrik", {"#id_title": "AKTUELLT"}),
            (
                "Evenemang",
                {
                    "#id_title": "Miljömålsdagarna",
                    "#id_starts_on": "2027-05-04",
                    "#id_place": "Sundsvall",
                    "#id_body": "Årets viktigaste mötesplats.",
                },
            ),
        ):
            page.select_option("#new-kind", label=kind)
            page.click("button:text-is('Lägg till')")
            self.check(page)
            for selector, value in fields.items():
                page.fill(selector, value)
            page.click("main button[type=submit]")
        self.assertIn("Miljömålsdagarna", page.inner_text("#blocks ~ ol"))
        page.click("text=Förhandsvisning")
        self.check(page)
        self.assertIn("4 maj 2027", page.inner_text(".mail-preview"))
        page.click("text=Tillbaka till redigeringen")
        page.click("text=Skicka ett prov till alice@example.org")
        self.assertIn("Ett provutskick har köats", page.inner_text("main"))
        page.click("text=Skicka eller schemalägg …")
        self.check(page)
        # The cast's two coordinators and the three contacts added here.
        self.assertIn("Numret går till 5 adresser", page.inner_text("main"))
        page.click("button:text-is('Skicka nu')")
        self.check(page)
        outbox.deliver_due()
        self.assertEqual(len(self.smtp.inbox.recipients()), 6)  # five and the test
        self.assertEqual(Issue.objects.get().state, Issue.State.SENT)
        page.reload()
        self.assertIn("Skickat: 5", page.inner_text("main"))
        page.click("text=Webbversionen")
        self.check(page)
        self.assertIn("Miljömålsdagarna", page.inner_text("main"))

        # The reader's side, without an account: the link in the mail, on a phone.
        (mail,) = self.smtp.inbox.to("p0@example.org")
        url = mail["List-Unsubscribe"].strip().strip("<>")
        reader = self.new_page()
        reader.set_viewport_size({"width": 390, "height": 800})
        reader.goto(url.replace("http://127.0.0.1:8000", self.live_server_url))
        self.check(reader)
        reader.click("button:text-is('Avregistrera')")
        self.assertIn("Du är avregistrerad", reader.inner_text("main"))
        self.check(reader)
        self.assertTrue(Unsubscription.objects.filter(email="p0@example.org").exists())

    def test_the_coordinator_keeps_the_countys_contacts_on_a_phone(self):
        page = self.login("cora", width=390)
        page.click("main a:text-is('Kontakter')")
        self.check(page)
        self.assertNotIn("sara@example.org", page.inner_text("main"))
        page.click("text=Lägg till kontakt")
        self.check(page)
        page.fill("#id_name", "Nils Nilsson")
        page.fill("#id_email", "nils@example.org")
        page.check("text=Ämnesexpert")
        page.click("main button[type=submit]")
        self.assertIn("Kontakten har lagts till", page.inner_text("main"))
        self.check(page)
        contact = Contact.objects.get(email="nils@example.org")
        self.assertEqual(contact.organisation, self.uppsala)  # type: ignore[attr-defined]
        page.click("text=Importera från fil")
        self.check(page)
        page.set_input_files(
            "#id_file",
            files=[
                {
                    "name": "kontakter.csv",
                    "mimeType": "text/csv",
                    "buffer": b"namn;e-post;roller\nAda;ada@example.org;kungen\n",
                }
            ],
        )
        page.click("main button[type=submit]")
        self.assertIn(
            "kontakter.csv, rad 2, kolumn roller: okänd roll 'kungen'", page.inner_text("main")
        )
        self.check(page)

    def test_rus_pages_for_lists_and_personal_data(self):
        page = self.login("alice")
        page.click("main a:text-is('Kontaktlistor')")
        self.check(page)
        page.click("text=Nytt från RUS")
        self.check(page)
        page.click("text=Ändra listan")
        self.check(page)
        page.goto(self.live_server_url + reverse("contacts:person"))
        page.fill("#id_email", "p1@example.org")
        page.click("main button:text-is('Sök')")
        self.check(page)
        self.assertIn("1 kontaktpost", page.inner_text("main"))
        self.assertFalse(Delivery.objects.exists())
