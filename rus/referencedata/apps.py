from django.apps import AppConfig


class ReferencedataConfig(AppConfig):
    name = "rus.referencedata"
    verbose_name = "Reference data"
