from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "rus.areas"
    verbose_name = "Areas"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Area"), exclude_fields=["shape"])
