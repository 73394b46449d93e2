from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.security import django_auth

from rus.accounts import access
from rus.lib.caching import public_page
from rus.lib.choices import api_enum
from rus.lib.forms import FormInvalid
from rus.organisations import services
from rus.organisations.forms import OrganisationProfileForm
from rus.organisations.models import Applicability, Organisation

router = Router(tags=["organisations"])

if TYPE_CHECKING:
    OrganisationKind = Organisation.Kind
else:
    OrganisationKind = api_enum("OrganisationKind", Organisation.Kind)


class OrganisationOut(Schema):
    id: int
    key: str
    kind: str
    name: str
    area: str
    website: str
    email: str
    description: str
    version: int

    @staticmethod
    def resolve_area(obj: Organisation) -> str:
        return obj.area.code


class ProfileIn(Schema):
    website: str = ""
    email: str = ""
    description: str = ""
    version: int


class ApplicabilityOut(Schema):
    organisation: str
    area: str
    goal: str
    framework: str

    @staticmethod
    def resolve_organisation(obj: Applicability) -> str:
        return obj.organisation.key

    @staticmethod
    def resolve_area(obj: Applicability) -> str:
        return obj.area.code

    @staticmethod
    def resolve_goal(obj: Applicability) -> str:
        return obj.goal.code

    @staticmethod
    def resolve_framework(obj: Applicability) -> str:
        return obj.goal.framework.code


def _valid(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalid(form.errors)
    return dict(form.cleaned_data)


@router.get("/organisations", response=list[OrganisationOut], auth=None)
@decorate_view(public_page)
@paginate
def list_organisations(request: HttpRequest, kind: OrganisationKind | None = None) -> QuerySet:
    """Public profiles of the organisations taking part (see ``access.public_organisations``)."""
    qs = access.public_organisations()
    return qs.filter(kind=kind.value) if kind else qs


@router.get("/organisations/{int:pk}", response=OrganisationOut, auth=None)
@decorate_view(public_page)
def get_organisation(request: HttpRequest, pk: int) -> Organisation:
    return access.get_public_organisation(pk)


@router.put("/organisations/{int:pk}", response=OrganisationOut, auth=django_auth)
def update_organisation(request: HttpRequest, pk: int, body: ProfileIn) -> Organisation:
    organisation = access.get_organisation(request.user, pk, write=True)
    form = OrganisationProfileForm(body.dict(), instance=Organisation.objects.get(pk=pk))
    data = _valid(form)
    return services.organisation_update_profile(
        organisation=organisation, data=data, expected_version=data["version"]
    )


@router.get("/applicability", response=list[ApplicabilityOut], auth=None)
@decorate_view(public_page)
@paginate
def list_applicability(
    request: HttpRequest,
    organisation: str | None = None,
    area: str | None = None,
    framework: str | None = None,
) -> QuerySet[Applicability]:
    qs = Applicability.objects.filter(active=True).select_related(
        "organisation", "area", "goal__framework"
    )
    if organisation:
        qs = qs.filter(organisation__key=organisation)
    if area:
        qs = qs.filter(area__code=area)
    if framework:
        qs = qs.filter(goal__framework__code=framework)
    return qs
