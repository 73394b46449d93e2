from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.indicators import services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator
from rus.lib.tabular import SourceError, open_table

PHASES = {"reading": "read", "checking": "checking", "storing": "storing", "stored": "stored"}


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV or Excel file in long form. Name the columns with "
        "--area, --period (or --period-value), --value and optionally --gender, --flag, --note "
        "and --dimension NAME=COLUMN. --dry-run shows what would change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--indicator", help="Indicator code for every row (else --indicator-column)"
        )
        parser.add_argument("--indicator-column", default="")
        parser.add_argument("--area", required=True, help="Column with SCB area codes")
        parser.add_argument("--period", default="", help="Column with the period")
        parser.add_argument(
            "--period-value", default="", help="One period for every row, e.g. 2023"
        )
        parser.add_argument("--value", required=True, help="Column with the values")
        parser.add_argument("--gender", default="")
        parser.add_argument("--flag", default="")
        parser.add_argument("--note", default="")
        parser.add_argument("--dimension", action="append", default=[], metavar="NAME=COLUMN")
        parser.add_argument("--dry-run", action="store_true")

    on_terminal = False

    def progress(self, phase: str, rows: int) -> None:
        """Rows read and stored as they go: one line updated in place on a terminal, a line
        per step otherwise (a log, or a test waiting for the store to begin)."""
        text = f"{PHASES.get(phase, phase)}: {rows:,} rows".replace(",", " ")
        if self.on_terminal:
            self.stderr.write("\r" + text.ljust(50), ending="")
        else:
            self.stderr.write(text)
        self.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        self.on_terminal = self.stderr.isatty()
        indicator = None
        if options["indicator"]:
            indicator = Indicator.objects.filter(code=options["indicator"]).first()
            if indicator is None:
                raise CommandError(f"No indicator with the code {options['indicator']!r}.")
        elif not options["indicator_column"]:
            raise CommandError("Give --indicator or --indicator-column.")
        dimensions = {}
        for spec in options["dimension"]:
            name, sep, column = spec.partition("=")
            if not sep or not name or not column:
                raise CommandError(f"--dimension wants NAME=COLUMN, not {spec!r}.")
            dimensions[name] = column
        mapping = ColumnMapping(
            area=options["area"],
            value=options["value"],
            period=options["period"],
            period_value=options["period_value"],
            indicator=options["indicator_column"],
            gender=options["gender"],
            flag=options["flag"],
            note=options["note"],
            dimensions=dimensions,
        )
        path: Path = options["file"]
        try:
            table = open_table(path, path.name)
        except (OSError, SourceError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        plan, batch = services.import_table(
            table, mapping, indicator=indicator, dry_run=options["dry_run"], progress=self.progress
        )
        if self.on_terminal:
            self.stderr.write("")
        for problem in plan.problems:
            self.stderr.write(str(problem))
        if plan.more_problems:
            self.stderr.write(f"… and {plan.more_problems} more problem(s).")
        if plan.problem_count:
            raise CommandError(f"{plan.problem_count} problem(s); nothing was stored.")
        self.stdout.write(services.describe(plan, batch, dry_run=options["dry_run"]))
