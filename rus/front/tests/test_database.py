import os

from django.db import connection
from django.test import TestCase


class DatabaseTests(TestCase):
    def test_suite_runs_on_the_database_it_was_asked_for(self):
        url = os.environ.get("DATABASE_URL", "")
        expected = os.environ.get("RUS_EXPECT_DB_VENDOR") or (
            "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
        )
        self.assertEqual(connection.vendor, expected)

    def test_postgresql_run_talks_to_a_live_server(self):
        if connection.vendor != "postgresql":
            # On SQLite, prove instead that the file-less test database answers queries.
            with connection.cursor() as cursor:
                cursor.execute("select sqlite_version()")
                self.assertTrue(cursor.fetchone()[0])
            return
        with connection.cursor() as cursor:
            cursor.execute("select version(), inet_server_addr()::text")
            version, address = cursor.fetchone()
        self.assertIn("PostgreSQL 15", version)
        self.assertTrue(address.startswith("127.0.0.1"))
