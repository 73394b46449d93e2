import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from rus.accounts import access
from rus.contacts import selectors, services
from rus.contacts.forms import (
    ContactForm,
    ContactListForm,
    DeleteForm,
    EraseForm,
    ImportForm,
    PersonForm,
    RuleFormSet,
)
from rus.contacts.models import Contact, ContactList, Role, Unsubscription
from rus.lib import links
from rus.lib.downloads import table_response
from rus.lib.tabular import SourceError, read_table
from rus.lib.versioned import save_versioned, stored_record
from rus.organisations.models import Organisation

CONTACTS = Contact.objects.select_related("organisation")


def _writable(user: Any) -> list[Any]:
    return [
        o for o in access.visible_organisations(user) if access.can_change_organisation(user, o)
    ]


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    """The contacts a user keeps: their own organisation's, or every one for RUS."""
    new = request.GET.get("ny", "")
    if new.isdigit():
        # The "add a contact at …" chooser, without JavaScript.
        return redirect("contacts:create", pk=int(new))
    organisations = access.visible_organisations(request.user).order_by("kind", "name")
    contacts = (
        Contact.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .prefetch_related("roles")
        .order_by("organisation__name", "name")
    )
    chosen = request.GET.get("organisation", "")
    if chosen.isdigit():
        contacts = contacts.filter(organisation_id=int(chosen))
    role = request.GET.get("roll", "")
    if role:
        contacts = contacts.filter(roles__key=role)
    q = request.GET.get("q", "").strip()
    if q:
        contacts = contacts.filter(
            Q(name__icontains=q) | Q(email__icontains=q) | Q(organisation__name__icontains=q)
        )
    national = access.has_national_view(request.user)
    writable = _writable(request.user)
    ctx = {
        "contacts": contacts[:1000],
        "count": contacts.count(),
        "organisations": organisations if national else list(organisations),
        "chosen": chosen,
        "roles": Role.objects.all(),
        "role": role,
        "q": q,
        "national": national,
        "administrator": access.is_administrator(request.user),
        "writable": writable,
        "writable_ids": {o.pk for o in writable},
    }
    return render(request, "contacts/contact_list.html", ctx)


@login_required
def contact_download(request: HttpRequest) -> HttpResponse:
    organisations = access.visible_organisations(request.user)
    contacts = (
        Contact.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .prefetch_related("roles")
        .order_by("organisation__name", "name")
    )
    header = [
        _("organisation"),
        _("name"),
        _("e-mail"),
        _("phone"),
        _("roles"),
        _("language"),
        _("legal basis"),
    ]
    rows = (
        [
            c.organisation.key,
            c.name,
            c.email,
            c.phone,
            "; ".join(r.name_sv for r in c.roles.all()),
            c.language,
            c.legal_basis,
        ]
        for c in contacts
    )
    return table_response("kontakter", _("Contacts"), header, rows, kind="excel-csv")


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation(request.user, pk, write=True)
    form = ContactForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(organisation=organisation, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(request, _("The contact was added."))
            return redirect(_back(request, organisation))
    ctx = {"organisation": organisation, "form": form, "back": _back(request, organisation)}
    return render(request, "contacts/contact_form.html", ctx)


def _back(request: HttpRequest, organisation: Any) -> str:
    from django.urls import reverse

    return reverse("contacts:list") + f"?organisation={organisation.pk}"


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
            stored_record(Contact, pk, form),
        )
        if ok:
            messages.success(request, _("The contact was saved."))
            return redirect(_back(request, organisation))
    else:
        form = ContactForm(
            instance=contact, organisation=organisation, initial={"version": contact.version}
        )
    ctx = {
        "organisation": organisation,
        "contact": contact,
        "form": form,
        "back": _back(request, organisation),
        "lists": selectors.lists_of(contact),
        "national": access.has_national_view(request.user),
    }
    return render(request, "contacts/contact_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_owned(request.user, CONTACTS, pk, write=True)
    organisation = contact.organisation
    form = DeleteForm(request.POST or None, initial={"version": contact.version})
    if request.method == "POST":
        if not Contact.objects.filter(pk=pk).exists():
            messages.info(request, _("The contact had already been removed."))
            return redirect(_back(request, organisation))
        ok, form = save_versioned(
            form,
            lambda data: services.contact_delete(contact=contact, expected_version=data["version"]),
            stored_record(Contact, pk, form),
        )
        if ok:
            messages.success(request, _("The contact was removed."))
            return redirect(_back(request, organisation))
    ctx = {"organisation": organisation, "contact": contact, "form": form}
    return render(request, "contacts/contact_confirm_delete.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def contact_import(request: HttpRequest) -> HttpResponse:
    writable = _writable(request.user)
    if not writable:
        raise PermissionDenied("Read-only access")
    ids = [o.pk for o in writable]
    organisations = access.visible_organisations(request.user).filter(pk__in=ids).order_by("name")
    initial = {"organisation": writable[0].pk} if len(writable) == 1 else {}
    form = ImportForm(
        request.POST or None, request.FILES or None, organisations=organisations, initial=initial
    )
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name)
            report = services.import_contacts(
                table,
                organisations=organisations,
                default_organisation=form.cleaned_data["organisation"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except SourceError as exc:
            report = services.ImportReport(problems=[str(p) for p in exc.problems])
        if report and not report.problems and not report.dry_run:
            messages.success(
                request,
                _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("contacts:list")
    ctx = {
        "form": form,
        "report": report,
        "roles": Role.objects.all(),
        "headings": services.HEADINGS,
    }
    return render(request, "contacts/contact_import.html", ctx)


# --- lists -------------------------------------------------------------------------------


def _require_national(request: HttpRequest) -> None:
    if not access.has_national_view(request.user):
        raise PermissionDenied("RUS only")


@login_required
def list_index(request: HttpRequest) -> HttpResponse:
    _require_national(request)
    lists = list(ContactList.objects.annotate(left=Count("unsubscribed")))
    for cl in lists:
        cl.member_count = selectors.members(cl).count()  # type: ignore[attr-defined]
    ctx = {"lists": lists, "administrator": access.is_administrator(request.user)}
    return render(request, "contacts/list_index.html", ctx)


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_national(request)
    contact_list = get_object_or_404(ContactList, pk=pk)
    members = list(selectors.members(contact_list))
    if request.GET.get("format") == "csv":
        header = [_("organisation"), _("name"), _("e-mail"), _("roles")]
        rows = (
            [c.organisation.name, c.name, c.email, "; ".join(r.name for r in c.roles.all())]
            for c in members
        )
        return table_response(
            f"lista-{contact_list.key}", contact_list.name, header, rows, "excel-csv"
        )
    rules = contact_list.rules.prefetch_related("roles", "areas")
    ctx = {
        "contact_list": contact_list,
        "members": members,
        "addresses": len({c.email.lower() for c in members}),
        "rules": rules,
        "unsubscribed": contact_list.unsubscribed.order_by("-created_at")
        if access.is_administrator(request.user)
        else [],
        "administrator": access.is_administrator(request.user),
        "kinds": Organisation.Kind.choices,
    }
    return render(request, "contacts/list_detail.html", ctx)


def _rule_initial(contact_list: ContactList) -> list[dict[str, Any]]:
    return [
        {
            "roles": list(r.roles.all()),
            "organisation_kinds": r.organisation_kinds,
            "areas": list(r.areas.all()),
        }
        for r in contact_list.rules.prefetch_related("roles", "areas")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def list_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.require_administrator(request.user)
    contact_list = get_object_or_404(ContactList, pk=pk) if pk else None
    if request.method == "POST":
        form = ContactListForm(request.POST, instance=contact_list or ContactList())
        rules = RuleFormSet(request.POST, prefix="rules")
        if form.is_valid() and rules.is_valid():
            kept = [r for r in rules.cleaned_data if r and not r.get("delete")]
            try:
                saved = services.list_save(
                    contact_list=contact_list,
                    data=form.cleaned_data,
                    rules=kept,
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The list was saved."))
                if "add_rule" in request.POST:
                    # Without JavaScript: the form comes back with a new empty rule.
                    return redirect("contacts:list_edit", pk=saved.pk)
                return redirect("contacts:list_detail", pk=saved.pk)
    else:
        form = ContactListForm(
            instance=contact_list or ContactList(kind=ContactList.Kind.OPTIONAL),
            initial={"version": contact_list.version} if contact_list else {},
        )
        rules = RuleFormSet(
            initial=_rule_initial(contact_list) if contact_list else [], prefix="rules"
        )
    ctx = {"form": form, "rules": rules, "contact_list": contact_list}
    return render(request, "contacts/list_form.html", ctx)


# --- personal data -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest) -> HttpResponse:
    """A GDPR request: what rus holds on a person, its export, and erasure. The address is
    posted, never put in the page address, so it stays out of server logs."""
    access.require_administrator(request.user)
    form = PersonForm(request.POST or None)
    data = None
    erase = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        data = selectors.person_data(email)
        if request.POST.get("action") == "export":
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2, default=str),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="personuppgifter.json"'
            return response
        erase = EraseForm(initial={"email": email})
    ctx = {"form": form, "data": data, "erase": erase}
    return render(request, "contacts/person.html", ctx)


@login_required
@require_POST
def person_erase(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = EraseForm(request.POST)
    if not form.is_valid():
        data = selectors.person_data(request.POST.get("email", ""))
        ctx = {
            "form": PersonForm(initial={"email": request.POST.get("email", "")}),
            "data": data,
            "erase": form,
        }
        return render(request, "contacts/person.html", ctx, status=400)
    erasure = services.erase_person(
        email=form.cleaned_data["email"], user=access.acting_user(request.user)
    )
    total = sum(erasure.counts.values())
    messages.success(
        request,
        _("The person's data was erased (%(rows)d records changed or removed).") % {"rows": total},
    )
    return redirect("contacts:person")


# --- unsubscription (no login; the link is the key) ---------------------------------------


def _unsubscribe_link(token: str) -> tuple[links.Link | None, links.LinkProblem | None]:
    try:
        return links.read(token, services.UNSUBSCRIBE), None
    except links.LinkProblem as problem:
        return None, problem


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link checkers in mail systems open links); POST unsubscribes. A mail
    program's one-click POST (RFC 8058) carries no session and no CSRF token: the signed
    link is what authorises it."""
    link, problem = _unsubscribe_link(token)
    what = _("unsubscribe from a mailing list")
    if problem is not None:
        return links.problem_page(
            request, problem, what=what, ask=_("Reply to the newsletter and we will take you off.")
        )
    assert link is not None
    contact = Contact.objects.filter(pk=link.subject.partition(":")[2] or 0).first()
    lists = list(ContactList.objects.filter(pk__in=link.data.get("lists", [])))
    if contact is None:
        return render(request, "contacts/unsubscribe.html", {"gone": True})
    ctx: dict[str, Any] = {"contact": contact, "lists": lists, "token": token}
    if request.method == "POST":
        if request.POST.get("action") == "undo":
            for cl in lists:
                services.resubscribe(contact_list=cl, email=contact.email)
            ctx["undone"] = True
            return render(request, "contacts/unsubscribe.html", ctx)
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.unsubscribe(
            contact_lists=lists,
            email=contact.email,
            via=Unsubscription.Via.ONE_CLICK if one_click else Unsubscription.Via.LINK,
        )
        ctx["done"] = True
    ctx["service_lists"] = [cl for cl in lists if not cl.optional]
    ctx["left"] = set(
        Unsubscription.objects.filter(
            email=contact.email.lower(), contact_list__in=lists
        ).values_list("contact_list_id", flat=True)
    )
    return render(request, "contacts/unsubscribe.html", ctx)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/privacy.html")
