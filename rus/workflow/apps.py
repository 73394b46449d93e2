from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "rus.workflow"
    verbose_name = "Review workflow"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Comment"))
