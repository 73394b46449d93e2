from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rus.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("User"), exclude_fields=["password", "last_login"])
        auditlog.register(self.get_model("Membership"))

        from rus.accounts import personal as account_data
        from rus.lib import personal

        personal.register(
            "accounts", export=account_data.export_person, erase=account_data.erase_person
        )
