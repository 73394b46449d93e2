from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "rus.organisations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        for name in ("Organisation", "Applicability"):
            auditlog.register(self.get_model(name), exclude_fields=["version"])
