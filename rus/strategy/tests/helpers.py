"""A region with a strategy, for the strategy tests."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.test import TestCase

from rus.accounts.models import Membership, User
from rus.areas.models import Area
from rus.organisations.models import Organisation
from rus.strategy import services
from rus.strategy.models import Project, Strategy
from rus.test import create_cast, make_user

# The example project of the issue: four cost categories and three financiers over two years.
COSTS = {
    "Egen personal": {2022: 1_200_000, 2023: 1_500_000},
    "Externa tjänster": {2022: 800_000, 2023: 950_000},
    "Resor och logi": {2022: 150_000, 2023: 180_000},
    "Indirekta kostnader": {2022: 240_000, 2023: 300_000},
}
FINANCING = {
    "Egna bidragsmedel": {2022: 1_003_800, 2023: 996_200},
    "Egen budget": {2022: 1_286_200, 2023: 1_783_800},
    "Deltagaravgifter": {2022: 100_000, 2023: 150_000},
}


def half_up_percent(percent: int, amount: int) -> int:
    """percent % of amount, rounded half up to whole kronor, in integers only."""
    return (percent * amount * 2 + 100) // 200


def create_region(t: Any) -> None:
    create_cast(t)
    t.region = Organisation.objects.create(
        key="region-03", kind=Organisation.Kind.REGION, name="Region Uppsala", area=t.uppsala_county
    )
    t.rebecka = make_user("rebecka", t.region, Membership.Role.COORDINATOR)
    t.strategy = services.strategy_save(
        strategy=None,
        organisation=t.region,
        data={
            "title": "Uppsalastrategin",
            "vision": "Ett hållbart län.",
            "starts": 2021,
            "ends": 2030,
        },
    )


def create_project(strategy: Strategy) -> Project:
    """Kompetenslyft, 2022–2023, 42 % grant up to 2 000 000 kr."""
    return services.project_save(
        project=None,
        strategy=strategy,
        data={
            "slug": "kompetenslyft",
            "title": "Kompetenslyft",
            "owner": "Region Uppsala",
            "starts": date(2022, 2, 1),
            "ends": date(2023, 12, 31),
            "grant_percent": Decimal(42),
            "grant_cap": 2_000_000,
        },
    )


class RegionTestCase(TestCase):
    """The cast, Region Uppsala with its coordinator Rebecka, and its strategy."""

    region: Organisation
    rebecka: User
    strategy: Strategy
    uppsala: Organisation
    skane: Organisation
    uppsala_county: Area

    def setUp(self) -> None:
        create_region(self)
