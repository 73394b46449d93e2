from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rus.indicators import external, services
from rus.indicators.models import Indicator
from rus.lib.http import FetchError


class Command(BaseCommand):
    help = (
        "Import indicator values from Kolada (--kolada INDICATOR_CODE) or from Naturvårdsverket's "
        "indicator API (--nvv KEY). --dry-run shows what would change without storing anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--kolada", metavar="INDICATOR_CODE", help="rus indicator whose Kolada id to fetch"
        )
        source.add_argument("--nvv", metavar="KEY", type=int, help="Naturvårdsverket indicator Key")
        parser.add_argument("--base-url", help="Service address (default: the public service)")
        parser.add_argument(
            "--municipality", action="append", default=[], help="Kolada municipality id"
        )
        parser.add_argument(
            "--year", action="append", type=int, default=[], help="Year (repeatable)"
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["kolada"]:
                indicator = Indicator.objects.filter(code=options["kolada"]).first()
                if indicator is None:
                    raise CommandError(f"No indicator with the code {options['kolada']!r}.")
                plan, batch = external.import_kolada(
                    indicator,
                    base_url=options["base_url"] or external.KOLADA_URL,
                    municipalities=options["municipality"] or None,
                    years=options["year"] or None,
                    dry_run=options["dry_run"],
                )
            else:
                indicator, plan, batch = external.import_nvv(
                    options["nvv"],
                    base_url=options["base_url"] or external.NVV_URL,
                    dry_run=options["dry_run"],
                )
        except FetchError as exc:
            raise CommandError(f"Could not fetch: {exc}") from exc
        for problem in plan.problems[:200]:
            self.stderr.write(str(problem))
        if plan.problems:
            raise CommandError(f"{len(plan.problems)} problem(s); nothing was stored.")
        self.stdout.write(
            f"{indicator.code}: " + services.describe(plan, batch, dry_run=options["dry_run"])
        )
