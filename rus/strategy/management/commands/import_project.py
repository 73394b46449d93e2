import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.strategy import services
from rus.strategy.models import Strategy


class Command(BaseCommand):
    help = (
        "Create or update a project (by its slug) from a JSON file: slug, title, owner, start, "
        "end, grant {percent, cap}, costs [{category, year, amount}], financing [{financier, "
        "year, amount}]. All or nothing; every problem is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--strategy",
            type=int,
            help="The strategy's id; needed when there are several and the file names none.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text.") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})."
            ) from exc
        strategy = self._strategy(options.get("strategy"), data)
        try:
            project, created = services.import_project(data, strategy=strategy, label=str(path))
        except services.ProjectFileError as exc:
            raise CommandError(str(exc)) from exc
        totals = services.project_budget(project)
        done = "Created" if created else "Updated"
        self.stdout.write(
            f"{done} project {project.slug}: costs {totals.costs.total}, "
            f"financing {totals.financing.total}, "
            f"{'balanced' if totals.balanced else 'NOT balanced'}."
        )

    def _strategy(self, pk: int | None, data: Any) -> Strategy:
        if pk is None and isinstance(data, dict) and isinstance(data.get("strategy"), int):
            pk = data["strategy"]
        if pk is not None:
            strategy = Strategy.objects.filter(pk=pk).first()
            if strategy is None:
                raise CommandError(f"There is no strategy with id {pk}.")
            return strategy
        strategies = list(Strategy.objects.all()[:2])
        if len(strategies) != 1:
            raise CommandError(
                "Say which strategy the project belongs to: --strategy ID "
                f"({len(Strategy.objects.all())} strategies exist)."
            )
        return strategies[0]
