import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

from rus.lib.tasks import ensure_enqueued

logger = logging.getLogger(__name__)


def _periodic(stop: threading.Event, interval: float) -> None:
    """Keep one run of each periodic task waiting, so that reminders and scheduled sends
    go out without a cron job."""
    while not stop.is_set():
        try:
            close_old_connections()
            for path in settings.RUS_PERIODIC_TASKS:
                ensure_enqueued(import_string(path))
        except Exception:  # a database hiccup must not end the worker
            logger.exception("could not enqueue the periodic tasks")
        finally:
            connection.close()
        stop.wait(interval)


class Command(BaseCommand):
    help = (
        "Run the background worker: resume the work that earlier workers left (the outbox, "
        "imports), keep periodic jobs (reminders, scheduled sends) coming, and run tasks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument(
            "--periodic-interval", type=float, default=60.0, help="seconds between periodic runs"
        )
        parser.add_argument("--batch", action="store_true", help="run what is due, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in settings.RUS_WORKER_STARTUP:
            import_string(path)()
        stop = threading.Event()
        if not options["batch"]:
            thread = threading.Thread(
                target=_periodic, args=(stop, options["periodic_interval"]), daemon=True
            )
            thread.start()
        try:
            call_command(
                "db_worker",
                interval=options["interval"],
                batch=options["batch"],
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()
            time.sleep(0)
