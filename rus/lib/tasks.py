"""Helpers for the task framework (django-tasks with its database backend)."""

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone


def ensure_enqueued(task: Any, *, run_after: datetime | None = None) -> None:
    """Make sure ``task`` (without arguments) waits to run no later than ``run_after`` (or
    now); a task that already waits is enough. Used to resume work that lives in the
    database, such as the outbox, whatever happened to earlier workers."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    when = run_after if run_after and run_after > now else None
    waiting = DBTaskResult.objects.filter(status="READY", task_path=task.module_path).filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=when or now)
    )
    if not waiting.exists():
        (task.using(run_after=when) if when else task).enqueue()
