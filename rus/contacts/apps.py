from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "rus.contacts"
    verbose_name = _("Contacts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.contacts.models import Contact, ContactList, ListRule, Role

        auditlog.register(Contact, m2m_fields={"roles"}, exclude_fields=["version", "updated_at"])
        auditlog.register(Role)
        auditlog.register(ContactList)
        auditlog.register(ListRule, m2m_fields={"roles", "areas"})

        from rus.accounts import worklist
        from rus.contacts import selectors

        worklist.register(selectors.worklist_sections)
