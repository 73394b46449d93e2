"""Run wrk and read its figures: req/s, p50/p99 in ms, and the failed responses."""

import re
import subprocess
from pathlib import Path


def wrk(
    url: str,
    *,
    connections: int,
    duration: str,
    threads: int = 2,
    script: Path | None = None,
) -> dict[str, float]:
    # A long time-out, so that a slow answer is measured as slow instead of dropped from
    # the latencies as a "timeout" error (wrk's default is 2 s).
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}",
        "--timeout",
        "30s",
        "--latency",
    ]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout

    def ms(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            raise SystemExit(f"could not read the {label}% latency from wrk:\n{out}")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    failed_responses = int(failed.group(1)) if failed else 0
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "p50": ms("50"),
        "p99": ms("99"),
        "rps": rps,
        "requests": requests,
        "errors": failed_responses + socket_errors,
        "failed_responses": failed_responses,
        "socket_errors": socket_errors,
    }
