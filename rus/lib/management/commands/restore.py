from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.lib import backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup written by `backup`. "
        "Stop the app servers and the worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            manifest = backup.read_manifest(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not options["yes"]:
            answer = input(
                "Replace everything in this installation with the backup of "
                f"{manifest.created_at}? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                raise CommandError("Nothing was restored.")
        try:
            backup.restore(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the backup of {manifest.created_at}.")
