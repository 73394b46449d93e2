"""An import killed (SIGKILL) in its store step leaves nothing stored, and the next run stores
the file whole.

The test holds a lock that the store step needs, so that the kill lands inside it however fast
the machine is: on PostgreSQL a SHARE lock on the observations (the import has written its
batch and waits to insert), on SQLite the database's write lock (the import waits to begin).
"""

import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

from rus.areas.models import Area
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.outbox.tests.worker import process_env

ROOT = Path(settings.BASE_DIR)
YEARS = range(1990, 2025)


@contextmanager
def store_step_blocked() -> Iterator[None]:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        with psycopg.connect(
            host=s["HOST"],
            port=s["PORT"],
            user=s["USER"],
            password=s["PASSWORD"],
            dbname=s["NAME"],
            autocommit=False,
        ) as other:
            other.execute(f"LOCK TABLE {Observation._meta.db_table} IN SHARE MODE")
            yield
            other.rollback()
    else:
        lite = sqlite3.connect(s["NAME"], isolation_level=None)
        lite.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            lite.execute("ROLLBACK")
            lite.close()


def waiting_to_insert() -> bool:
    """On PostgreSQL: the import's session waits for the lock inside its store step (its
    first write to the observations, after the batch row)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE %s",
            [f"%{Observation._meta.db_table} %"],
        )
        return bool(cursor.fetchone()[0])


class KilledImportTests(TransactionTestCase):
    def setUp(self):
        county = Area.objects.create(code="03", level="county", name="Uppsala län")
        self.codes = [f"03{i:02d}" for i in range(60, 100)]
        for code in self.codes:
            Area.objects.create(code=code, level="municipality", name=code, parent=county)
        Indicator.objects.create(code="ghg", name_sv="Utsläpp", unit="t")
        folder = Path(tempfile.mkdtemp(prefix="rus-kill-"))
        self.file = folder / "utslapp.csv"
        with self.file.open("w") as f:
            f.write("kod;ar;kon;varde\n")
            for code in self.codes:
                for year in YEARS:
                    for gender in "TKM":
                        f.write(f"{code};{year};{gender};{year - 1989},5\n")
        self.rows = len(self.codes) * len(YEARS) * 3

    def command(self) -> list[str]:
        return [
            sys.executable, "manage.py", "import_observations", str(self.file),
            "--indicator", "ghg", "--area", "kod", "--period", "ar", "--gender", "kon",
            "--value", "varde",
        ]  # fmt: skip

    def test_killed_in_the_store_step_nothing_stored_then_stored_whole(self):
        with store_step_blocked():
            process = subprocess.Popen(
                self.command(), cwd=ROOT, env=process_env(), stderr=subprocess.PIPE, text=True
            )
            assert process.stderr is not None
            steps = []
            for line in process.stderr:
                steps.append(line.split(":")[0])
                if line.startswith("storing"):
                    break
            self.assertEqual(steps, ["read", "checking", "storing"], "".join(steps))
            deadline = time.monotonic() + 60
            while not waiting_to_insert() and time.monotonic() < deadline:
                time.sleep(0.1)
            self.assertTrue(waiting_to_insert(), "the import never reached its insert")
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            process.stderr.close()
        self.assertEqual(Observation.objects.count(), 0)
        self.assertFalse(ImportBatch.objects.exists())

        again = subprocess.run(
            self.command(), cwd=ROOT, env=process_env(), capture_output=True, text=True, timeout=300
        )
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn(f"{self.rows} new, 0 revised, 0 unchanged", again.stdout)
        batch = ImportBatch.objects.get()
        self.assertEqual((batch.state, batch.created), (ImportBatch.State.STORED, self.rows))
        self.assertEqual(Observation.objects.filter(batch=batch).count(), self.rows)
        # "11,5" in the file: 2000 − 1989 with a decimal comma.
        self.assertEqual(
            Observation.objects.get(area__code="0360", period="2000", gender="K").value, 11.5
        )
