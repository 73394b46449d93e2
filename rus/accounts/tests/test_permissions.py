"""Every role × every kind of write on organisation-owned data, through pages and API.

The data belongs to Länsstyrelsen i Uppsala län. Its coordinator and the administrators may
change it; the RUS reviewer and Uppsala's viewer may see it but not change it (403); the
coordinator of another county and a user without organisation may not even see it (404);
an anonymous visitor is sent to log in (pages) or told to authenticate (API, 401).
"""

import json
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from rus.contacts.models import Contact, Role
from rus.organisations.models import Organisation
from rus.test import BaseTestCase

Outcome = tuple[Any, Callable[[], bool]]  # (response, "did the data change?")
ALLOWED, FORBIDDEN, HIDDEN, ANONYMOUS = "allowed", "forbidden", "hidden", "anonymous"
ROLES = {
    "alice": ALLOWED,  # administrator
    "cora": ALLOWED,  # coordinator of Uppsala
    "rita": FORBIDDEN,  # reviewer
    "vera": FORBIDDEN,  # viewer of Uppsala
    "sven": HIDDEN,  # coordinator of Skåne
    "olle": HIDDEN,  # no organisation
    None: ANONYMOUS,
}


class PermissionMatrixTests(BaseTestCase):
    def client_for(self, username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(getattr(self, username))
        return client

    @staticmethod
    def role(key: str) -> int:
        return Role.objects.get(key=key).pk

    def fresh_contact(self) -> Contact:
        return Contact.objects.create(
            organisation=self.uppsala,
            name="Temporär",
            email=f"t{Contact.objects.count()}@example.org",
        )

    # Each write returns (response, "did the data change?").
    def ui_update_profile(self, c: Client) -> Outcome:
        org = Organisation.objects.get(pk=self.uppsala.pk)
        r = c.post(
            reverse("organisations:edit", args=[org.pk]),
            {
                "website": "https://example.org/ny",
                "email": "",
                "description": "Ny",
                "version": org.version,
            },
        )
        return r, lambda: Organisation.objects.get(pk=org.pk).description == "Ny"

    def ui_create_contact(self, c: Client) -> Outcome:
        r = c.post(
            reverse("contacts:create", args=[self.uppsala.pk]),
            {
                "name": "Ny Person",
                "email": "ny@example.org",
                "roles": [self.role("amnesexpert")],
                "language": "sv",
                "legal_basis": "public_task",
            },
        )
        return r, lambda: Contact.objects.filter(email="ny@example.org").exists()

    def ui_update_contact(self, c: Client) -> Outcome:
        contact = self.fresh_contact()
        r = c.post(
            reverse("contacts:edit", args=[contact.pk]),
            {
                "name": "Ändrad",
                "email": contact.email,
                "roles": [self.role("ovrig")],
                "language": "sv",
                "legal_basis": "public_task",
                "version": contact.version,
            },
        )
        return r, lambda: Contact.objects.get(pk=contact.pk).name == "Ändrad"

    def ui_delete_contact(self, c: Client) -> Outcome:
        contact = self.fresh_contact()
        r = c.post(reverse("contacts:delete", args=[contact.pk]), {"version": 1})
        return r, lambda: not Contact.objects.filter(pk=contact.pk).exists()

    def api_update_profile(self, c: Client) -> Outcome:
        org = Organisation.objects.get(pk=self.uppsala.pk)
        body = {
            "website": "",
            "email": "ny@example.org",
            "description": "API",
            "version": org.version,
        }
        r = c.put(
            f"/api/v1/organisations/{org.pk}", json.dumps(body), content_type="application/json"
        )
        return r, lambda: Organisation.objects.get(pk=org.pk).description == "API"

    def api_create_contact(self, c: Client) -> Outcome:
        body = {"name": "API Person", "email": "api@example.org", "roles": ["amnesexpert"]}
        r = c.post(
            f"/api/v1/organisations/{self.uppsala.pk}/contacts",
            json.dumps(body),
            content_type="application/json",
        )
        return r, lambda: Contact.objects.filter(email="api@example.org").exists()

    def api_update_contact(self, c: Client) -> Outcome:
        contact = self.fresh_contact()
        body = {"name": "API-ändrad", "email": contact.email, "roles": ["ovrig"], "version": 1}
        r = c.put(
            f"/api/v1/contacts/{contact.pk}", json.dumps(body), content_type="application/json"
        )
        return r, lambda: Contact.objects.get(pk=contact.pk).name == "API-ändrad"

    def api_delete_contact(self, c: Client) -> Outcome:
        contact = self.fresh_contact()
        r = c.delete(f"/api/v1/contacts/{contact.pk}?version=1")
        return r, lambda: not Contact.objects.filter(pk=contact.pk).exists()

    UI_WRITES = ("ui_update_profile", "ui_create_contact", "ui_update_contact", "ui_delete_contact")
    API_WRITES = (
        "api_update_profile",
        "api_create_contact",
        "api_update_contact",
        "api_delete_contact",
    )

    def expected_status(self, outcome: str, api: bool, write: str) -> int:
        if outcome == ALLOWED:
            if api:
                return {"api_create_contact": 201, "api_delete_contact": 204}.get(write, 200)
            return 302
        if outcome == ANONYMOUS:
            return 401 if api else 302
        return 403 if outcome == FORBIDDEN else 404

    def test_every_role_and_every_write(self):
        for username, outcome in ROLES.items():
            for write in self.UI_WRITES + self.API_WRITES:
                with self.subTest(user=username, write=write):
                    api = write.startswith("api_")
                    response, changed = getattr(self, write)(self.client_for(username))
                    self.assertEqual(
                        response.status_code,
                        self.expected_status(outcome, api, write),
                        response.content[:300],
                    )
                    self.assertEqual(changed(), outcome == ALLOWED)
                    if outcome == ANONYMOUS and not api:
                        self.assertIn(reverse("login"), response["Location"])
                    if api and outcome != ALLOWED:
                        self.assertEqual(response["Content-Type"], "application/problem+json")
                    # Leave the next case a clean slate.
                    Contact.objects.filter(organisation=self.uppsala).exclude(
                        pk=self.uppsala_contact.pk
                    ).delete()
                    Organisation.objects.filter(pk=self.uppsala.pk).update(description="")

    def test_an_organisations_profile_is_public_and_its_people_are_not(self):
        for username, outcome in ROLES.items():
            with self.subTest(user=username):
                api = self.client_for(username).get(f"/api/v1/organisations/{self.uppsala.pk}")
                self.assertEqual(api.json()["name"], "Länsstyrelsen i Uppsala län")
                page = self.client_for(username).get(
                    reverse("organisations:detail", args=[self.uppsala.pk])
                )
                if outcome in (ALLOWED, FORBIDDEN):
                    self.assertContains(page, "ulla@example.org")
                else:
                    self.assertNotContains(page, "ulla@example.org")

    def test_reading_organisation_data(self):
        urls = [
            f"/api/v1/organisations/{self.uppsala.pk}/contacts",
            f"/api/v1/contacts/{self.uppsala_contact.pk}",
        ]
        for username, outcome in ROLES.items():
            for url in urls:
                with self.subTest(user=username, url=url):
                    r = self.client_for(username).get(url)
                    if outcome in (ALLOWED, FORBIDDEN):
                        self.assertEqual(r.status_code, 200)
                        self.assertContains(r, "ulla@example.org")
                    elif outcome == HIDDEN:
                        self.assertEqual(r.status_code, 404)
                    else:
                        self.assertIn(r.status_code, (302, 401))

    def test_edit_pages_follow_the_same_rules(self):
        urls = [
            reverse("organisations:edit", args=[self.uppsala.pk]),
            reverse("contacts:create", args=[self.uppsala.pk]),
            reverse("contacts:edit", args=[self.uppsala_contact.pk]),
            reverse("contacts:delete", args=[self.uppsala_contact.pk]),
        ]
        expected = {ALLOWED: 200, FORBIDDEN: 403, HIDDEN: 404, ANONYMOUS: 302}
        for username, outcome in ROLES.items():
            for url in urls:
                with self.subTest(user=username, url=url):
                    self.assertEqual(
                        self.client_for(username).get(url).status_code, expected[outcome]
                    )

    def test_coordinator_cannot_reach_another_county_through_any_url(self):
        """Sven (Skåne) tries every Uppsala URL, and Cora every Skåne URL."""
        for user, org, contact in (
            (self.sven, self.uppsala, self.uppsala_contact),
            (self.cora, self.skane, self.skane_contact),
        ):
            c = Client()
            c.force_login(user)
            before = (Organisation.objects.get(pk=org.pk).description, Contact.objects.count())
            for method, url, data in self.all_urls(org.pk, contact.pk):
                with self.subTest(user=user.username, method=method, url=url):
                    r = getattr(c, method)(url, **data)
                    self.assertEqual(r.status_code, 404, url)
            # The public profile is there; the other county's people are not.
            profile = c.get(reverse("organisations:detail", args=[org.pk]))
            self.assertEqual(profile.status_code, 200)
            self.assertNotContains(profile, contact.email)
            after = (Organisation.objects.get(pk=org.pk).description, Contact.objects.count())
            self.assertEqual(before, after)
            self.assertTrue(Contact.objects.filter(pk=contact.pk, name=contact.name).exists())

    def all_urls(self, org: int, contact: int) -> list[tuple[str, str, dict[str, Any]]]:
        form = {
            "data": {
                "name": "x",
                "email": "x@example.org",
                "roles": ["ovrig"],
                "website": "",
                "description": "hacked",
                "version": 1,
            }
        }
        body = {"data": json.dumps(form["data"]), "content_type": "application/json"}
        return [
            ("post", reverse("organisations:edit", args=[org]), form),
            ("post", reverse("contacts:create", args=[org]), form),
            ("post", reverse("contacts:edit", args=[contact]), form),
            ("post", reverse("contacts:delete", args=[contact]), form),
            ("post", "/en" + reverse("organisations:edit", args=[org]), form),
            ("get", f"/api/v1/organisations/{org}/contacts", {}),
            ("put", f"/api/v1/organisations/{org}", body),
            ("post", f"/api/v1/organisations/{org}/contacts", body),
            ("get", f"/api/v1/contacts/{contact}", {}),
            ("put", f"/api/v1/contacts/{contact}", body),
            ("delete", f"/api/v1/contacts/{contact}?version=1", {}),
        ]

    def test_only_administrators_reach_the_admin(self):
        url = reverse("admin:organisations_applicability_changelist")
        for username in ROLES:
            with self.subTest(user=username):
                r = self.client_for(username).get(url, follow=True)
                if username == "alice":
                    self.assertEqual(r.status_code, 200)
                elif username is None:
                    self.assertEqual(r.redirect_chain[-1][0].split("?")[0], reverse("login"))
                else:
                    self.assertEqual(r.status_code, 403)

    def test_only_administrators_change_applicability_or_organisations_in_the_admin(self):
        url = reverse("admin:organisations_organisation_change", args=[self.uppsala.pk])
        data = {
            "key": "lst-03",
            "kind": "lansstyrelse",
            "name": "Kapad",
            "area": self.uppsala_county.pk,
            "website": "",
            "email": "",
            "description": "",
            "version": self.uppsala.version,
        }
        for username in ("rita", "cora", "vera", "sven", "olle", None):
            with self.subTest(user=username):
                self.client_for(username).post(url, data)
                self.assertNotEqual(Organisation.objects.get(pk=self.uppsala.pk).name, "Kapad")
        r = self.client_for("alice").post(url, data)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Organisation.objects.get(pk=self.uppsala.pk).name, "Kapad")
