"""Contacts kept by their organisations, lists made by rules, imports through the tabular
reader, and what coordinators may see."""

import json

from django.urls import reverse

from rus.contacts import selectors, services
from rus.contacts.models import Contact, ContactList, ListRule, Role, Unsubscription
from rus.lib.tabular import read_table
from rus.organisations.models import Organisation
from rus.test import BaseTestCase


def role(key: str) -> Role:
    return Role.objects.get(key=key)


class ListRuleTests(BaseTestCase):
    """Members are whoever matches a rule now, computed here from the rule's words."""

    forest: Organisation
    municipality: Organisation

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.forest = Organisation.objects.create(
            key="skogsstyrelsen", kind="skogsstyrelsen", name="Skogsstyrelsen", area=cls.rus.area
        )
        area = cls.uppsala_county.children.create(code="0380", level="municipality", name="Uppsala")
        cls.municipality = Organisation.objects.create(
            key="kommun-0380", kind="kommun", name="Uppsala kommun", area=area
        )
        people = [
            (cls.uppsala, "chef@uppsala.example", ["chef-miljomalsuppdraget"]),
            (cls.skane, "chef@skane.example", ["chef-miljomalsuppdraget", "styrgrupp"]),
            (cls.forest, "skog@example.org", ["skogsstyrelsen-kontakt"]),
            (cls.municipality, "kommun@example.org", ["miljomalssamordnare"]),
        ]
        for org, email, keys in people:
            c = Contact.objects.create(organisation=org, name=email.split("@")[0], email=email)
            c.roles.set([role(k) for k in keys])

    def emails(self, contact_list: ContactList) -> list[str]:
        return sorted(c.email for c in selectors.members(contact_list))

    def test_the_newsletter_list_follows_its_rules(self):
        newsletter = ContactList.objects.get(key="nytt-fran-rus")
        # Coordinators at county boards (the cast's Ulla and Sara), managers at county
        # boards, Skogsstyrelsen's contact and the steering group; not a municipality's
        # coordinator.
        self.assertEqual(
            self.emails(newsletter),
            sorted(
                [
                    "ulla@example.org",
                    "sara@example.org",
                    "chef@uppsala.example",
                    "chef@skane.example",
                    "skog@example.org",
                ]
            ),
        )

    def test_a_county_includes_its_municipalities_and_a_change_of_role_moves_people(self):
        uppsala_only = ContactList.objects.create(key="u", name_sv="Uppsala", kind="service")
        rule = ListRule.objects.create(contact_list=uppsala_only)
        rule.roles.set([role("miljomalssamordnare")])
        rule.areas.set([self.uppsala_county])
        self.assertEqual(self.emails(uppsala_only), ["kommun@example.org", "ulla@example.org"])
        Contact.objects.get(email="ulla@example.org").roles.set([role("ovrig")])
        self.assertEqual(self.emails(uppsala_only), ["kommun@example.org"])

    def test_an_unsubscription_holds_for_an_optional_list_only(self):
        newsletter = ContactList.objects.get(key="nytt-fran-rus")
        service = ContactList.objects.get(key="rus-kontaktpersoner-lansstyrelserna")
        left = services.unsubscribe(
            contact_lists=[newsletter, service], email="ULLA@example.org", via="link"
        )
        self.assertEqual(left, [newsletter])
        self.assertNotIn("ulla@example.org", self.emails(newsletter))
        self.assertIn("ulla@example.org", self.emails(service))
        # Unsubscribing twice changes nothing; resubscribing puts the address back.
        self.assertEqual(
            services.unsubscribe(contact_lists=[newsletter], email="ulla@example.org", via="link"),
            [],
        )
        self.assertTrue(services.resubscribe(contact_list=newsletter, email="ulla@example.org"))
        self.assertIn("ulla@example.org", self.emails(newsletter))


class ImportTests(BaseTestCase):
    def run_import(self, text: str, **kwargs):
        table = read_table(text.encode("utf-8"), "kontakter.csv")
        return services.import_contacts(
            table, organisations=Organisation.objects.filter(pk=self.uppsala.pk), **kwargs
        )

    def test_a_good_file_adds_and_updates(self):
        report = self.run_import(
            "namn;e-post;roller;telefon;språk\n"
            "Nils Ny;nils@example.org;Miljömålssamordnare (RUS kontaktperson), styrgrupp;018-1;en\n"
            "Ulla Uppsala;ulla@example.org;chef-miljomalsuppdraget;;\n",
            default_organisation=self.uppsala,
        )
        self.assertEqual((report.created, report.updated, report.problems), (1, 1, []))
        nils = Contact.objects.get(email="nils@example.org")
        self.assertEqual(
            sorted(r.key for r in nils.roles.all()), ["miljomalssamordnare", "styrgrupp"]
        )
        self.assertEqual((nils.language, nils.phone), ("en", "018-1"))
        self.assertEqual(
            [r.key for r in Contact.objects.get(email="ulla@example.org").roles.all()],
            ["chef-miljomalsuppdraget"],
        )

    def test_every_problem_is_named_by_line_and_column_and_nothing_is_stored(self):
        report = self.run_import(
            "organisation,namn,e-post,roller\n"
            "lst-03,Ada,ada@example.org,styrgrupp\n"
            "lst-12,Bo,bo@example.org,styrgrupp\n"
            "lst-03,,inte-en-adress,okänd roll\n"
            "lst-03,Ada igen,ADA@example.org,styrgrupp\n"
        )
        self.assertEqual(
            report.problems,
            [
                "kontakter.csv, rad 3, kolumn organisation: okänd organisation 'lst-12', "
                "eller en som du inte får ändra",
                "kontakter.csv, rad 4, kolumn namn: namnet saknas",
                "kontakter.csv, rad 4, kolumn e-post: 'inte-en-adress' är inte en e-postadress",
                "kontakter.csv, rad 4, kolumn roller: okänd roll 'okänd roll'",
                "kontakter.csv, rad 5, kolumn e-post: samma adress för samma organisation "
                "finns också på rad 2",
            ],
        )
        self.assertFalse(Contact.objects.filter(email__iexact="ada@example.org").exists())

    def test_a_dry_run_stores_nothing(self):
        report = self.run_import(
            "namn,e-post,roller\nNils,nils@example.org,styrgrupp\n",
            default_organisation=self.uppsala,
            dry_run=True,
        )
        self.assertEqual((report.created, report.problems), (1, []))
        self.assertFalse(Contact.objects.filter(email="nils@example.org").exists())

    def test_the_upload_page_shows_problems_and_imports(self):
        self.client.force_login(self.cora)
        url = reverse("contacts:import")
        from django.core.files.uploadedfile import SimpleUploadedFile

        bad = SimpleUploadedFile("lista.csv", b"namn,e-post\nNils,nils@example.org\n")
        page = self.client.post(url, {"file": bad, "organisation": self.uppsala.pk})
        self.assertContains(page, "lista.csv, rad 1: kolumnen roller saknas")
        good = SimpleUploadedFile(
            "lista.csv", b"namn,e-post,roller\nNils,nils@example.org,styrgrupp\n"
        )
        done = self.client.post(url, {"file": good, "organisation": self.uppsala.pk})
        self.assertRedirects(done, reverse("contacts:list"))
        self.assertEqual(Contact.objects.get(email="nils@example.org").organisation, self.uppsala)


class CoordinatorScopeTests(BaseTestCase):
    """Coordinators see and change only their own organisation's contacts, on pages and in
    the API; RUS sees all (the write matrix is in accounts' permission tests)."""

    def test_the_contact_page_and_the_api_list_only_the_own_organisation(self):
        for user, own, other in (
            (self.cora, "ulla@example.org", "sara@example.org"),
            (self.sven, "sara@example.org", "ulla@example.org"),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                page = self.client.get(reverse("contacts:list"))
                self.assertContains(page, own)
                self.assertNotContains(page, other)
                # Asking for the other organisation by its id shows nothing of it.
                other_org = self.skane if user == self.cora else self.uppsala
                filtered = self.client.get(reverse("contacts:list"), {"organisation": other_org.pk})
                self.assertNotContains(filtered, other)
                api = self.client.get("/api/v1/contacts").json()
                self.assertEqual([c["email"] for c in api["items"]], [own])
                download = self.client.get(reverse("contacts:download")).content.decode("utf-8-sig")
                self.assertIn(own, download)
                self.assertNotIn(other, download)
        self.client.force_login(self.alice)
        everyone = self.client.get("/api/v1/contacts").json()
        self.assertEqual(
            sorted(c["email"] for c in everyone["items"]), ["sara@example.org", "ulla@example.org"]
        )

    def test_lists_and_personal_data_are_for_rus(self):
        for user, status in ((self.cora, 403), (self.rita, 200), (self.alice, 200)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("contacts:lists")).status_code, status)
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(reverse("contacts:person")).status_code, 403)

    def test_the_export_holds_everything_on_the_person(self):
        Unsubscription.objects.create(
            contact_list=ContactList.objects.get(key="nytt-fran-rus"),
            email="ulla@example.org",
            via="link",
        )
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("contacts:person"), {"email": "Ulla@Example.org", "action": "export"}
        )
        data = json.loads(response.content)
        self.assertEqual(data["email"], "ulla@example.org")
        (contact,) = data["contacts"]
        self.assertEqual(
            (contact["name"], contact["organisation"]),
            ("Ulla Uppsala", "Länsstyrelsen i Uppsala län"),
        )
        self.assertIn("RUS kontaktpersoner på länsstyrelserna", contact["lists"])
        self.assertEqual([u["list"] for u in data["unsubscribed_from"]], ["Nytt från RUS"])
        self.assertIn("mail", data)
        self.assertIn("accounts", data)
