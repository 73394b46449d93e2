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

    def test_the_database_does_what_rus_relies_on(self):
        """Foreign keys enforced and JSON understood, on either database; on PostgreSQL, a
        live server on loopback, not a stand-in."""
        from django.db import IntegrityError, transaction

        from rus.areas.models import Area

        with self.assertRaises(IntegrityError), transaction.atomic():
            Area.objects.create(code="99", level="county", name="x", parent_id=999_999)
            # Django defers foreign-key checks to the commit; ask for them now.
            connection.check_constraints(table_names=["areas_area"])
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("select json_extract('{\"a\": [1, 2]}', '$.a[1]')")
                self.assertEqual(cursor.fetchone()[0], 2)
            return
        with connection.cursor() as cursor:
            cursor.execute("select version(), inet_server_addr()::text")
            version, address = cursor.fetchone()
        self.assertIn("PostgreSQL 15", version)
        self.assertTrue(address.startswith("127.0.0.1"))
