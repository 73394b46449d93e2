"""A small but complete public site: published and unpublished follow-ups, indicator values
public and not, for the tests of the public pages."""

from typing import Any

from rus.areas.models import Area
from rus.followup import services as followup
from rus.followup.tests.helpers import create_followup_cast, mark_published
from rus.indicators import services as indicator_services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator, Observation
from rus.lib.tabular import read_table
from rus.test import create_cast

SECRET = "HEMLIGT-UTKAST"


def create_public_site(t: Any) -> None:
    create_cast(t)
    create_followup_cast(t)
    Area.objects.filter(code="03").update(shape="M500 -6000L520 -6000L520 -5980Z")
    Area.objects.filter(code="12").update(shape="M500 -5600L520 -5600L520 -5580Z")
    t.municipality = Area.objects.create(
        code="0380",
        level="municipality",
        name="Uppsala",
        parent=t.uppsala_county,
        shape="M505 -5995L510 -5995L510 -5990Z",
    )
    t.indicator = Indicator.objects.create(
        code="ghg",
        name_sv="Utsläpp av växthusgaser",
        name_en="Greenhouse gas emissions",
        unit="ton CO2-ekv",
        area_levels=["county", "municipality"],
    )
    t.indicator.goals.add(t.clean_air)
    text = (
        "kod,ar,sektor,varde\n03,2015,,100\n03,2020,,80\n12,2015,,200\n12,2020,,190\n"
        "0380,2020,,40\n03,2020,Transporter,30\n"
    )
    mapping = ColumnMapping(area="kod", period="ar", value="varde", dimensions={"sector": "sektor"})
    indicator_services.import_table(
        read_table(text.encode(), "x.csv"), mapping, indicator=t.indicator
    )
    hidden = "kod,ar,varde\n03,2021,77777\n"
    _plan, batch = indicator_services.import_table(
        read_table(hidden.encode(), "y.csv"),
        ColumnMapping(area="kod", period="ar", value="varde"),
        indicator=t.indicator,
    )
    Observation.objects.filter(batch=batch).update(is_public=False)
    published = followup.round_open(year=2025, user=t.alice)
    for a in published.assessments.all():
        a.reached, a.trend = "nej", "neutral"
        a.summary = f"Publicerad text om {a.goal.name_sv} i {a.area.name}."
        a.generational_goal = f"Bidrag till generationsmålet från {a.area.name}."
        a.save()
    published.national_summary = "Nationell sammanfattning 2025."
    mark_published(published)
    t.published_round = published
    draft = followup.round_open(year=2026, user=t.alice)
    a = draft.assessments.get(organisation=t.uppsala, goal=t.clean_air)
    followup.assessment_save(
        assessment=a,
        data={
            "reached": "ja",
            "trend": "positiv",
            "summary": SECRET,
            "justification": "Motivering.",
        },
        expected_version=a.version,
        user=t.cora,
    )
    t.draft_round = draft


PUBLIC_PAGES = [
    "/",
    "/mal/2/",
    "/lan/03/",
    "/indikatorer/",
    "/indikatorer/ghg/?omrade=03&omrade=12",
    "/indikatorer/ghg/?omrade=0380&karta=municipality",
    "/uppfoljning/",
    "/uppfoljning/2025/",
    "/uppfoljning/2025/lan/03/",
    "/oppna-data/",
    "/sok/?q=Frisk",
    "/tillganglighet/",
    "/logga-in/",
]
