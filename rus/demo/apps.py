from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rus.demo"
    verbose_name = "Demo"
