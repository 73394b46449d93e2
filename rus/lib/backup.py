"""A consistent backup of an installation (its database and its uploaded files), and its
restore.

The database is copied by its own tools: ``pg_dump`` (one snapshot, custom format) on
PostgreSQL, SQLite's online backup API on SQLite. Uploaded files are archived after the
database: a file is written before the row that names it is committed, so every file the
copied database refers to is in the archive. A manifest records what was backed up, with a
checksum of each part; a restore checks them before it touches anything.
"""

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA = "media.tar"
FORMAT = 1


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools.")
    return found


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["-h", str(s["HOST"] or "localhost"), "-p", str(s["PORT"] or 5432)]
    args += ["-U", str(s["USER"]), "-d", str(s["NAME"])]
    env = {**os.environ, "PGPASSWORD": str(s["PASSWORD"] or "")}
    return args, env


def _database_file() -> str:
    return "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"


@dataclass
class Manifest:
    created_at: str
    vendor: str
    parts: dict[str, str]
    format: int = FORMAT


def backup(target: Path) -> Manifest:
    """Write a backup into the empty (or new) folder ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty; give a new folder for each backup.")
    database = target / _database_file()
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        done = subprocess.run(  # noqa: S603 (a fixed tool with our own settings)
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "-f", str(database), *args],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    else:
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
        copy.close()
    media = target / MEDIA
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(media, "w") as archive:
        if root.is_dir():
            archive.add(root, arcname="media")
    manifest = Manifest(
        created_at=timezone.now().isoformat(),
        vendor=connection.vendor,
        parts={p.name: _sha256(p) for p in (database, media)},
    )
    (target / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=2), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> Manifest:
    try:
        data: dict[str, Any] = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError) as exc:
        raise BackupError(f"{source}: no readable {MANIFEST} ({exc}).") from exc
    if manifest.format != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.format} is not {FORMAT}.")
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"{source} is a {manifest.vendor} backup; this installation runs {connection.vendor}."
        )
    for name, digest in manifest.parts.items():
        path = source / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{source}: {name} is missing or not what was backed up.")
    return manifest


def restore(source: Path) -> Manifest:
    """Replace the database and the uploaded files with the backup in ``source``."""
    manifest = read_manifest(source)
    database = source / _database_file()
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        connection.close()
        done = subprocess.run(  # noqa: S603 (a fixed tool with our own settings)
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(database),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    else:
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            copy.backup(connection.connection)
        copy.close()
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=root.parent if root.parent.is_dir() else None) as tmp:
        with tarfile.open(source / MEDIA) as archive:
            archive.extractall(tmp, filter="data")
        restored = Path(tmp) / "media"
        if root.exists():
            shutil.rmtree(root)
        if restored.is_dir():
            shutil.move(str(restored), str(root))
        else:
            root.mkdir(parents=True, exist_ok=True)
    return manifest
