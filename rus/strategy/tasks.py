from django_tasks import task

from rus.strategy import services


@task()
def send_reminders() -> int:
    """Status-report reminders due today (the worker runs this periodically; each is sent
    once)."""
    return services.send_reminders()
