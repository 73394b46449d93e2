from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from rus.accounts import access
from rus.lib.forms import FormInvalid
from rus.organisations import services
from rus.organisations.forms import ContactForm, DeleteForm, OrganisationProfileForm
from rus.organisations.models import Applicability, Contact, Organisation

CONTACTS = Contact.objects.select_related("organisation")

router = Router(tags=["organisations"])


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


class ContactOut(Schema):
    id: int
    organisation: int
    name: str
    email: str
    phone: str
    role: str
    version: int

    @staticmethod
    def resolve_organisation(obj: Contact) -> int:
        return obj.organisation_id


class ContactIn(Schema):
    name: str
    email: str
    phone: str = ""
    role: str = Contact.Role.OTHER
    version: int | None = None


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
@paginate
def list_organisations(request: HttpRequest, kind: Organisation.Kind | None = None) -> QuerySet:
    """Public profiles of the organisations taking part (see ``access.public_organisations``)."""
    qs = access.public_organisations()
    return qs.filter(kind=kind) if kind else qs


@router.get("/organisations/{int:pk}", response=OrganisationOut, auth=None)
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


@router.get("/organisations/{int:pk}/contacts", response=list[ContactOut], auth=django_auth)
def list_contacts(request: HttpRequest, pk: int) -> QuerySet[Contact]:
    organisation = access.get_organisation(request.user, pk)
    return organisation.contacts.all()


@router.post("/organisations/{int:pk}/contacts", response={201: ContactOut}, auth=django_auth)
def create_contact(request: HttpRequest, pk: int, body: ContactIn) -> Status[Contact]:
    organisation = access.get_organisation(request.user, pk, write=True)
    data = _valid(ContactForm(body.dict(), organisation=organisation))
    return Status(201, services.contact_create(organisation=organisation, data=data))


@router.get("/contacts/{int:pk}", response=ContactOut, auth=django_auth)
def get_contact(request: HttpRequest, pk: int) -> Contact:
    return access.get_owned(request.user, CONTACTS, pk)


@router.put("/contacts/{int:pk}", response=ContactOut, auth=django_auth)
def update_contact(request: HttpRequest, pk: int, body: ContactIn) -> Contact:
    contact = access.get_owned(request.user, CONTACTS, pk, write=True)
    form = ContactForm(
        body.dict(), instance=Contact.objects.get(pk=pk), organisation=contact.organisation
    )
    data = _valid(form)
    return services.contact_update(contact=contact, data=data, expected_version=data["version"])


@router.delete("/contacts/{int:pk}", response={204: None}, auth=django_auth)
def delete_contact(request: HttpRequest, pk: int, version: int) -> Status[None]:
    contact = access.get_owned(request.user, CONTACTS, pk, write=True)
    data = _valid(DeleteForm({"version": version}))
    services.contact_delete(contact=contact, expected_version=data["version"])
    return Status(204, None)


@router.get("/applicability", response=list[ApplicabilityOut], auth=None)
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
