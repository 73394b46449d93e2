from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.organisations import services
from rus.organisations.forms import ContactForm, DeleteForm, OrganisationProfileForm
from rus.organisations.models import Contact, Organisation

SavedValues = list[tuple[str, Any]]


def _saved_values(form: forms.BaseForm, current: Model) -> SavedValues:
    """The stored values of the form's visible fields, as the user sees them."""
    values = []
    for field in form.visible_fields():
        display = getattr(current, f"get_{field.name}_display", None)
        values.append((str(field.label), display() if display else getattr(current, field.name)))
    return values


def _save_versioned(
    form: forms.BaseForm, save: Callable[[dict[str, Any]], object], model: type[Model], pk: int
) -> tuple[bool, SavedValues | None]:
    """Validate and save; on an edit conflict keep the user's input and return the stored values.

    The form's version is moved to the stored one so that saving again is a deliberate
    overwrite of what the user has now seen.
    """
    if not form.is_valid():
        return False, None
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        current = model._default_manager.filter(pk=pk).first()
        if current is None:
            raise
        form.add_error(None, exc)
        form.data = {**form.data.dict(), "version": str(current.version)}  # type: ignore[attr-defined]
        return False, _saved_values(form, current)
    return True, None


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = access.visible_organisations(request.user)
    return render(request, "organisations/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation(request.user, pk)
    ctx = {
        "organisation": organisation,
        "contacts": organisation.contacts.all(),
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
    saved = None
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST, instance=Organisation.objects.get(pk=pk))
        ok, saved = _save_versioned(
            form,
            lambda data: services.organisation_update_profile(
                organisation=organisation, data=data, expected_version=data["version"]
            ),
            Organisation,
            pk,
        )
        if ok:
            messages.success(request, _("The organisation's details were saved."))
            return redirect("organisations:detail", pk=pk)
    else:
        form = OrganisationProfileForm(
            instance=organisation, initial={"version": organisation.version}
        )
    ctx = {"organisation": organisation, "form": form, "saved": saved}
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
    contact = access.get_contact(request.user, pk, write=True)
    organisation = contact.organisation
    saved = None
    if request.method == "POST":
        form = ContactForm(
            request.POST, instance=Contact.objects.get(pk=pk), organisation=organisation
        )
        ok, saved = _save_versioned(
            form,
            lambda data: services.contact_update(
                contact=contact, data=data, expected_version=data["version"]
            ),
            Contact,
            pk,
        )
        if ok:
            messages.success(request, _("The contact was saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    else:
        form = ContactForm(
            instance=contact, organisation=organisation, initial={"version": contact.version}
        )
    ctx = {"organisation": organisation, "contact": contact, "form": form, "saved": saved}
    return render(request, "organisations/contact_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_contact(request.user, pk, write=True)
    organisation = contact.organisation
    form = DeleteForm(request.POST or None, initial={"version": contact.version})
    if request.method == "POST":
        if not Contact.objects.filter(pk=pk).exists():
            messages.info(request, _("The contact had already been removed."))
            return redirect("organisations:detail", pk=organisation.pk)
        ok, _saved = _save_versioned(
            form,
            lambda data: services.contact_delete(contact=contact, expected_version=data["version"]),
            Contact,
            pk,
        )
        if ok:
            messages.success(request, _("The contact was removed."))
            return redirect("organisations:detail", pk=organisation.pk)
    ctx = {"organisation": organisation, "contact": contact, "form": form}
    return render(request, "organisations/contact_confirm_delete.html", ctx)
