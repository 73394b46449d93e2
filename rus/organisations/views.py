from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.organisations import services
from rus.organisations.forms import ContactForm, DeleteForm, OrganisationProfileForm
from rus.organisations.models import Contact, Organisation


def _conflict(
    form: ContactForm | OrganisationProfileForm | DeleteForm,
    exc: ValidationError,
    current: Organisation | Contact,
) -> None:
    """Keep the user's input, point the form at the stored version and explain."""
    form.add_error(None, exc)
    data = dict(form.data.items())
    data["version"] = str(current.version)
    form.data = data


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
    current = None
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST, instance=Organisation.objects.get(pk=pk))
        if form.is_valid():
            try:
                services.organisation_update_profile(
                    organisation=organisation,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as exc:
                current = get_object_or_404(Organisation, pk=pk)
                _conflict(form, exc, current)
            else:
                messages.success(request, _("The organisation's details were saved."))
                return redirect("organisations:detail", pk=pk)
    else:
        form = OrganisationProfileForm(
            instance=organisation, initial={"version": organisation.version}
        )
    ctx = {"organisation": organisation, "form": form, "current": current}
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
    current = None
    if request.method == "POST":
        form = ContactForm(
            request.POST, instance=Contact.objects.get(pk=pk), organisation=organisation
        )
        if form.is_valid():
            try:
                services.contact_update(
                    contact=contact,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as exc:
                current = get_object_or_404(Contact, pk=pk)
                _conflict(form, exc, current)
            else:
                messages.success(request, _("The contact was saved."))
                return redirect("organisations:detail", pk=organisation.pk)
    else:
        form = ContactForm(
            instance=contact, organisation=organisation, initial={"version": contact.version}
        )
    ctx = {"organisation": organisation, "contact": contact, "form": form, "current": current}
    return render(request, "organisations/contact_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_contact(request.user, pk, write=True)
    organisation = contact.organisation
    form = DeleteForm(request.POST or None, initial={"version": contact.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_delete(contact=contact, expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            still_there = Contact.objects.filter(pk=pk).first()
            if still_there is None:
                messages.info(request, _("The contact had already been removed."))
                return redirect("organisations:detail", pk=organisation.pk)
            _conflict(form, exc, still_there)
        else:
            messages.success(request, _("The contact was removed."))
            return redirect("organisations:detail", pk=organisation.pk)
    ctx = {"organisation": organisation, "contact": contact, "form": form}
    return render(request, "organisations/contact_confirm_delete.html", ctx)
