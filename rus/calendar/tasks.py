from django_tasks import task

from rus.calendar import services


@task()
def send_reminders() -> int:
    """Reminders due today (the worker runs this every minute; each is sent once)."""
    return services.send_reminders()
