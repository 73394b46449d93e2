from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "rus.outbox"
    verbose_name = "Outbox"

    def ready(self) -> None:
        from rus.contacts.signals import unsubscribed
        from rus.lib import personal
        from rus.outbox import services

        unsubscribed.connect(services.on_unsubscribed, dispatch_uid="outbox-unsubscribed")
        personal.register("mail", export=services.export_person, erase=services.erase_person)
