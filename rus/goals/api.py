from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from rus.goals.models import Goal
from rus.lib.caching import public_page
from rus.lib.choices import api_enum

router = Router(tags=["goals"])

if TYPE_CHECKING:
    GoalKind = Goal.Kind
else:
    GoalKind = api_enum("GoalKind", Goal.Kind)


class GoalOut(Schema):
    id: int
    framework: str
    code: str
    kind: str
    number: int | None
    parent: str | None
    name_sv: str
    name_en: str

    @staticmethod
    def resolve_framework(obj: Goal) -> str:
        return obj.framework.code

    @staticmethod
    def resolve_parent(obj: Goal) -> str | None:
        return obj.parent.code if obj.parent else None


@router.get("/goals", response=list[GoalOut], auth=None, summary="Goals of every framework")
@decorate_view(public_page)
@paginate
def list_goals(
    request: HttpRequest, framework: str | None = None, kind: GoalKind | None = None
) -> QuerySet[Goal]:
    qs = Goal.objects.select_related("framework", "parent")
    if framework:
        qs = qs.filter(framework__code=framework)
    if kind:
        qs = qs.filter(kind=kind.value)
    return qs
