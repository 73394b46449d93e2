"""Liveness and readiness, as an orchestrator or the load balancer asks for them."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from rus.lib.tasks import ensure_enqueued


class HealthTests(TestCase):
    def test_liveness_asks_nothing_of_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual((response.status_code, response.content), (200, b"ok\n"))
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_not_ready_until_a_worker_has_run_then_ready(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json()["checks"],
            {"database": True, "migrations": True, "worker": False, "cache": True},
        )
        # A worker finished a periodic job a minute ago (as the task table records it).
        ensure_enqueued(import_string("rus.calendar.tasks.send_reminders"))
        DBTaskResult.objects.update(
            status="SUCCESSFUL", finished_at=timezone.now() - timedelta(minutes=1)
        )
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "ready": True,
                "checks": {"database": True, "migrations": True, "worker": True, "cache": True},
            },
        )

    def test_a_worker_silent_for_long_is_not_ready(self):
        ensure_enqueued(import_string("rus.calendar.tasks.send_reminders"))
        DBTaskResult.objects.update(
            status="SUCCESSFUL", finished_at=timezone.now() - timedelta(minutes=10)
        )
        response = self.client.get("/readyz")
        self.assertEqual((response.status_code, response.json()["checks"]["worker"]), (503, False))
