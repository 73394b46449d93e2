from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "rus.followup"
    verbose_name = "Regional annual follow-up"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        for name in ("FollowUpRound", "Assessment", "AssessmentComment", "AssessmentTemplate"):
            auditlog.register(self.get_model(name), exclude_fields=["version"])
