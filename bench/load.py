"""Publication day against the deployed stack (`make bench-load`).

The stack of `make stack` (nginx with TLS and the front cache, two gunicorn app servers, the
task worker, PostgreSQL 15), with the reference data and the demo, on this machine:

(a) 500 concurrent anonymous visitors (wrk) read public pages and open data while 20
    coordinators, each signed in as their county board's coordinator, open, save and submit
    their assessments through the pages, at a person's pace (BENCH_PAUSE seconds between an
    answer and the next action, default 3); then again with no pause at all (a stress), and
    once with no visitors (the baseline). Every save carries a unique mark; afterwards the
    database is read to check that each acknowledged save is stored exactly once.
(b) The Kolada data for one KPI under 50 clients, and in the same run nginx serving the same
    bytes as a static file (the baseline).

Prints a table and, last, one JSON line with the figures and whether each goal was met:
(a) p99 < 300 ms, no errors, every save stored exactly once; (b) p99 < 100 ms and at least
half of nginx's requests per second.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wrk import wrk  # noqa: E402

from deploy.stack import PYTHON, Browser, Stack, manage  # noqa: E402

DURATION = int(os.environ.get("BENCH_SECONDS", "30"))
VISITORS = int(os.environ.get("BENCH_VISITORS", "500"))
COORDINATORS = 20
PAUSE = float(os.environ.get("BENCH_PAUSE", "3"))
KOLADA = "/kolada/v3/data/?kpi_id=ghg-total"
PASSWORD = secrets.token_urlsafe(16)

SETUP = """
import json
from django.utils import timezone
from rus.accounts.models import Membership, User
from rus.followup.models import Assessment
from rus.organisations.models import Organisation
from rus.goals.models import Goal
from rus.indicators.models import Indicator
from rus.areas.models import Area
year = timezone.localdate().year
boards = Organisation.objects.filter(kind=Organisation.Kind.COUNTY_BOARD).order_by("key")
people = []
for board in boards[:{count}]:
    user, _ = User.objects.get_or_create(username=f"bench-{{board.key}}")
    user.set_password({password!r})
    user.save()
    Membership.objects.get_or_create(
        user=user, organisation=board, defaults={{"role": Membership.Role.COORDINATOR}}
    )
    mine = Assessment.objects.filter(
        round__year=year, organisation=board, state__in=["draft", "returned"]
    ).order_by("pk")
    people.append({{"username": user.username, "assessments": list(mine.values_list("pk", flat=True))}})
print(json.dumps({{
    "people": people,
    "goals": list(Goal.objects.filter(kind="objective").values_list("number", flat=True)[:16]),
    "counties": list(Area.objects.filter(level="county").values_list("code", flat=True)[:21]),
    "indicators": list(Indicator.objects.values_list("code", flat=True)[:20]),
}}))
"""

STORED = """
import json
from rus.workflow.models import Version
rows = Version.objects.filter(saved_by__username__startswith="bench-").values_list("data", "state")
# A submit stores the content (one version) and then the move to "submitted" (another).
print(json.dumps([f"{data.get('summary', '')}|{state}" for data, state in rows if state != "submitted"]))
"""


def shell(env: dict[str, str], code: str) -> Any:
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Coordinator(threading.Thread):
    """Opens each of the county's assessments, saves it twice and submits it, as a
    coordinator does in the browser, until told to stop."""

    def __init__(
        self, stack: Stack, username: str, assessments: list[int], pause: float = 0
    ) -> None:
        super().__init__(daemon=True)
        # Seconds between one answer and the next action: 0 is a stress (every client
        # sends the moment it is answered); a person reads and types for longer.
        self.pause = pause
        self.browser = Browser(stack, timeout=30)
        self.username = username
        self.assessments = assessments
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.acknowledged: list[str] = []
        self.submitted = 0
        self.errors: list[str] = []

    def timed(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        if self.pause:
            self.stop.wait(self.pause)
        started = time.perf_counter()
        try:
            status, text, _headers, url = self.browser.request(path, form)
        except OSError as error:
            self.errors.append(f"{path}: {error}")
            return 0, "", ""
        self.latencies.append((time.perf_counter() - started) * 1000)
        if status >= 400:
            self.errors.append(f"{path}: {status}")
        return status, text, url

    def run(self) -> None:
        self.browser.log_in(self.username, PASSWORD)
        number = 0
        for pk in self.assessments:
            for action in ("save", "save", "submit"):
                if self.stop.is_set():
                    return
                path = f"/bedomningar/{pk}/"
                status, page, _url = self.timed(path)
                if status != 200 or 'name="version"' not in page:
                    break
                number += 1
                mark = f"bench {self.username} {number} {secrets.token_hex(4)}"
                form = {
                    "csrfmiddlewaretoken": re.search(
                        r'name="csrfmiddlewaretoken" value="([^"]+)"', page
                    ).group(1),  # type: ignore[union-attr]
                    "version": re.search(r'name="version" value="(\d+)"', page).group(1),  # type: ignore[union-attr]
                    "action": action,
                    "reached": choice(page, "reached"),
                    "trend": choice(page, "trend"),
                    "summary": mark,
                    "justification": "Bedömningen bygger på indikatorerna och länets arbete.",
                    "actions": "Åtgärdsprogrammet följs upp.",
                    "generational_goal": "Generationsmålet nås inte utan fler åtgärder.",
                }
                status, page, _url = self.timed(path, form)
                # The page after a save shows what was stored; a refused save shows why.
                if status == 200 and mark in page and "errorlist" not in page:
                    self.acknowledged.append(mark)
                    self.submitted += action == "submit"
                elif status:
                    self.errors.append(f"{path}: {action} not acknowledged")


def choice(page: str, name: str) -> str:
    checked = re.search(rf'name="{name}" value="([^"]*)"[^>]*checked', page)
    if checked:
        return checked.group(1)
    values = [v for v in re.findall(rf'name="{name}" value="([^"]*)"', page) if v]
    return values[0] if values else ""


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run through scripts/with-postgres (make bench-load does).")
    folder = Path(tempfile.mkdtemp(prefix="rus-bench-load-"))
    stack = Stack(
        {
            **os.environ,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "RUS_VAR_DIR": str(folder),
            "CACHE_BACKEND": "database",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "ERROR",
        },
        app_servers=2,
        workers_per_server=3,
        worker=True,
    )
    env = stack.env
    env["STATIC_ROOT"] = str(stack.folder / "static")
    print("preparing: migrate, reference data, demo …", flush=True)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        manage(env, *command)
    subprocess.run(
        [PYTHON, "manage.py", "load_data"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    subprocess.run(
        [PYTHON, "manage.py", "load_demo"],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    setup = shell(env, SETUP.format(count=COORDINATORS, password=PASSWORD))
    paths = (
        ["/", "/indikatorer/", "/uppfoljning/", "/oppna-data/", "/publiceringar.atom"]
        + [f"/mal/{n}/" for n in setup["goals"]]
        + [f"/lan/{code}/" for code in setup["counties"]]
        + [f"/indikatorer/{code}/" for code in setup["indicators"]]
        + [KOLADA, "/kolada/v3/kpi", "/api/v1/areas", "/api/v1/indicators"]
    )
    with stack:
        visitor = Browser(stack)
        for path in paths:
            status, _text, _headers = visitor.get(path)
            if status != 200:
                raise SystemExit(f"{path} answered {status} before the load")
        script = stack.folder / "paths.lua"
        script.write_text(
            "paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n"
            "counter = 0\n"
            "request = function()\n"
            "  counter = counter + 1\n"
            "  return wrk.format('GET', paths[(counter % #paths) + 1])\n"
            "end\n"
        )
        # Baseline in the same run: the coordinators' first assessment, with no visitors.
        print("coordinators alone (baseline): one assessment each", flush=True)
        alone = [
            Coordinator(stack, person["username"], person["assessments"][:1])
            for person in setup["people"]
        ]
        for coordinator in alone:
            coordinator.start()
        for coordinator in alone:
            coordinator.join(timeout=300)
        alone_latencies = [ms for c in alone for ms in c.latencies]

        def under_load(people: list[Coordinator], label: str) -> dict[str, float]:
            print(
                f"(a) {VISITORS} anonymous visitors over {len(paths)} pages and open data, "
                f"{len(people)} coordinators {label}, {DURATION} s",
                flush=True,
            )
            for coordinator in people:
                coordinator.start()
            figures = wrk(
                stack.url("/"), connections=VISITORS, duration=f"{DURATION}s", script=script
            )
            for coordinator in people:
                coordinator.stop.set()
            for coordinator in people:
                coordinator.join(timeout=120)
            return figures

        # The goal's measurement: coordinators at a person's pace (PAUSE seconds between
        # one answer and the next action); then the same with no pause at all, a stress.
        paced = [
            Coordinator(stack, person["username"], person["assessments"][7:], pause=PAUSE)
            for person in setup["people"]
        ]
        anonymous = under_load(paced, f"saving and submitting, {PAUSE:g} s between actions")
        coordinators = [
            Coordinator(stack, person["username"], person["assessments"][1:7])
            for person in setup["people"]
        ]
        stressed = under_load(coordinators, "saving and submitting with no pause")
        paced_latencies = [ms for c in paced for ms in c.latencies]
        latencies = [ms for c in coordinators for ms in c.latencies]
        everyone = alone + paced + coordinators
        acknowledged = [mark for c in everyone for mark in c.acknowledged]
        errors = [e for c in everyone for e in c.errors]
        stored = [entry.split("|")[0] for entry in shell(env, STORED) if entry.startswith("bench ")]
        duplicates = len(stored) - len(set(stored))
        missing = len(set(acknowledged) - set(stored))
        unacknowledged = len(set(stored) - set(acknowledged))

        print(f"(b) {KOLADA} under 50 clients, and nginx serving the same bytes", flush=True)
        _status, body, _headers = visitor.get(KOLADA)
        (Path(env["STATIC_ROOT"]) / "kolada.json").write_text(body)
        kolada = wrk(stack.url(KOLADA), connections=50, duration=f"{DURATION}s")
        static = wrk(stack.url("/static/kolada.json"), connections=50, duration=f"{DURATION}s")

    coordinator_figures = {
        "alone_p50": round(percentile(alone_latencies, 0.50), 1),
        "alone_p99": round(percentile(alone_latencies, 0.99), 1),
        "pause_s": PAUSE,
        "paced_requests": len(paced_latencies),
        "paced_p50": round(percentile(paced_latencies, 0.50), 1),
        "paced_p99": round(percentile(paced_latencies, 0.99), 1),
        "requests": len(latencies),
        "saves": len(acknowledged),
        "submits": sum(c.submitted for c in everyone),
        "p50": round(percentile(latencies, 0.50), 1),
        "p99": round(percentile(latencies, 0.99), 1),
        "errors": len(errors),
        "stored_twice": duplicates,
        "acknowledged_not_stored": missing,
        "stored_not_acknowledged": unacknowledged,
    }
    ratio = kolada["rps"] / static["rps"]
    print(f"{'':34}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    print(
        f"{'(a) anonymous visitors':34}{anonymous['requests']:10.0f}{anonymous['rps']:10.0f}"
        f"{anonymous['p50']:10.1f}{anonymous['p99']:10.1f}{anonymous['errors']:8.0f}"
    )
    print(
        f"{'coordinators alone (baseline)':34}{len(alone_latencies):10}{'':10}"
        f"{coordinator_figures['alone_p50']:10.1f}{coordinator_figures['alone_p99']:10.1f}"
    )
    print(
        f"{'(a) coordinators, ' + f'{PAUSE:g} s pause':34}{len(paced_latencies):10}{'':10}"
        f"{coordinator_figures['paced_p50']:10.1f}{coordinator_figures['paced_p99']:10.1f}"
    )
    print(
        f"{'(a) visitors again, during stress':34}{stressed['requests']:10.0f}"
        f"{stressed['rps']:10.0f}{stressed['p50']:10.1f}{stressed['p99']:10.1f}"
        f"{stressed['errors']:8.0f}"
    )
    print(
        f"{'(a) coordinators, no pause':34}{len(latencies):10}{'':10}"
        f"{coordinator_figures['p50']:10.1f}{coordinator_figures['p99']:10.1f}"
    )
    print(f"    coordinators' errors (all runs): {len(errors)}")
    print(
        f"    saves acknowledged {len(acknowledged)} (of which submits "
        f"{coordinator_figures['submits']}); stored twice {duplicates}; acknowledged but not "
        f"stored {missing}; stored but not acknowledged {unacknowledged}"
    )
    print(
        f"    anonymous errors: {anonymous['failed_responses']:.0f} failed responses, "
        f"{anonymous['socket_errors']:.0f} socket errors"
    )
    for line in errors[:5]:
        print(f"    {line}")
    print(
        f"{'(b) rus ' + KOLADA[:26]:34}{kolada['requests']:10.0f}{kolada['rps']:10.0f}"
        f"{kolada['p50']:10.1f}{kolada['p99']:10.1f}{kolada['errors']:8.0f}"
    )
    print(
        f"{'(b) nginx, same bytes':34}{static['requests']:10.0f}{static['rps']:10.0f}"
        f"{static['p50']:10.1f}{static['p99']:10.1f}{static['errors']:8.0f}"
    )
    print(f"{'(b) ratio rus/nginx (req/s)':34}{'':10}{ratio:10.2f}")
    goals = {
        "a": max(anonymous["p99"], coordinator_figures["paced_p99"]) < 300
        and anonymous["errors"] == 0
        and not errors
        and duplicates == 0
        and missing == 0,
        "b": kolada["p99"] < 100 and ratio >= 0.5 and kolada["errors"] == 0,
    }
    print(
        json.dumps(
            {
                "anonymous": anonymous,
                "anonymous_during_stress": stressed,
                "coordinators": coordinator_figures,
                "kolada": kolada,
                "kolada_nginx": static,
                "kolada_ratio": round(ratio, 3),
                "visitors": VISITORS,
                "seconds": DURATION,
                "goals_met": goals,
            }
        )
    )


if __name__ == "__main__":
    main()
