"""In Chromium: the page of an upload being worked on brings its status line up to date by
itself and shows the result when the job is done."""

import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from rus.accounts.models import User
from rus.browser import BrowserTestCase
from rus.indicators import services
from rus.indicators.models import ImportBatch, Indicator
from rus.test import create_cast


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="rus-media-"))
class ImportProgressBrowserTests(BrowserTestCase):
    def test_the_status_line_follows_the_job_and_the_result_appears(self):
        create_cast(self)
        indicator = Indicator.objects.create(code="ghg", name_sv="Utsläpp", unit="t")
        batch = services.upload_start(
            indicator=indicator,
            upload=SimpleUploadedFile("u.csv", b"kod;ar;varde\n0380;2020;1\n"),
            user=User.objects.get(username="alice"),
        )
        batch.mapping = {"area": "kod", "period": "ar", "value": "varde"}
        batch.job, batch.phase, batch.progress = "check", ImportBatch.Phase.READING, 1000
        batch.save()
        page = self.login("alice")
        page.goto(self.live_server_url + reverse("indicators:import_preview", args=[batch.pk]))
        status = page.locator("[role=status]")
        self.assertEqual(status.inner_text(), "Läser filen: 1\u202f000 rader hittills.")
        ImportBatch.objects.filter(pk=batch.pk).update(
            phase=ImportBatch.Phase.CHECKING, progress=250000
        )
        # A selector, not wait_for_function: the page's CSP refuses the eval that needs.
        page.wait_for_selector("[role=status]:has-text('Kontrollerar')", timeout=15000)
        self.assertEqual(status.inner_text(), "Kontrollerar värdena: 250\u202f000 rader hittills.")
        ImportBatch.objects.filter(pk=batch.pk).update(phase=ImportBatch.Phase.DONE, created=1)
        page.wait_for_selector("text=1 nya värden", timeout=15000)
        self.assertEqual(page.locator("button[value=store]").count(), 1)
