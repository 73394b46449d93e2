from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "rus.actions"
    verbose_name = _("Action programmes")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.accounts import worklist
        from rus.actions import selectors
        from rus.actions.models import ActorRequest, Enquiry, Measure, Programme, Sector

        auditlog.register(Programme, m2m_fields={"goals", "sectors"}, exclude_fields=["version"])
        auditlog.register(
            Measure,
            m2m_fields={"goals", "targets", "participants", "indicators"},
            exclude_fields=["version"],
        )
        auditlog.register(Enquiry)
        auditlog.register(ActorRequest, exclude_fields=["version"])
        auditlog.register(Sector)
        worklist.register(selectors.worklist_sections)

        from rus.calendar import registry

        registry.register(selectors.calendar_entries)
