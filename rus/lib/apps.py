from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        from rus.lib.numbers import register_sqlite_function

        register_sqlite_function(connection.connection)


class LibConfig(AppConfig):
    name = "rus.lib"
    label = "lib"
    verbose_name = "Shared helpers"

    def ready(self) -> None:
        # Imports validate numbers in SQL: PostgreSQL has rus_number from a migration,
        # SQLite gets parse_number itself on every connection.
        connection_created.connect(_sqlite_functions, dispatch_uid="rus-sqlite-functions")
