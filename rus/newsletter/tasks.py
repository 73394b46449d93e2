from django_tasks import task

from rus.newsletter import services


@task()
def send_scheduled() -> int:
    """Send the issues whose scheduled time has come."""
    return services.send_due()
