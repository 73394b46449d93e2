"""Uploads beyond the limits, through the deployed stack (nginx before gunicorn): a file over
the 50 MB the import accepts gets the form's own message, a body over nginx's limit gets a
page that says what happened; nothing is stored either way."""

import pytest
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import translation

from deploy.stack import Browser, Stack
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.outbox.tests.worker import process_env
from rus.test import PASSWORD, create_cast

MB = 1024 * 1024


# On PostgreSQL only: the stack is tested as production runs it.
@pytest.mark.postgresql
class UploadLimitTests(TransactionTestCase):
    def setUp(self):
        create_cast(self)
        self.indicator = Indicator.objects.create(
            code="ghg", name_sv="Utsläpp", name_en="Emissions", unit="ton"
        )
        self.stack = self.enterContext(Stack(process_env(), app_servers=1, workers_per_server=1))
        self.browser = Browser(self.stack)
        self.browser.log_in("alice", PASSWORD)

    def upload(self, size: int) -> tuple[int, str]:
        rows = b"kod,ar,varde\n" + b"03,2020,1\n" * (size // 10)
        # The Swedish page, whatever language an earlier test left active in this thread.
        with translation.override("sv"):
            path = reverse("indicators:import")
        status, text, _headers, _url = self.browser.post_file(
            path,
            {"indicator": str(self.indicator.pk)},
            "file",
            "stor.csv",
            rows[:size],
        )
        return status, text

    def test_a_file_over_the_import_limit_is_named_by_the_form(self):
        status, page = self.upload(51 * MB)
        self.assertEqual(status, 200)
        self.assertIn("Filen är större än 50 MB.", page)
        self.assertFalse(ImportBatch.objects.exists())
        self.assertFalse(Observation.objects.exists())

    def test_a_body_over_the_proxy_limit_gets_a_page_that_says_so(self):
        status, page = self.upload(61 * MB)
        self.assertEqual(status, 413)
        self.assertIn("Filen är för stor", page)
        self.assertIn("Inget sparades", page)
        self.assertFalse(ImportBatch.objects.exists())
