from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from rus.indicators.models import Indicator, Observation
from rus.lib.caching import public_page

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    unit: str
    dpsir: str
    direction: str
    source: str
    additive: bool
    kolada_id: str
    area_levels: list[str]
    goals: list[str]

    @staticmethod
    def resolve_goals(obj: Indicator) -> list[str]:
        return [f"{g.framework.code}:{g.code}" for g in obj.goals.all()]


class ObservationOut(Schema):
    indicator: str
    area: str
    period: str
    gender: str
    dimensions: str
    value: float | None
    status: str
    current: bool

    @staticmethod
    def resolve_indicator(obj: Observation) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_area(obj: Observation) -> str:
        return obj.area.code

    @staticmethod
    def resolve_status(obj: Observation) -> str:
        return obj.flag

    @staticmethod
    def resolve_current(obj: Observation) -> bool:
        return obj.is_current


@router.get("/indicators", response=list[IndicatorOut], auth=None)
@decorate_view(public_page)
@paginate
def list_indicators(request: HttpRequest) -> QuerySet[Indicator]:
    return Indicator.objects.prefetch_related("goals__framework").order_by("code")


@router.get("/indicators/{code}", response=IndicatorOut, auth=None)
@decorate_view(public_page)
def get_indicator(request: HttpRequest, code: str) -> Indicator:
    return get_object_or_404(Indicator.objects.prefetch_related("goals__framework"), code=code)


@router.get("/observations", response=list[ObservationOut], auth=None)
@decorate_view(public_page)
@paginate
def list_observations(
    request: HttpRequest,
    indicator: str,
    area: str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    gender: str | None = None,
    dimensions: str | None = None,
    history: bool = False,
) -> QuerySet[Observation]:
    """Published values in tidy long form; ``history=true`` adds earlier, revised values."""
    qs = Observation.objects.filter(indicator__code=indicator, is_public=True)
    if not history:
        qs = qs.filter(is_current=True)
    if area:
        qs = qs.filter(area__code__in=area.split(","))
    if from_year:
        qs = qs.filter(year__gte=from_year)
    if to_year:
        qs = qs.filter(year__lte=to_year)
    if gender:
        qs = qs.filter(gender=gender)
    if dimensions is not None:
        qs = qs.filter(dimensions=dimensions)
    return qs.select_related("indicator", "area").order_by(
        "area__code", "dimensions", "period", "pk"
    )
