from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "rus.goals"
    verbose_name = "Goals"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        for name in ("Framework", "Goal", "GoalLink"):
            auditlog.register(self.get_model(name))
