from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from rus.contacts.models import Contact, Role
from rus.organisations.models import Organisation
from rus.test import BaseTestCase


class AuditLogTests(BaseTestCase):
    def test_a_change_through_the_ui_records_who_and_before_and_after(self):
        self.client.force_login(self.cora)
        org = Organisation.objects.get(pk=self.uppsala.pk)
        org.description = "Gammal beskrivning"
        org.save()
        self.client.post(
            reverse("organisations:edit", args=[org.pk]),
            {"website": "", "email": "", "description": "Ny beskrivning", "version": org.version},
        )
        entry = LogEntry.objects.get_for_object(org).filter(actor=self.cora).latest("timestamp")
        self.assertEqual(entry.action, LogEntry.Action.UPDATE)
        self.assertEqual(
            entry.changes_dict["description"], ["Gammal beskrivning", "Ny beskrivning"]
        )

        admin = Client()
        admin.force_login(self.alice)
        page = admin.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
        self.assertContains(page, "Gammal beskrivning")
        self.assertContains(page, "Ny beskrivning")
        self.assertContains(page, "cora")

    def test_creates_and_deletes_are_recorded(self):
        self.client.force_login(self.cora)
        self.client.post(
            reverse("contacts:create", args=[self.uppsala.pk]),
            {
                "name": "Nils Ny",
                "email": "nils@example.org",
                "roles": [Role.objects.get(key="amnesexpert").pk],
                "language": "sv",
                "legal_basis": "public_task",
            },
        )
        contact = Contact.objects.get(email="nils@example.org")
        created = LogEntry.objects.get_for_object(contact).get(action=LogEntry.Action.CREATE)
        self.assertEqual(created.actor, self.cora)
        # auditlog writes a missing value as the text "None".
        self.assertEqual(created.changes_dict["name"], ["None", "Nils Ny"])

        self.client.post(reverse("contacts:delete", args=[contact.pk]), {"version": 1})
        deleted = LogEntry.objects.filter(
            object_pk=str(contact.pk), action=LogEntry.Action.DELETE
        ).get()
        self.assertEqual(deleted.actor, self.cora)
        self.assertEqual(deleted.changes_dict["name"], ["Nils Ny", "None"])

    def test_administrators_filter_the_log_and_others_cannot_see_it(self):
        self.client.force_login(self.cora)
        self.client.post(
            reverse("organisations:edit", args=[self.uppsala.pk]),
            {"website": "", "email": "", "description": "Filtrerbar", "version": 1},
        )
        url = reverse("admin:auditlog_logentry_changelist")
        admin = Client()
        admin.force_login(self.alice)
        filtered = admin.get(url, {"actor__id__exact": self.cora.pk})
        self.assertEqual(filtered.status_code, 200)
        self.assertContains(filtered, "Länsstyrelsen i Uppsala län")
        self.assertEqual(self.client.get(url, follow=True).status_code, 403)
