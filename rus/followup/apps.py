from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "rus.followup"
    verbose_name = "Regional annual follow-up"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.accounts import worklist
        from rus.followup import selectors

        for name in ("FollowUpRound", "Assessment", "AssessmentTemplate"):
            auditlog.register(self.get_model(name), exclude_fields=["version"])
        worklist.register(selectors.worklist_sections)

        from rus.calendar import registry

        registry.register(selectors.calendar_entries)
