"""The roles and standard lists RUS starts with (data: RUS changes them on the pages), and
the contacts moved here from the organisations app, one per person and organisation."""

from django.db import migrations

# Roles of the old contacts (organisations.Contact.role) in the new role list.
OLD_ROLES = {
    "coordinator": "miljomalssamordnare",
    "manager": "chef-miljomalsuppdraget",
    "expert": "amnesexpert",
    "communication": "kommunikator",
    "other": "ovrig",
}


def forwards(apps, schema_editor):
    from rus.contacts.defaults import seed

    Contact = apps.get_model("contacts", "Contact")
    OldContact = apps.get_model("organisations", "Contact")
    roles = seed(
        apps.get_model("contacts", "Role"),
        apps.get_model("contacts", "ContactList"),
        apps.get_model("contacts", "ListRule"),
    )
    for old in OldContact.objects.order_by("pk"):
        contact, _ = Contact.objects.get_or_create(
            organisation_id=old.organisation_id,
            email=old.email,
            defaults={"name": old.name, "phone": old.phone},
        )
        contact.roles.add(roles[OLD_ROLES.get(old.role, "ovrig")])


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
