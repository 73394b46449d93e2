import errno
import sys
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import timezone

from rus.actions import selectors as action_selectors
from rus.areas.models import Area
from rus.followup import selectors as followup_selectors
from rus.followup.models import FollowUpRound
from rus.front import selectors
from rus.goals.models import Goal
from rus.indicators import selectors as indicator_selectors
from rus.indicators.models import ClimatePlan, ImportBatch, Indicator
from rus.lib.caching import public_page
from rus.lib.problems import problem_response
from rus.library import selectors as library_selectors
from rus.organisations.models import Organisation


@public_page
def home(request: HttpRequest) -> HttpResponse:
    rounds = selectors.published_rounds()
    latest = rounds[0] if rounds else None
    ctx = {
        "latest": latest,
        "coverage": followup_selectors.coverage(latest) if latest else None,
        "glance": selectors.at_a_glance(latest),
        "generational": Goal.objects.filter(kind=Goal.Kind.GENERATIONAL_GOAL).first(),
        "counties": Area.objects.filter(level=Area.Level.COUNTY).order_by("code"),
        "county_count": Area.objects.filter(level=Area.Level.COUNTY).count(),
        "municipality_count": Area.objects.filter(level=Area.Level.MUNICIPALITY).count(),
        "indicators": Indicator.objects.order_by("name_sv")[:12],
    }
    return render(request, "front/home.html", ctx)


@public_page
def objective(request: HttpRequest, number: int) -> HttpResponse:
    goal = get_object_or_404(
        Goal, framework__code="miljomal", kind=Goal.Kind.OBJECTIVE, number=number
    )
    years, cells = selectors.judgement_history(goal=goal)
    counties = list(Area.objects.filter(level=Area.Level.COUNTY).order_by("code"))
    assessed = {area for area, g in followup_selectors.assessed_pairs() if g == goal.pk}
    rows = [(c, c.pk in assessed, [cells.get((c.pk, y)) for y in years]) for c in counties]
    national = [
        selectors.national_counts([a for (_area, year), a in cells.items() if year == y])
        for y in years
    ]
    ctx = {
        "goal": goal,
        "national": national,
        "years": years,
        "rows": rows,
        "specifications": goal.children.filter(kind=Goal.Kind.SPECIFICATION).order_by("sort_order"),
        "indicators": indicator_selectors.progress_for(
            goal.indicators.order_by("name_sv").prefetch_related("targets"),
            Area.objects.filter(code="00").first(),
        ),
        "sdg_targets": (
            Goal.objects.filter(incoming_links__source=goal)
            | Goal.objects.filter(outgoing_links__target=goal)
        ).filter(kind=Goal.Kind.SDG_TARGET),
        "interim_targets": Goal.objects.filter(
            kind=Goal.Kind.INTERIM_TARGET, outgoing_links__target=goal
        ).order_by("sort_order"),
        "measures": action_selectors.public_measures().filter(goals=goal).count(),
        "good_examples": action_selectors.public_measures()
        .filter(goals=goal, good_example=True)
        .select_related("programme__organisation__area")[:10],
    }
    return render(request, "front/objective.html", ctx)


@public_page
def county(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=code, level=Area.Level.COUNTY)
    years, cells = selectors.judgement_history(area=area)
    goals = selectors.objectives()
    rows = [
        (g, [cells.get((g.pk, y)) for y in years])
        for g in goals
        if any((g.pk, y) in cells for y in years)
    ]
    ctx = {
        "area": area,
        "years": years,
        "rows": rows,
        "values": selectors.compared_values(area),
        "municipalities": area.children.order_by("name").select_related("climate_plan"),
        "programmes": action_selectors.county_summary(area.code),
        "support": library_selectors.for_county(area.code),
    }
    return render(request, "front/county.html", ctx)


@public_page
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(
        Area.objects.select_related("parent"), code=code, level=Area.Level.MUNICIPALITY
    )
    ctx = {
        "area": area,
        "values": selectors.compared_values(area),
        "plan": ClimatePlan.objects.filter(area=area).first(),
        "organisation": Organisation.objects.filter(area=area, kind="kommun").first(),
    }
    return render(request, "front/municipality.html", ctx)


@public_page
def open_data(request: HttpRequest) -> HttpResponse:
    rounds = selectors.published_rounds()
    ctx = {
        "indicators": Indicator.objects.order_by("name_sv").annotate(
            updated=Max("batches__created_at")
        ),
        "rounds": rounds,
        "data_updated": ImportBatch.objects.filter(state=ImportBatch.State.STORED).aggregate(
            m=Max("created_at")
        )["m"],
        "followup_updated": FollowUpRound.objects.aggregate(m=Max("published_at"))["m"],
    }
    return render(request, "front/open_data.html", ctx)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    results = selectors.search(query)
    return render(request, "front/search.html", {"query": query, "results": results})


@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "front/accessibility.html")


# --- health -------------------------------------------------------------------------------

WORKER_SILENCE = timedelta(minutes=3)


def health(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Asks nothing of the database, so a database outage
    never makes the orchestrator kill healthy app servers."""
    response = HttpResponse("ok\n", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, every migration is applied, the cache works and a
    worker has finished a task lately (the periodic jobs run every minute). 503 with the
    failing checks named when not."""
    checks: dict[str, bool] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = True
        executor = MigrationExecutor(connection)
        checks["migrations"] = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        from django_tasks_db.models import DBTaskResult

        checks["worker"] = DBTaskResult.objects.filter(
            finished_at__gte=timezone.now() - WORKER_SILENCE
        ).exists()
    except DatabaseError:
        checks["database"] = checks.get("database", False)
        checks.setdefault("migrations", False)
        checks.setdefault("worker", False)
    try:
        key = f"readyz:{uuid.uuid4().hex}"
        cache.set(key, "1", 10)
        checks["cache"] = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # any cache backend failure means not ready
        checks["cache"] = False
    ok = all(checks.values())
    response = JsonResponse({"ready": ok, "checks": checks}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response


# --- error pages ---------------------------------------------------------------------------


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler. When the database cannot be reached (a restart, a failover, a
    full connection slot) the request failed for a reason outside rus and the next one will
    likely pass: answer 503 with Retry-After and say so, instead of "something went wrong".
    A full disk (an upload that cannot be spooled) answers 507 saying nothing was stored.
    Rendered without the request's context, as Django's own handler does, so that the page
    itself asks nothing of the database."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, (OperationalError, InterfaceError))
    # A full disk while an upload is received: say so, and that nothing was stored.
    full = isinstance(error, OSError) and error.errno == errno.ENOSPC
    status = 503 if unavailable else 507 if full else 500
    response: HttpResponse
    if request.path.startswith("/api/"):
        # Raised before the API's own handlers (in a middleware that reads the session):
        # the same problem details the API answers everywhere else.
        title = {503: "Service Unavailable", 507: "Insufficient Storage"}.get(
            status, "Internal Server Error"
        )
        response = problem_response(status, title)
    else:
        response = HttpResponse(loader.get_template(f"{status}.html").render(), status=status)
    if unavailable:
        response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
