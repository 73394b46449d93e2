from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.lib.versioned import save_versioned, stored_record
from rus.organisations import services
from rus.organisations.forms import OrganisationProfileForm
from rus.organisations.models import Organisation


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
        "contacts": organisation.contacts.prefetch_related("roles") if members else [],
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
            stored_record(Organisation, pk, form),
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
