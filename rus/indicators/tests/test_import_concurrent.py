"""Two imports of the same file that reach their store step at the same moment: the second
waits for the first and then finds every value unchanged — no value is current twice, and
neither import fails."""

import threading

from django.db import connection
from django.test import TransactionTestCase

from rus.areas.models import Area
from rus.indicators import services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.lib.tabular import read_table

MAPPING = ColumnMapping(area="kod", period="ar", value="varde")
FILE = "kod;ar;varde\n" + "".join(f"0380;{y};{y - 1999},5\n" for y in range(2000, 2025))


class ConcurrentImportTests(TransactionTestCase):
    def test_two_imports_at_once_store_each_value_once(self):
        county = Area.objects.create(code="03", level="county", name="Uppsala län")
        Area.objects.create(code="0380", level="municipality", name="Uppsala", parent=county)
        indicator = Indicator.objects.create(code="ghg", name_sv="Utsläpp", unit="t")
        both_checked = threading.Barrier(2, timeout=60)
        plans: list[services.Plan] = []
        errors: list[BaseException] = []

        def progress(phase: str, _rows: int) -> None:
            if phase == "storing":
                both_checked.wait()  # both have checked the file; now both store

        def run() -> None:
            try:
                plan, _batch = services.import_table(
                    read_table(FILE.encode(), "utslapp.csv"),
                    MAPPING,
                    indicator=indicator,
                    progress=progress,
                )
                plans.append(plan)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(errors, [])
        self.assertEqual(sorted((p.created, p.unchanged) for p in plans), [(0, 25), (25, 0)])
        self.assertEqual(Observation.objects.count(), 25)
        self.assertEqual(ImportBatch.objects.filter(state=ImportBatch.State.STORED).count(), 2)
