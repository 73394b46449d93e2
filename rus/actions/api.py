from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from rus.actions import selectors
from rus.actions.models import Measure

router = Router(tags=["action programmes"])


class MeasureOut(Schema):
    id: int
    county: str
    programme: str
    code: str
    title: str
    description: str
    lead: str
    lead_kind: str
    sector: str
    objectives: list[int]
    starts: int | None
    ends: int | None
    status: str
    good_example: bool

    @staticmethod
    def resolve_county(obj: Measure) -> str:
        return obj.programme.organisation.area.code

    @staticmethod
    def resolve_programme(obj: Measure) -> str:
        return obj.programme.title

    @staticmethod
    def resolve_lead(obj: Measure) -> str:
        return obj.lead.name

    @staticmethod
    def resolve_lead_kind(obj: Measure) -> str:
        return obj.lead.kind

    @staticmethod
    def resolve_sector(obj: Measure) -> str:
        return obj.sector.key if obj.sector else ""

    @staticmethod
    def resolve_objectives(obj: Measure) -> list[int]:
        return [g.number for g in obj.goals.all() if g.number]


@router.get("/measures", response=list[MeasureOut], auth=None)
@paginate
def list_measures(
    request: HttpRequest,
    county: str = "",
    objective: int | None = None,
    sector: str = "",
    status: str = "",
    good_example: bool = False,
) -> QuerySet[Measure]:
    """The measures of the counties' adopted action programmes, with the status their
    leading actors last reported (published)."""
    params = {
        "lan": county,
        "mal": objective or "",
        "sektor": sector,
        "status": status,
        "goda": "1" if good_example else "",
    }
    return selectors.search(params, staff=False)
