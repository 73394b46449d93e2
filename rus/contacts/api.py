from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from rus.accounts import access
from rus.contacts import services
from rus.contacts.forms import ContactForm, DeleteForm
from rus.contacts.models import Contact, Role
from rus.lib.forms import FormInvalid

CONTACTS = Contact.objects.select_related("organisation").prefetch_related("roles")

router = Router(tags=["contacts"])
ROLE = "miljomalssamordnare"


class ContactOut(Schema):
    id: int
    organisation: int
    name: str
    email: str
    phone: str
    language: str
    roles: list[str]
    legal_basis: str
    version: int

    @staticmethod
    def resolve_organisation(obj: Contact) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_roles(obj: Contact) -> list[str]:
        return [r.key for r in obj.roles.all()]


class ContactIn(Schema):
    # The bounds only document what the contact form accepts: the form alone decides (422
    # naming each field), so nothing is checked twice.

    name: str = Field(json_schema_extra={"minLength": 1, "maxLength": 200})
    email: str = Field(json_schema_extra={"format": "email", "maxLength": 254})
    phone: str = Field("", json_schema_extra={"maxLength": 40})
    language: str = Field("sv", json_schema_extra={"enum": list(Contact.Language.values)})
    roles: list[str] = Field(
        description="Role keys, e.g. miljomalssamordnare.",
        json_schema_extra={"minItems": 1, "examples": [[ROLE]]},
    )
    legal_basis: str = Field(
        Contact.LegalBasis.PUBLIC_TASK,
        json_schema_extra={"enum": list(Contact.LegalBasis.values)},
    )
    note: str = Field("", json_schema_extra={"maxLength": 300})


class ContactUpdate(ContactIn):
    """A change names the version it was made against (409 if someone saved in between)."""

    version: int


def _form_data(body: ContactIn) -> dict[str, Any]:
    """The API names roles by key; the form takes ids. An unknown key is passed on as it
    is, so that the form reports it with every other problem of the body."""
    data = body.dict()
    ids = dict(Role.objects.values_list("key", "pk"))
    data["roles"] = [ids.get(key, key) for key in data.pop("roles")]
    return data


def _valid(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalid(form.errors)
    return dict(form.cleaned_data)


@router.get("/contacts", response=list[ContactOut], auth=django_auth)
@paginate
def list_all_contacts(request: HttpRequest) -> QuerySet[Contact]:
    """The contacts the user may see: their own organisations', or all for RUS."""
    return CONTACTS.filter(organisation__in=access.visible_organisations(request.user))


@router.get("/organisations/{int:pk}/contacts", response=list[ContactOut], auth=django_auth)
def list_contacts(request: HttpRequest, pk: int) -> QuerySet[Contact]:
    organisation = access.get_organisation(request.user, pk)
    return CONTACTS.filter(organisation=organisation)


@router.post("/organisations/{int:pk}/contacts", response={201: ContactOut}, auth=django_auth)
def create_contact(request: HttpRequest, pk: int, body: ContactIn) -> Status[Contact]:
    organisation = access.get_organisation(request.user, pk, write=True)
    data = _valid(ContactForm(_form_data(body), organisation=organisation))
    return Status(201, services.contact_create(organisation=organisation, data=data))


@router.get("/contacts/{int:pk}", response=ContactOut, auth=django_auth)
def get_contact(request: HttpRequest, pk: int) -> Contact:
    return access.get_owned(request.user, CONTACTS, pk)


@router.put("/contacts/{int:pk}", response=ContactOut, auth=django_auth)
def update_contact(request: HttpRequest, pk: int, body: ContactUpdate) -> Contact:
    contact = access.get_owned(request.user, CONTACTS, pk, write=True)
    form = ContactForm(
        _form_data(body), instance=Contact.objects.get(pk=pk), organisation=contact.organisation
    )
    data = _valid(form)
    return services.contact_update(contact=contact, data=data, expected_version=data["version"])


@router.delete("/contacts/{int:pk}", response={204: None}, auth=django_auth)
def delete_contact(request: HttpRequest, pk: int, version: int) -> Status[None]:
    contact = access.get_owned(request.user, CONTACTS, pk, write=True)
    data = _valid(DeleteForm({"version": version}))
    services.contact_delete(contact=contact, expected_version=data["version"])
    return Status(204, None)
