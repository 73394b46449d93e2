"""Import N generated observations into PostgreSQL through the project's import path, and in
the same run COPY the same rows with psql into a bare table; then import the same rows with 5 %
of the values changed into the database that holds them. Print rows/s, the ratio, where the
time goes (per step) and the peak memory, and end with one JSON line of the figures.

Run with `make bench-import` (starts a throw-away PostgreSQL), or against a database of your
own: DATABASE_URL=postgres://… python bench/import_observations.py --rows 10000000
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rus.settings")
os.environ.setdefault("SECRET_KEY", "bench")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from rus.areas.models import Area  # noqa: E402
from rus.indicators import services  # noqa: E402
from rus.indicators.imports import ColumnMapping  # noqa: E402
from rus.indicators.models import Indicator, Observation  # noqa: E402
from rus.lib.tabular import open_table  # noqa: E402

SECTORS = [
    "",
    "Transporter",
    "Jordbruk",
    "Industri",
    "El och fjärrvärme",
    "Arbetsmaskiner",
    "Avfall",
    "Produktanvändning",
    "Egen uppvärmning",
    "Utrikes transporter",
]


def generate(path: Path, rows: int, changed_every: int = 0) -> int:
    """Long-form rows shaped like the real data: indicators × areas × years × gender × sector."""
    areas = [f"{c:02d}" for c in range(1, 26)] + [f"{m:04d}" for m in range(114, 2600, 9)][:290]
    written = 0

    def bump(n: int) -> float:
        return 0.5 if changed_every and n % changed_every == 0 else 0.0

    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["indicator", "area", "year", "gender", "sector", "value"])
        indicator = 0
        while written < rows:
            code = f"bench-{indicator}"
            for area in areas:
                for year in range(1990, 2025):
                    for gender in ("T", "K", "M"):
                        for sector in SECTORS:
                            w.writerow(
                                [
                                    code,
                                    area,
                                    year,
                                    gender,
                                    sector,
                                    f"{(written % 99991) * 1.37 + bump(written):.2f}",
                                ]
                            )
                            written += 1
                            if written >= rows:
                                return indicator + 1
            indicator += 1
    return indicator + 1


def prepare(indicators: int) -> None:
    call_command("migrate", verbosity=0)
    Observation.objects.all().delete()
    sweden, _ = Area.objects.get_or_create(
        code="00", defaults={"level": "country", "name": "Sverige"}
    )
    for c in range(1, 26):
        Area.objects.get_or_create(
            code=f"{c:02d}", defaults={"level": "county", "name": f"Län {c}", "parent": sweden}
        )
    county = Area.objects.get(code="01")
    for m in list(range(114, 2600, 9))[:290]:
        Area.objects.get_or_create(
            code=f"{m:04d}",
            defaults={"level": "municipality", "name": f"Kommun {m}", "parent": county},
        )
    for i in range(indicators):
        Indicator.objects.get_or_create(
            code=f"bench-{i}", defaults={"name_sv": f"Bench {i}", "unit": "t"}
        )


def project_import(path: Path) -> tuple[float, dict[str, float], services.Plan]:
    """The import as `import_observations` runs it, timed per step."""
    mapping = ColumnMapping(
        indicator="indicator",
        area="area",
        period="year",
        value="value",
        gender="gender",
        dimensions={"sector": "sector"},
    )
    marks: list[tuple[str, float]] = []

    def progress(phase: str, _rows: int) -> None:
        marks.append((phase, time.perf_counter()))

    start = time.perf_counter()
    plan, batch = services.import_table(open_table(path, path.name), mapping, progress=progress)
    elapsed = time.perf_counter() - start
    if plan.problems or batch is None:
        raise SystemExit(f"import failed: {plan.problems[:3]}")
    # Each step lasts from the previous mark to the first mark of the next step.
    steps: dict[str, float] = {}
    previous = start
    for phase, at in marks:
        name = {"checking": "read", "storing": "check+compare", "stored": "store"}.get(phase)
        if name:
            steps[name] = round(at - previous, 2)
            previous = at
    return elapsed, steps, plan


def raw_copy(path: Path) -> float:
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    base = [
        "psql",
        "-v",
        "ON_ERROR_STOP=1",
        "-q",
        "-h",
        settings["HOST"] or "127.0.0.1",
        "-p",
        str(settings["PORT"] or 5432),
        "-U",
        settings["USER"],
        "-d",
        settings["NAME"],
    ]
    subprocess.run(
        [
            *base,
            "-c",
            "DROP TABLE IF EXISTS bench_raw; CREATE UNLOGGED TABLE bench_raw "
            "(indicator text, area text, year int, gender text, sector text, value double precision)",
        ],
        check=True,
        env=env,
    )
    start = time.perf_counter()
    subprocess.run(
        [*base, "-c", f"\\copy bench_raw FROM '{path}' WITH (FORMAT csv, HEADER true)"],
        check=True,
        env=env,
    )
    elapsed = time.perf_counter() - start
    subprocess.run([*base, "-c", "DROP TABLE bench_raw"], check=True, env=env)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (make bench-import does).")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "observations.csv"
        changed = Path(tmp) / "observations-5pc-changed.csv"
        indicators = generate(path, args.rows)
        generate(changed, args.rows, changed_every=20)
        prepare(indicators)
        copy_s = raw_copy(path)
        import_s, steps, _plan = project_import(path)
        stored = Observation.objects.count()
        same_s, samesteps, sameplan = project_import(path)
        reimport_s, resteps, replan = project_import(changed)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = args.rows
    print(f"rows: {rows:,} ({stored:,} stored), file {path.name}")
    print(f"raw COPY (psql \\copy):   {copy_s:8.2f} s  {rows / copy_s:12,.0f} rows/s")
    print(f"rus import path:        {import_s:8.2f} s  {rows / import_s:12,.0f} rows/s  {steps}")
    print(
        f"same file again:        {same_s:8.2f} s  {rows / same_s:12,.0f} rows/s  "
        f"{samesteps} ({sameplan.created + sameplan.revised:,} stored)"
    )
    print(
        f"re-import, 5 % changed: {reimport_s:8.2f} s  {rows / reimport_s:12,.0f} rows/s  "
        f"{resteps} ({replan.revised:,} revised, {replan.unchanged:,} unchanged)"
    )
    print(f"ratio import/COPY time: {import_s / copy_s:8.2f}x   (goal: >= 500,000 rows/s, <= 2x)")
    print(f"peak resident memory:   {peak_mb:8.0f} MB  (goal: < 300 MB)")
    figures = {
        "rows": rows,
        "rows_per_s": round(rows / import_s),
        "copy_rows_per_s": round(rows / copy_s),
        "ratio": round(import_s / copy_s, 2),
        "reimport_rows_per_s": round(rows / reimport_s),
        "same_file_again_rows_per_s": round(rows / same_s),
        "peak_rss_mb": round(peak_mb),
        "steps_s": steps,
        "reimport_steps_s": resteps,
        "same_file_again_steps_s": samesteps,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
