"""A populated installation survives a backup and a restore unchanged: every table and every
uploaded file, on the database the suite runs on (SQLite and PostgreSQL)."""

import tempfile
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import TransactionTestCase, override_settings

from rus.accounts.models import Membership
from rus.organisations.models import Organisation
from rus.strategy import services as strategy
from rus.test import create_cast, make_user


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table rus's models keep, in primary-key order."""
    tables: dict[str, list[tuple]] = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        tables[model._meta.label] = [
            tuple(str(v) for v in row)
            for row in model._default_manager.order_by("pk").values_list(*names)
        ]
    return tables


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


class BackupRoundTripTests(TransactionTestCase):
    def setUp(self):
        self.media = Path(tempfile.mkdtemp()) / "media"
        (self.media / "programmes" / "2026").mkdir(parents=True)
        (self.media / "programmes" / "2026" / "program.pdf").write_bytes(b"%PDF-1.4 \x00\xff")
        media_setting = override_settings(MEDIA_ROOT=str(self.media))
        media_setting.enable()
        self.addCleanup(media_setting.disable)
        create_cast(self)
        region = Organisation.objects.create(
            key="region-03",
            kind="region",
            name="Region Uppsala",
            area=self.uppsala_county,  # type: ignore[attr-defined]
        )
        make_user("rebecka", region, Membership.Role.COORDINATOR)
        s = strategy.strategy_save(
            strategy=None,
            organisation=region,
            data={"title": "Uppsalastrategin – å ä ö", "starts": 2021, "ends": 2030},
        )
        project = strategy.project_save(
            project=None,
            strategy=s,
            data={
                "slug": "kompetenslyft",
                "title": "Kompetenslyft",
                "owner": "Region Uppsala",
                "starts": date(2022, 2, 1),
                "ends": date(2023, 12, 31),
                "grant_percent": Decimal("42.5"),
                "grant_cap": 2_000_000,
            },
        )
        strategy.budget_save(
            project=project,
            costs=[strategy.BudgetRow("Egen personal", {2022: 1_200_000, 2023: 1_500_000})],
            financing=[strategy.BudgetRow("Egen budget", {2022: 1_200_000, 2023: 1_500_000})],
            expected_version=None,
        )

    def test_everything_comes_back_as_it_was(self):
        before, before_files = snapshot(), files(self.media)
        self.assertTrue(before["strategy.CostLine"])
        target = Path(tempfile.mkdtemp()) / "backup"
        call_command("backup", str(target), stdout=StringIO())
        # Then things go wrong: rows deleted and changed, a file lost and one added.
        Organisation.objects.filter(key="region-03").update(name="Fel namn")
        apps.get_model("strategy", "CostLine").objects.all().delete()
        (self.media / "programmes" / "2026" / "program.pdf").unlink()
        (self.media / "stray.txt").write_text("x")
        self.assertNotEqual(snapshot(), before)
        call_command("restore", str(target), "--yes", stdout=StringIO())
        self.assertEqual(snapshot(), before)
        self.assertEqual(files(self.media), before_files)

    def test_a_damaged_backup_is_refused_before_anything_changes(self):
        target = Path(tempfile.mkdtemp()) / "backup"
        call_command("backup", str(target), stdout=StringIO())
        database = next(p for p in target.iterdir() if p.name.startswith("database."))
        database.write_bytes(database.read_bytes()[:-10])
        Organisation.objects.filter(key="region-03").update(name="Ändrat efter backupen")
        with self.assertRaises(CommandError) as caught:
            call_command("restore", str(target), "--yes", stdout=StringIO())
        self.assertIn("is missing or not what was backed up", str(caught.exception))
        self.assertEqual(Organisation.objects.get(key="region-03").name, "Ändrat efter backupen")

    def test_a_backup_never_overwrites_an_earlier_one(self):
        target = Path(tempfile.mkdtemp()) / "backup"
        call_command("backup", str(target), stdout=StringIO())
        with self.assertRaises(CommandError):
            call_command("backup", str(target), stdout=StringIO())
