from typing import Any

from django.contrib.auth.backends import BaseBackend

from rus.accounts import access


class AdministratorBackend(BaseBackend):
    """Administrators (a role, not a Django flag) hold every model permission in the admin."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return access.is_administrator(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return access.is_administrator(user_obj)
