from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from rus.areas.models import Area
from rus.lib.caching import public_page

router = Router(tags=["areas"])


class AreaOut(Schema):
    code: str
    level: str
    name: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj: Area) -> str | None:
        return obj.parent.code if obj.parent else None


@router.get("/areas", response=list[AreaOut], auth=None, summary="Sweden, counties, municipalities")
@decorate_view(public_page)
@paginate
def list_areas(
    request: HttpRequest, level: Area.Level | None = None, parent: str | None = None
) -> QuerySet[Area]:
    qs = Area.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    return qs
