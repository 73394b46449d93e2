from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.lib.versioned import model_values, save_versioned
from rus.organisations import services
from rus.organisations.forms import ContactForm, DeleteForm, OrganisationProfileForm
from rus.organisations.models import Contact, Organisation

CONTACTS = Contact.objects.select_related("organisation")


def _stored(model: type[Model], pk: int, form: forms.BaseForm) -> Any:
    """What is saved now, for the merge after a refused save (see ``rus.lib.versioned``)."""

    def read() -> tuple[dict[str, Any], int] | None:
        current = model._default_manager.filter(pk=pk).first()
        if current is None:
            return None
        return model_values(current, form), int(getattr(current, "version"))  # noqa: B009

    return read


def organisation_list(request: HttpRequest) -> HttpResponse:
    """Every organisation's public profile; a signed-in user's own organisations first."""
    organisations = access.public_organisations().order_by("kind", "name")
    kind = request.GET.get("typ", "")
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    own = (
        list(access.visible_organisations(request.user))
        if request.user.is_authenticated and not access.has_national_view(request.user)
        else []
    )
    ctx = {
        "organisations": organisations,
        "own": own,
        "kinds": Organisation.Kind.choices,
        "kind": kind,
    }
    return render(request, "organisations/organisation_list.html", ctx)


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_public_organisation(pk)
    members = access.can_view_organisation(request.user, organisation)
    ctx = {
        "organisation": organisation,
        "show_contacts": members,
        "contacts": organisation.contacts.all() if members else [],
        "can_change": access.can_change_organisation(request.user, organisation),
        "applicabilities": organisation.applicabilities.filter(active=True).select_related(
            "area", "goal"
        ),
    }
    return render(request, "organisations/organisation_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation(request.user, pk, write=True)
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST, instance=Organisation.objects.get(pk=pk))
        ok, form = save_versioned(
            form,
            lambda data: services.organisation_update_profile(
                organisation=organisation, data=data, expected_version=data["version"]
            ),
            _stored(Organisation, pk, form),
        )
        if ok:
            messages.success(request, _("The organisation's details were saved."))
            return redirect("organisations:detail", pk=pk)
    else:
        form = OrganisationProfileForm(
            instance=organisation, initial={"version": organisation.version}
        )
    ctx = {"organisation": organisation, "form": form}
    return render(request, "organisations/organisation_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation(request.user, pk, write=True)
    form = ContactForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.contact_create(organisation=organisation, data=form.cleaned_data)
        messages.success(request, _("The contact was added."))
        return redirect("organisations:detail", pk=pk)
    ctx = {"organisation": organisation, "form": form}
    return render(request, "organisations/contact_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_owned(request.user, CONTACTS, pk, write=True)
    organisation = contact.organisation
    if request.method == "POST":
        form = ContactForm(
            request.POST, instance=Contact.objects.get(pk=pk), organisation=organisation
        )
        ok, form = save_versioned(
            form,
            lambda data: services.contact_update(
                contact=contact, data=data, expected_version=data["version"]
            ),
            _stored(Contact, pk, form),
        )
        if ok:
            messages.success(request, _("The contact was saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    else:
        form = ContactForm(
            instance=contact, organisation=organisation, initial={"version": contact.version}
        )
    ctx = {"organisation": organisation, "contact": contact, "form": form}
    return render(request, "organisations/contact_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_owned(request.user, CONTACTS, pk, write=True)
    organisation = contact.organisation
    form = DeleteForm(request.POST or None, initial={"version": contact.version})
    if request.method == "POST":
        if not Contact.objects.filter(pk=pk).exists():
            messages.info(request, _("The contact had already been removed."))
            return redirect("organisations:detail", pk=organisation.pk)
        ok, form = save_versioned(
            form,
            lambda data: services.contact_delete(contact=contact, expected_version=data["version"]),
            _stored(Contact, pk, form),
        )
        if ok:
            messages.success(request, _("The contact was removed."))
            return redirect("organisations:detail", pk=organisation.pk)
    ctx = {"organisation": organisation, "contact": contact, "form": form}
    return render(request, "organisations/contact_confirm_delete.html", ctx)
