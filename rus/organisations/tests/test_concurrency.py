"""Two people editing the same thing: the second save is refused and nothing is lost."""

import json

from django.test import Client
from django.urls import reverse

from rus.contacts.models import Contact, Role
from rus.organisations.models import Organisation
from rus.test import BaseTestCase


def contact_form() -> dict[str, object]:
    return {
        "email": "ulla@example.org",
        "roles": [Role.objects.get(key="ovrig").pk],
        "language": "sv",
        "legal_basis": "public_task",
    }


class ConcurrentEditTests(BaseTestCase):
    def setUp(self):
        self.first, self.second = Client(), Client()
        self.first.force_login(self.cora)
        self.second.force_login(self.alice)
        self.url = reverse("organisations:edit", args=[self.uppsala.pk])

    def post(self, client: Client, description: str, version: int):
        return client.post(
            self.url, {"website": "", "email": "", "description": description, "version": version}
        )

    def test_second_save_is_refused_and_both_texts_are_kept(self):
        version = Organisation.objects.get(pk=self.uppsala.pk).version
        first = self.post(self.first, "Coras text om länet.", version)
        self.assertEqual(first.status_code, 302)

        second = self.post(self.second, "Alices text om länet.", version)
        self.assertEqual(second.status_code, 200)
        self.assertContains(second, "Någon annan har sparat en ändring")
        # The other person's stored text is shown, and the refused text is still in the form.
        self.assertContains(second, "Coras text om länet.")
        self.assertContains(second, "Alices text om länet.")
        stored = Organisation.objects.get(pk=self.uppsala.pk)
        self.assertEqual(stored.description, "Coras text om länet.")

        # Saving again from the conflict page is a deliberate overwrite, and works.
        retry = self.post(self.second, "Alices text om länet.", stored.version)
        self.assertEqual(retry.status_code, 302)
        self.assertEqual(
            Organisation.objects.get(pk=self.uppsala.pk).description, "Alices text om länet."
        )

    def test_contact_edit_conflict(self):
        url = reverse("contacts:edit", args=[self.uppsala_contact.pk])
        data = {**contact_form(), "version": 1}
        self.assertEqual(self.first.post(url, {**data, "name": "Ulla Först"}).status_code, 302)
        response = self.second.post(url, {**data, "name": "Ulla Sist"})
        self.assertContains(response, "Ulla Först")
        self.assertContains(response, "Ulla Sist")
        self.assertEqual(Contact.objects.get(pk=self.uppsala_contact.pk).name, "Ulla Först")

    def test_deleting_a_contact_changed_meanwhile_is_refused(self):
        url = reverse("contacts:edit", args=[self.uppsala_contact.pk])
        self.first.post(url, {**contact_form(), "name": "Ny", "version": 1})
        response = self.second.post(
            reverse("contacts:delete", args=[self.uppsala_contact.pk]), {"version": 1}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(Contact.objects.filter(pk=self.uppsala_contact.pk).exists())

    def test_api_answers_409_with_a_problem(self):
        body = {"website": "", "email": "", "description": "API", "version": 1}
        url = f"/api/v1/organisations/{self.uppsala.pk}"
        first = self.first.put(url, json.dumps(body), content_type="application/json")
        self.assertEqual(first.status_code, 200)
        self.assertEqual(first.json()["version"], 2)
        second = self.second.put(
            url, json.dumps({**body, "description": "Annat"}), content_type="application/json"
        )
        self.assertEqual(second.status_code, 409)
        self.assertEqual(second["Content-Type"], "application/problem+json")
        self.assertEqual(second.json()["status"], 409)
        self.assertEqual(Organisation.objects.get(pk=self.uppsala.pk).description, "API")
