from django_tasks import task

from rus.outbox import services


@task()
def deliver() -> dict[str, int]:
    """Send every delivery that is due (see ``services.deliver_due``)."""
    report = services.deliver_due()
    return {"sent": report.sent, "retrying": report.retrying, "failed": report.failed}
