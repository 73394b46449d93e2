"""A large upload is checked and stored by the real task worker while the page, without
JavaScript, shows how far it has come when loaded (with its script, as it goes)."""

import subprocess
import sys
import tempfile
import time

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from rus.accounts.models import Membership, User
from rus.areas.models import Area
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.organisations.models import Organisation
from rus.outbox.tests.worker import ROOT, process_env

ROWS = 3000


class UploadWorker(TransactionTestCase):
    """An administrator, an indicator and a real worker process on the test database (no
    tests of its own)."""

    def setUp(self):
        county = Area.objects.create(code="03", level="county", name="Uppsala län")
        Area.objects.create(code="0380", level="municipality", name="Uppsala", parent=county)
        self.indicator = Indicator.objects.create(code="ghg", name_sv="Utsläpp", unit="t")
        rus, _ = Organisation.objects.get_or_create(
            key="rus",
            defaults={"name": "RUS", "kind": Organisation.Kind.NETWORK, "area": county},
        )
        self.admin = User.objects.create_user("alice", "alice@example.org", "x" * 16)
        Membership.objects.create(
            user=self.admin, organisation=rus, role=Membership.Role.ADMINISTRATOR
        )
        self.worker: subprocess.Popen[bytes] | None = None
        self.addCleanup(self.stop_worker)

    def start_worker(self) -> None:
        env = process_env(MEDIA_ROOT=str(settings.MEDIA_ROOT))
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop_worker(self) -> None:
        if self.worker and self.worker.poll() is None:
            self.worker.terminate()
            self.worker.wait(timeout=20)

    def wait_for(self, url: str, text: str) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            page = self.client.get(url, follow=True).content.decode()
            if text in page:
                return page
            time.sleep(0.3)
        raise AssertionError(f"{text!r} never appeared on {url}")

    def upload(self) -> str:
        """Upload ROWS values as the administrator; the address of the upload's page."""
        body = "".join(f"0380;{1000 + i};{i},5\n" for i in range(ROWS))
        self.client.force_login(self.admin)
        upload = SimpleUploadedFile("stor.csv", ("kod;ar;varde\n" + body).encode())
        response = self.client.post(
            reverse("indicators:import"), {"indicator": self.indicator.pk, "file": upload}
        )
        return str(response["Location"])

    def wait_until_stored(self) -> ImportBatch:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            batch = ImportBatch.objects.get()
            if batch.state == ImportBatch.State.STORED:
                break
            time.sleep(0.3)
        return batch


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="rus-media-"), RUS_IMPORT_INLINE_BYTES=100)
class WorkerImportTests(UploadWorker):
    def test_check_and_store_in_the_background_with_progress(self):
        url = self.upload()
        mapping = {"area": "kod", "period": "ar", "value": "varde"}
        waiting = self.client.post(url, {**mapping, "action": "preview"}, follow=True)
        page = waiting.content.decode()
        # No worker yet: the page says so, and its script asks how far the job has come.
        self.assertIn("Väntar på bakgrundsprocessen.", page)
        progress = reverse("indicators:import_progress", args=[ImportBatch.objects.get().pk])
        self.assertIn(f'data-progress-url="{progress}"', page)
        self.assertEqual(
            self.client.get(progress).json(),
            {"running": True, "text": "Väntar på bakgrundsprocessen."},
        )
        self.start_worker()
        checked = self.wait_for(
            url, "3\u202f000 nya värden, 0 reviderade värden och 0 oförändrade."
        )
        self.assertNotIn("data-progress-url", checked)
        self.assertEqual(self.client.get(progress).json()["running"], False)
        self.assertEqual(Observation.objects.count(), 0)
        self.client.post(url, {**mapping, "action": "store"})
        self.wait_for(url, "Import")
        batch = self.wait_until_stored()
        self.assertEqual((batch.state, batch.created, batch.rows), ("stored", ROWS, ROWS))
        self.assertEqual(Observation.objects.get(period="1002").value, 2.5)
        self.assertEqual(Observation.objects.count(), ROWS)
