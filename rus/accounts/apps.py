from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rus.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("User"), exclude_fields=["password", "last_login"])
        auditlog.register(self.get_model("Membership"))
