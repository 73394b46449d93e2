"""Publication day against the deployed stack (`make bench-load`).

The stack of `make stack` (nginx with TLS and the front cache, two gunicorn app servers, the
task worker, PostgreSQL 15), with the reference data and the demo, on this machine:

(a) 500 concurrent anonymous visitors (wrk) read public pages and open data, each waiting a
    think time between pages (0 to 2 × BENCH_VISITOR_PAUSE seconds, default 1: far quicker
    than anyone reads), while 20 coordinators, each signed in as their county board's
    coordinator, open, save and submit their assessments through the pages at a person's
    pace (BENCH_PAUSE seconds on average between an answer and the next action, default 3).
    In the same run: the coordinators alone (the baseline), and a stress with the 500
    visitors sending with no pause at all. Every save carries a unique mark; afterwards the
    database is read to check that each acknowledged save is stored exactly once.
(b) The Kolada data for one KPI under 50 clients, and in the same run nginx serving the same
    bytes as a static file (the baseline).

Prints a table and, last, one JSON line with the figures and whether each goal was met:
(a) p99 < 300 ms, no errors, every save stored exactly once; (b) p99 < 100 ms and at least
half of nginx's requests per second.
"""

import json
import os
import random
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
VISITOR_PAUSE = float(os.environ.get("BENCH_VISITOR_PAUSE", "1"))
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
        # Seconds on average between one answer and the next action (0: at once).
        self.pause = pause
        # Seeded by name: think times repeat from run to run (not a secret).
        self.random = random.Random(username)  # noqa: S311
        self.browser = Browser(stack, timeout=30)
        self.username = username
        self.assessments = assessments
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.acknowledged: list[str] = []
        self.submitted = 0
        self.errors: list[str] = []
        # Every assessment of the list done before the phase ended (the phase then measured
        # fewer people than it says).
        self.ran_out = False

    def timed(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        # People do not act in step: a think time drawn around the pause (mean PAUSE) keeps
        # 20 of them from arriving as one burst every PAUSE seconds. Told to stop while
        # thinking, they send nothing more (else all 20 would send at once as the run ends).
        if self.stop.wait(self.random.uniform(0.5, 1.5) * self.pause if self.pause else 0):
            return 0, "", ""
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

    def sign_in(self) -> None:
        # Before the measured run: twenty logins at one instant (each a deliberately slow
        # password hash) would be a burst no county board makes.
        self.browser.log_in(self.username, PASSWORD)

    def run(self) -> None:
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
        self.ran_out = not self.stop.is_set()


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
        # Visitors at a person's pace: wrk waits a think time drawn from 0 to twice
        # VISITOR_PAUSE seconds before each request (its latencies leave the wait out). Then
        # the stress: the same connections with no wait at all.
        paced_script, rushed_script = stack.folder / "paced.lua", stack.folder / "rushed.lua"
        request = (
            "paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n"
            # Each wrk thread has a Lua state of its own: seed each differently.
            "threads = 0\n"
            "setup = function(thread) threads = threads + 1; thread:set('id', threads) end\n"
            "init = function(args) math.randomseed(7919 * id) end\n"
            "counter = 0\n"
            "request = function()\n"
            "  counter = counter + 1\n"
            "  return wrk.format('GET', paths[(counter % #paths) + 1])\n"
            "end\n"
        )
        rushed_script.write_text(request)
        paced_script.write_text(
            request
            + f"delay = function() return math.random(0, {round(2000 * VISITOR_PAUSE)}) end\n"
        )

        def phase(number: int, script: Path | None, label: str) -> tuple[Any, list[Coordinator]]:
            """The coordinators at a person's pace, each on every third of their county's
            assessments, for DURATION seconds while wrk runs ``script`` (or nobody else)."""
            print(f"{label}, {DURATION} s", flush=True)
            people = [
                Coordinator(
                    stack,
                    person["username"],
                    person["assessments"][number::3],
                    pause=PAUSE,
                )
                for person in setup["people"]
            ]
            everyone.extend(people)
            for coordinator in people:
                coordinator.sign_in()
            for coordinator in people:
                coordinator.start()
            figures = None
            if script is None:
                time.sleep(DURATION)
            else:
                figures = wrk(
                    stack.url("/"), connections=VISITORS, duration=f"{DURATION}s", script=script
                )
            for coordinator in people:
                coordinator.stop.set()
            for coordinator in people:
                coordinator.join(timeout=120)
            return figures, people

        everyone: list[Coordinator] = []
        _none, alone = phase(0, None, f"coordinators alone (baseline), {PAUSE:g} s between actions")
        anonymous, paced = phase(
            1,
            paced_script,
            f"(a) {VISITORS} anonymous visitors over {len(paths)} pages and open data, "
            f"{VISITOR_PAUSE:g} s between pages, while the coordinators save and submit",
        )
        stressed, rushed = phase(
            2, rushed_script, f"stress: the {VISITORS} visitors with no pause between pages"
        )
        alone_latencies = [ms for c in alone for ms in c.latencies]
        latencies = [ms for c in paced for ms in c.latencies]
        stressed_latencies = [ms for c in rushed for ms in c.latencies]
        acknowledged = [mark for c in everyone for mark in c.acknowledged]
        errors = [e for c in everyone for e in c.errors]
        paced_errors = [e for c in paced for e in c.errors]
        paced_saves = sum(len(c.acknowledged) for c in paced)
        ran_out = {
            name: sum(c.ran_out for c in people)
            for name, people in (("alone", alone), ("goal", paced), ("stress", rushed))
        }
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
        "pause_s": PAUSE,
        "alone_requests": len(alone_latencies),
        "alone_p50": round(percentile(alone_latencies, 0.50), 1),
        "alone_p99": round(percentile(alone_latencies, 0.99), 1),
        "requests": len(latencies),
        "p50": round(percentile(latencies, 0.50), 1),
        "p99": round(percentile(latencies, 0.99), 1),
        "stress_requests": len(stressed_latencies),
        "stress_p50": round(percentile(stressed_latencies, 0.50), 1),
        "stress_p99": round(percentile(stressed_latencies, 0.99), 1),
        "saves": len(acknowledged),
        "goal_saves": paced_saves,
        "goal_errors": len(paced_errors),
        "ran_out_of_assessments": ran_out,
        "submits": sum(c.submitted for c in everyone),
        "errors": len(errors),
        "stored_twice": duplicates,
        "acknowledged_not_stored": missing,
        "stored_not_acknowledged": unacknowledged,
    }
    ratio = kolada["rps"] / static["rps"]

    def row(label: str, figures: dict[str, float]) -> None:
        print(
            f"{label:44}{figures['requests']:10.0f}{figures['rps']:10.0f}"
            f"{figures['p50']:10.1f}{figures['p99']:10.1f}{figures['errors']:8.0f}"
        )

    def people(label: str, key: str) -> None:
        prefix = f"{key}_" if key else ""
        print(
            f"{label:44}{coordinator_figures[prefix + 'requests']:10}{'':10}"
            f"{coordinator_figures[prefix + 'p50']:10.1f}"
            f"{coordinator_figures[prefix + 'p99']:10.1f}"
        )

    print(f"{'':44}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    people(f"20 coordinators alone, {PAUSE:g} s between actions", "alone")
    row(f"(a) {VISITORS} visitors, {VISITOR_PAUSE:g} s between pages", anonymous)
    people("(a) the 20 coordinators meanwhile", "")
    row(f"stress: {VISITORS} visitors, no pause", stressed)
    people("stress: the 20 coordinators meanwhile", "stress")
    print(
        f"    coordinators' errors: {len(paced_errors)} in (a), {len(errors)} in all; "
        f"saves in (a): {paced_saves}; coordinators whose list ran out before the end, "
        f"by phase: {ran_out}"
    )
    print(
        f"    saves acknowledged {len(acknowledged)} (of which submits "
        f"{coordinator_figures['submits']}); stored twice {duplicates}; acknowledged but not "
        f"stored {missing}; stored but not acknowledged {unacknowledged}"
    )
    for line in errors[:5]:
        print(f"    {line}")
    row(f"(b) rus {KOLADA[:30]}", kolada)
    row("(b) nginx, the same bytes", static)
    print(f"{'(b) ratio rus/nginx (req/s)':44}{'':10}{ratio:10.2f}")
    goals = {
        "a": max(anonymous["p99"], coordinator_figures["p99"]) < 300
        and anonymous["errors"] == 0
        and not paced_errors
        and paced_saves > 0
        and duplicates == 0
        and missing == 0,
        "b": kolada["p99"] < 100 and ratio >= 0.5 and kolada["errors"] == 0,
    }
    print(
        json.dumps(
            {
                "anonymous": anonymous,
                "anonymous_no_pause": stressed,
                "coordinators": coordinator_figures,
                "kolada": kolada,
                "kolada_nginx": static,
                "kolada_ratio": round(ratio, 3),
                "visitors": VISITORS,
                "visitor_pause_s": VISITOR_PAUSE,
                "seconds": DURATION,
                "goals_met": goals,
            }
        )
    )


if __name__ == "__main__":
    main()
