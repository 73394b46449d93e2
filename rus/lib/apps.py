from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "rus.lib"
    label = "lib"
    verbose_name = "Shared helpers"
