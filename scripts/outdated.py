#!/usr/bin/env python3
"""List every locked dependency that has a newer patch release (same major.minor) on PyPI.

No vulnerability service is reachable from the machines rus is built on, so staying on the
newest patch release of each pinned version is the check that can be made. Standard library
only; reads requirements.lock and requirements-dev.lock. Exits 1 when something is behind.
"""

import json
import re
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s\\;]+)")
INDEX = "https://pypi.org/pypi/{}/json"


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for lock in ("requirements.lock", "requirements-dev.lock"):
        for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
            match = PIN.match(line)
            if match:
                found[match.group(1).lower()] = match.group(3)
    return found


def release(version: str) -> tuple[int, ...] | None:
    """A final release's numbers ("1.4.6" → (1, 4, 6)); None for pre-releases and odd forms."""
    if not re.fullmatch(r"\d+(\.\d+)*(\.post\d+)?", version):
        return None
    return tuple(int(p) for p in version.split(".post")[0].split("."))


def newer_patch(name: str, pinned: str) -> str | None:
    with urllib.request.urlopen(INDEX.format(name), timeout=20) as response:  # noqa: S310
        versions = json.load(response)["releases"]
    current = release(pinned)
    if current is None:
        return None
    candidates = []
    for version, files in versions.items():
        numbers = release(version)
        if not numbers or not files or all(f.get("yanked") for f in files):
            continue
        if numbers[:2] == current[:2] and numbers > current:
            candidates.append((numbers, version))
    return max(candidates)[1] if candidates else None


def main() -> int:
    locked = pins()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(
            zip(locked, pool.map(lambda kv: newer_patch(*kv), locked.items()), strict=True)
        )
    behind = {name: new for name, new in results.items() if new}
    for name, new in sorted(behind.items()):
        print(f"{name} {locked[name]} → {new}")
    print(f"{len(locked)} locked, {len(behind)} with a newer patch release.")
    return 1 if behind else 0


if __name__ == "__main__":
    sys.exit(main())
