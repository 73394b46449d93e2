"""Uploading a file in the browser-facing pages: map columns, dry run, store."""

import socket
import subprocess
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from rus.areas.models import Area
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.test import BaseTestCase

GOOD = "Kommun;År;Utsläpp\n0380;2020;10,5\n0380;2021;9\n"
BAD = "Kommun;År;Utsläpp\n0380;2020;tio\n9999;2021;9\n"


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="rus-media-"))
class ImportPageTests(BaseTestCase):
    indicator: Indicator

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Area.objects.create(
            code="0380", level="municipality", name="Uppsala", parent=cls.uppsala_county
        )
        cls.indicator = Indicator.objects.create(code="ghg", name_sv="Utsläpp", unit="t")

    def upload(self, text: str, name: str = "utslapp.csv"):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("indicators:import"),
            {"indicator": self.indicator.pk, "file": SimpleUploadedFile(name, text.encode())},
        )
        self.assertEqual(response.status_code, 302, response.content[:500])
        return response["Location"]

    def test_map_check_and_store(self):
        url = self.upload(GOOD)
        page = self.client.get(url)
        self.assertContains(page, '<option value="Kommun" selected>')  # guessed from the name
        mapping = {"area": "Kommun", "period": "År", "value": "Utsläpp"}
        preview = self.client.post(url, {**mapping, "action": "preview"}, follow=True)
        self.assertContains(preview, "2 nya värden, 0 reviderade värden och 0 oförändrade.")
        self.assertEqual(Observation.objects.count(), 0)
        stored = self.client.post(url, {**mapping, "action": "store"})
        batch = ImportBatch.objects.get(state=ImportBatch.State.STORED)
        self.assertRedirects(stored, reverse("indicators:batch", args=[batch.pk]))
        self.assertEqual((batch.created, batch.created_by), (2, self.alice))
        self.assertEqual(
            sorted(Observation.objects.values_list("period", "value")),
            [("2020", 10.5), ("2021", 9.0)],
        )
        # The upload itself became the stored batch, with its file and columns.
        self.assertFalse(ImportBatch.objects.filter(state=ImportBatch.State.DRY_RUN).exists())
        self.assertEqual(batch.mapping["area"], "Kommun")

    def test_problems_are_listed_in_swedish_and_nothing_can_be_stored(self):
        url = self.upload(BAD)
        mapping = {"area": "Kommun", "period": "År", "value": "Utsläpp"}
        preview = self.client.post(url, {**mapping, "action": "preview"}, follow=True)
        self.assertContains(
            preview, "utslapp.csv, rad 2, kolumn Utsläpp: &#x27;tio&#x27; är inget tal"
        )
        self.assertContains(preview, "utslapp.csv, rad 3, kolumn Kommun: okänt område 9999")
        self.assertNotContains(preview, 'value="store"')
        self.client.post(url, {**mapping, "action": "store"})
        self.assertEqual(Observation.objects.count(), 0)
        rejected = ImportBatch.objects.get(state=ImportBatch.State.REJECTED)
        self.assertEqual(len(rejected.errors), 2)

    def test_a_file_of_the_wrong_kind_is_refused_at_upload(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("indicators:import"),
            {"indicator": self.indicator.pk, "file": SimpleUploadedFile("x.pdf", b"%PDF")},
        )
        self.assertContains(response, "Ladda upp en .csv- eller .xlsx-fil.")

    def test_only_administrators_import(self):
        for user, status in ((self.cora, 403), (self.rita, 403)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("indicators:import")).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("indicators:import")).status_code, 302)

    def test_a_job_whose_worker_died_says_so_and_can_be_started_again(self):
        url = self.upload(GOOD)
        batch = ImportBatch.objects.get()
        finished = subprocess.Popen(["true"])  # noqa: S607 (a process that has ended)
        finished.wait()
        batch.phase, batch.job = ImportBatch.Phase.STORING, ImportBatch.Job.STORE
        batch.worker = f"{socket.gethostname()}:{finished.pid}"
        batch.save()
        page = self.client.get(url)
        self.assertContains(page, "Bakgrundsprocessen stannade mitt i uppgiften.")
        self.assertNotContains(page, "data-progress-url")
        mapping = {"area": "Kommun", "period": "År", "value": "Utsläpp"}
        self.client.post(url, {**mapping, "action": "store"})
        self.assertEqual(Observation.objects.count(), 2)

    def test_a_required_column_nothing_was_guessed_for_starts_blank(self):
        url = self.upload("Kommun;År;Mängd\n0380;2020;1\n")
        page = self.client.get(url)
        self.assertContains(
            page, '<option value="" selected>— välj en kolumn —</option>', html=True
        )
        response = self.client.post(url, {"area": "Kommun", "period": "År", "action": "preview"})
        self.assertContains(response, "Detta fält måste fyllas i.")
        self.assertEqual(Observation.objects.count(), 0)
