"""The task worker itself is killed (SIGKILL) while it stores an upload: nothing is stored,
the page says the job stopped and can be started again, and started again with a new worker
it stores every row once.

The test holds a lock the store step needs (as test_import_killed does for the command), so
that the kill lands inside the store step however fast the machine is."""

import signal
import tempfile
import time

import pytest
from django.test import override_settings

from rus.indicators.models import ImportBatch, Observation
from rus.indicators.tests.test_import_killed import store_step_blocked, waiting_to_insert
from rus.indicators.tests.test_import_worker import ROWS, UploadWorker


# On SQLite the lock that holds the store step also holds the page's own writes; the
# command's kill test covers SQLite (test_import_killed).
@pytest.mark.postgresql
@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="rus-media-"), RUS_IMPORT_INLINE_BYTES=100)
class KilledWorkerUploadTests(UploadWorker):
    def test_the_upload_is_stored_once_after_its_worker_is_killed(self):
        url = self.upload()
        mapping = {"area": "kod", "period": "ar", "value": "varde"}
        self.client.post(url, {**mapping, "action": "preview"})
        self.start_worker()
        self.wait_for(url, "3\u202f000 nya värden")

        with store_step_blocked():
            self.client.post(url, {**mapping, "action": "store"})
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                batch = ImportBatch.objects.get()
                if batch.phase == ImportBatch.Phase.STORING and waiting_to_insert():
                    break
                time.sleep(0.1)
            self.assertEqual(batch.phase, ImportBatch.Phase.STORING)
            assert self.worker is not None
            self.worker.send_signal(signal.SIGKILL)
            self.worker.wait(timeout=20)
        self.assertEqual(Observation.objects.count(), 0)
        page = self.wait_for(url, "Bakgrundsprocessen stannade mitt i uppgiften.")
        self.assertIn("Inget av den sparades; starta den igen.", page)
        self.assertEqual(ImportBatch.objects.get().phase, ImportBatch.Phase.FAILED)

        self.start_worker()
        self.client.post(url, {**mapping, "action": "store"})
        batch = self.wait_until_stored()
        self.assertEqual((batch.state, batch.created), ("stored", ROWS))
        self.assertEqual(Observation.objects.count(), ROWS)
