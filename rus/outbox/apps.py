from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "rus.outbox"
    verbose_name = "Outbox"
