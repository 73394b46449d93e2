from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "rus.surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.accounts import worklist
        from rus.surveys import selectors
        from rus.surveys.models import Invitation, Option, Question, Section, Survey

        # Answers are not audited: the log would tie anonymous answers to moments.
        for model in (Survey, Section, Question, Option, Invitation):
            auditlog.register(model, exclude_fields=["version"])
        worklist.register(selectors.worklist_sections)

        from rus.calendar import registry

        registry.register(selectors.calendar_entries)
