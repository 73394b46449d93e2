from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "rus.opendata"
    verbose_name = "Open data"
