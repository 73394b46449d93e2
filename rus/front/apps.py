from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "rus.front"
    verbose_name = "Front"

    def ready(self) -> None:
        from rus.front import checks  # noqa: F401  (registers the system checks)
