"""Serve pages of rus to 50 concurrent clients (wrk) from gunicorn + PostgreSQL, and in the
same run let nginx serve the same bytes as a static file; print p50/p99, req/s and the ratio
for each path given (default: the Kolada-compatible data for one KPI over all areas and years).

Run with `make bench-serve` (Kolada data) or `make bench-public` (home and objective page),
which start a throw-away PostgreSQL and install nginx and wrk from Debian when missing.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from wrk import wrk

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ["/kolada/v3/data/?kpi_id=ghg-total"]
DURATION = os.environ.get("BENCH_DURATION", "20s")
CONNECTIONS = 50


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def measure(url: str) -> dict[str, float]:
    figures = wrk(url, connections=CONNECTIONS, duration=DURATION)
    if figures["errors"]:
        raise SystemExit(f"{figures['errors']:.0f} failed responses from {url}")
    return figures


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run through scripts/with-postgres (make bench-serve does).")
    env = {
        **os.environ,
        "SECRET_KEY": "bench-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "RUS_TESTING": "1",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    paths = sys.argv[1:] or DEFAULT_PATHS
    commands = (
        ["migrate", "-v0"],
        ["load_reference_data"],
        ["load_indicator_data"],
        ["load_followup_history"],
    )
    for command in commands:
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    tmp = Path(tempfile.mkdtemp(prefix="rus-bench-"))
    tmp.chmod(0o755)
    app_port, nginx_port = free_port(), free_port()
    workers = (os.cpu_count() or 1) + 1
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "rus.wsgi",
            "--bind",
            f"127.0.0.1:{app_port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    nginx = None
    try:
        www = tmp / "www"
        www.mkdir(mode=0o755)
        bodies = []
        for number, path in enumerate(paths):
            body = wait_for(f"http://127.0.0.1:{app_port}{path}")
            (www / f"{number}.data").write_bytes(body)
            (www / f"{number}.data").chmod(0o644)
            bodies.append(body)
        conf = tmp / "nginx.conf"
        conf.write_text(
            f"worker_processes {os.cpu_count() or 1};\ndaemon off;\npid {tmp}/nginx.pid;\n"
            f"error_log {tmp}/error.log;\nevents {{ worker_connections 1024; }}\n"
            f"http {{ access_log off; client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;\n"
            f"  fastcgi_temp_path {tmp}/fcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;\n"
            f"  server {{ listen 127.0.0.1:{nginx_port}; root {www};\n"
            f"    location / {{ default_type application/octet-stream; }} }} }}\n"
        )
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp)])
        for number, body in enumerate(bodies):
            assert wait_for(f"http://127.0.0.1:{nginx_port}/{number}.data") == body
        print(
            f"{CONNECTIONS} clients, {DURATION} per measurement; gunicorn with {workers} sync workers"
        )
        print(f"{'':40}{'bytes':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
        for number, (path, body) in enumerate(zip(paths, bodies, strict=True)):
            app = measure(f"http://127.0.0.1:{app_port}{path}")
            baseline = measure(f"http://127.0.0.1:{nginx_port}/{number}.data")
            print(
                f"{'rus ' + path[:34]:40}{len(body):10,}{app['rps']:10.0f}{app['p50']:10.1f}{app['p99']:10.1f}"
            )
            print(
                f"{'nginx, same bytes':40}{len(body):10,}{baseline['rps']:10.0f}{baseline['p50']:10.1f}{baseline['p99']:10.1f}"
            )
            print(f"{'ratio rus/nginx (req/s)':40}{'':10}{app['rps'] / baseline['rps']:10.2f}")
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
