"""Server time of the national compilation page (21 counties × 16 objectives, 10 years of
published history) on PostgreSQL, against serving the same bytes from a trivial view in the
same process (the framework's own cost) measured in the same run.

Run with `make bench-compilation`.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rus.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("RUS_TESTING", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402

from rus.accounts.models import User  # noqa: E402
from rus.followup import services  # noqa: E402
from rus.followup.models import Assessment, FollowUpRound, Reached, Trend  # noqa: E402

YEARS = range(2016, 2026)
RUNS = 200


def prepare() -> None:
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_reference_data", verbosity=0, stdout=quiet)
    if FollowUpRound.objects.filter(year=YEARS[-1]).exists():
        return
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    rng = random.Random(1)  # noqa: S311
    for year in YEARS:
        rnd = services.round_open(year=year, user=admin)
        batch = []
        for a in rnd.assessments.all():
            a.reached = rng.choice(Reached.values)
            a.trend = rng.choice(Trend.values)
            a.summary = "Sammanfattning. " * 20
            a.justification = "Motivering. " * 200
            a.state = Assessment.State.PUBLISHED
            batch.append(a)
        Assessment.objects.bulk_update(
            batch, ["reached", "trend", "summary", "justification", "state"]
        )
        rnd.state = FollowUpRound.State.PUBLISHED
        rnd.save()


def timings(client: Client, url: str, *, cold: bool = False) -> list[float]:
    client.get(url)  # warm connections
    result = []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        result.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return result


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("Run through scripts/with-postgres (make bench-compilation does).")
    prepare()
    client = Client()
    url = f"/uppfoljning/{YEARS[-1]}/"
    body = client.get(url).content
    cache.clear()
    queries: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(url)
    cold = timings(client, url, cold=True)
    page = timings(client, url)

    # Baseline: the same bytes from a view that does nothing, through the same middleware.
    from django.urls import clear_url_caches, path

    from rus import urls

    urls.urlpatterns.append(path("bench-static/", lambda request: HttpResponse(body)))
    clear_url_caches()
    baseline = timings(client, "/bench-static/")

    def p(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1]

    print(
        f"page: {len(body):,} bytes, {len(queries)} queries when rendered afresh, {RUNS} requests each; database {settings.DATABASES['default']['ENGINE']}"
    )
    print(f"{'':34}{'p50 ms':>10}{'p99 ms':>10}")
    print(f"{'compilation, rendered afresh':34}{p(cold, 50):10.1f}{p(cold, 99):10.1f}")
    print(f"{'compilation, body from cache':34}{p(page, 50):10.1f}{p(page, 99):10.1f}")
    print(f"{'same bytes from a trivial view':34}{p(baseline, 50):10.1f}{p(baseline, 99):10.1f}")
    print(
        f"ratio to baseline (p50): afresh {p(cold, 50) / p(baseline, 50):.0f}x, cached {p(page, 50) / p(baseline, 50):.0f}x   (goal: under 100 ms)"
    )


if __name__ == "__main__":
    main()
