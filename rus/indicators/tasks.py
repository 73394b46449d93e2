from django_tasks import task

from rus.indicators import services


@task()
def run_upload(batch_id: int, language: str | None = None) -> None:
    """Check or store an uploaded file, reporting progress on its batch."""
    services.run_upload(batch_id, language)
