from datetime import date
from typing import Any

from rus.followup import services
from rus.goals.models import Framework, Goal
from rus.organisations.models import Applicability, Organisation
from rus.test import BaseTestCase

# An assessment with everything a submit requires.
COMPLETE = {
    "reached": "nara",
    "trend": "positiv",
    "summary": "Halterna minskar.",
    "justification": "Mätningar 2025.",
}


def create_followup_cast(t: Any) -> None:
    """Two objectives that Uppsala and Skåne assess, and Levande skogar that Skogsstyrelsen
    assesses for both; ``t`` already holds the cast of rus.test."""
    framework = Framework.objects.create(code="miljomal", name_sv="Sveriges miljömål")
    t.clean_air = Goal.objects.create(
        framework=framework,
        code="2",
        kind="objective",
        number=2,
        sort_order=2,
        name_sv="Frisk luft",
        name_en="Clean Air",
    )
    t.groundwater = Goal.objects.create(
        framework=framework,
        code="9",
        kind="objective",
        number=9,
        sort_order=9,
        name_sv="Grundvatten av god kvalitet",
    )
    t.forests = Goal.objects.create(
        framework=framework,
        code="12",
        kind="objective",
        number=12,
        sort_order=12,
        name_sv="Levande skogar",
    )
    t.forest_agency = Organisation.objects.create(
        key="skogsstyrelsen", kind="skogsstyrelsen", name="Skogsstyrelsen", area=t.rus.area
    )
    for org, county in ((t.uppsala, t.uppsala_county), (t.skane, t.skane_county)):
        Applicability.objects.create(organisation=org, area=county, goal=t.clean_air)
        Applicability.objects.create(organisation=org, area=county, goal=t.groundwater)
        Applicability.objects.create(organisation=t.forest_agency, area=county, goal=t.forests)


class FollowUpTestCase(BaseTestCase):
    """The cast plus two objectives that Uppsala and Skåne assess, and Levande skogar that
    Skogsstyrelsen assesses for both."""

    clean_air: Goal
    forests: Goal
    groundwater: Goal
    forest_agency: Organisation

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        create_followup_cast(cls)

    def open_round(self, year: int = 2026, **kwargs):
        return services.round_open(
            year=year, user=self.alice, deadline=date(year, 11, 30), **kwargs
        )


def mark_published(rnd, when=None) -> None:
    """Make every assessment of ``rnd`` public as it stands, as publishing does, for
    fixtures that set judgements directly."""
    from django.db.models import F
    from django.utils import timezone

    from rus.followup.models import FollowUpRound

    when = when or timezone.now()
    rnd.assessments.update(
        state="published",
        published_version=F("version"),
        published_at=when,
        first_published_at=when,
    )
    rnd.state = FollowUpRound.State.PUBLISHED
    rnd.published_at = when
    rnd.save()
