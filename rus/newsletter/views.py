from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rus.accounts import access
from rus.contacts import selectors as contacts
from rus.lib import richtext
from rus.lib.caching import public_page
from rus.lib.versioned import save_versioned, stored_record
from rus.newsletter import selectors, services
from rus.newsletter.forms import BlockForm, IssueForm, ScheduleForm, VersionForm
from rus.newsletter.models import Block, Issue
from rus.outbox.models import Delivery

# --- public ------------------------------------------------------------------------------


@public_page
def archive(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/archive.html", {"issues": selectors.published()})


@public_page
def issue(request: HttpRequest, number: int) -> HttpResponse:
    """The web version of a sent issue: exactly what was mailed."""
    found = get_object_or_404(Issue, number=number)
    if found.state != Issue.State.SENT:
        raise Http404("Not sent yet")
    return render(
        request,
        "newsletter/issue.html",
        {"issue": found, "content": richtext.for_page(found.sent_html)},
    )


def image(request: HttpRequest, pk: int) -> FileResponse:
    """A block's image, for the mail and the web version: public once the issue is sent."""
    block = get_object_or_404(Block.objects.select_related("issue"), pk=pk)
    if not block.image or (
        block.issue.state != Issue.State.SENT and not access.is_administrator(request.user)
    ):
        raise Http404("No image")
    response = FileResponse(block.image.open("rb"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- writing (RUS's administrators) ------------------------------------------------------


def _issue(request: HttpRequest, pk: int) -> Issue:
    access.require_administrator(request.user)
    return get_object_or_404(Issue, pk=pk)


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    issues = Issue.objects.select_related("message").order_by("-number")
    return render(request, "newsletter/manage.html", {"issues": issues})


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = services.issue_create(data=form.cleaned_data, user=access.acting_user(request.user))
        messages.success(request, _("The issue was created. Add its blocks below."))
        return redirect("newsletter:edit", pk=new.pk)
    from rus.contacts.models import ContactList

    if not request.POST:
        form = IssueForm(
            initial={
                "title": _("Nytt från RUS %(date)s")
                % {"date": timezone.localdate().strftime("%-d/%-m %Y")},
                "lists": list(ContactList.objects.filter(key="nytt-fran-rus")),
                "contact_name": request.user.get_full_name(),  # type: ignore[union-attr]
                "contact_email": getattr(request.user, "email", ""),
            }
        )
    return render(request, "newsletter/issue_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _issue(request, pk)
    if not found.editable:
        return redirect("newsletter:sent", pk=pk)
    if request.method == "POST":
        form = IssueForm(request.POST, instance=Issue.objects.get(pk=pk))
        ok, form = save_versioned(
            form,
            lambda data: services.issue_update(
                issue=found, data=data, expected_version=data["version"]
            ),
            stored_record(Issue, pk, form),
        )
        if ok:
            messages.success(request, _("The issue was saved."))
            return redirect("newsletter:edit", pk=pk)
    else:
        form = IssueForm(instance=found, initial={"version": found.version})
    found.refresh_from_db()
    lists = list(found.lists.all())
    ctx = {
        "issue": found,
        "form": form,
        "blocks": list(found.blocks.all()),
        "kinds": Block.Kind.choices,
        "version_form": VersionForm(initial={"version": found.version}),
        "recipient_count": len({c.email.lower() for cl in lists for c in contacts.members(cl)}),
    }
    return render(request, "newsletter/edit.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def block_edit(request: HttpRequest, pk: int, block_pk: int | None = None) -> HttpResponse:
    found = _issue(request, pk)
    if not found.editable:
        return redirect("newsletter:sent", pk=pk)
    block = get_object_or_404(Block, pk=block_pk, issue=found) if block_pk else None
    kind = block.kind if block else request.GET.get("typ", request.POST.get("typ", ""))
    if kind not in Block.Kind.values:
        raise Http404("No such kind of block")
    if request.method == "POST":
        form = BlockForm(request.POST, request.FILES, instance=block or Block(kind=kind), kind=kind)
        ok, form = save_versioned(
            form,
            lambda data: services.block_save(
                issue=found, block=block, kind=kind, data=data, expected_version=data["version"]
            ),
            stored_record(
                Block, block_pk, form, version_of=lambda _b: Issue.objects.get(pk=pk).version
            ),
        )
        if ok:
            messages.success(request, _("The block was saved."))
            return redirect(_edit_url(found) + "#blocks")
    else:
        form = BlockForm(
            instance=block or Block(kind=kind), kind=kind, initial={"version": found.version}
        )
    ctx = {
        "issue": found,
        "block": block,
        "kind": kind,
        "kind_label": Block.Kind(kind).label,
        "form": form,
    }
    return render(request, "newsletter/block_form.html", ctx)


def _edit_url(issue: Issue) -> str:
    from django.urls import reverse

    return reverse("newsletter:edit", args=[issue.pk])


@login_required
@require_POST
def block_action(request: HttpRequest, pk: int, block_pk: int) -> HttpResponse:
    """Move a block up or down, or remove it (buttons on the issue page)."""
    found = _issue(request, pk)
    block = get_object_or_404(Block, pk=block_pk, issue=found)
    form = VersionForm(request.POST)
    action = request.POST.get("action", "")
    if form.is_valid():
        version = form.cleaned_data["version"]
        try:
            if action == "up":
                services.block_move(issue=found, block=block, step=-1, expected_version=version)
            elif action == "down":
                services.block_move(issue=found, block=block, step=1, expected_version=version)
            elif action == "delete":
                services.block_delete(issue=found, block=block, expected_version=version)
                messages.success(request, _("The block was removed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(_edit_url(found) + "#blocks")


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The mail's content as the web version shows it, and its plain-text part. (The
    site's Content Security Policy refuses the mail's inline styles; a test send shows the
    mail as a mail program does.)"""
    found = _issue(request, pk)
    html, text = services.render(found)
    ctx = {"issue": found, "html": richtext.for_page(html), "text": text}
    return render(request, "newsletter/preview.html", ctx)


@login_required
@require_POST
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    found = _issue(request, pk)
    user = access.acting_user(request.user)
    try:
        services.send_test(issue=found, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("A test was queued to %(email)s; it arrives within a minute.")
            % {"email": user.email},
        )
    return redirect("newsletter:edit", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send now or at a time, after seeing who will get it."""
    found = _issue(request, pk)
    if found.state == Issue.State.SENT:
        return redirect("newsletter:sent", pk=pk)
    form = ScheduleForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if form.cleaned_data["version"] != Issue.objects.get(pk=pk).version:
                raise ValidationError(services.conflict_message())
            if action == "now":
                services.issue_send(issue=found, user=access.acting_user(request.user))
                messages.success(request, _("The issue is on its way."))
                return redirect("newsletter:sent", pk=pk)
            if action == "schedule":
                when = form.cleaned_data["send_at"]
                if when is None:
                    raise ValidationError(_("Give the time to send at."))
                services.schedule(
                    issue=found, when=when, expected_version=form.cleaned_data["version"]
                )
                messages.success(request, _("The issue will be sent at the time given."))
                return redirect("newsletter:edit", pk=pk)
            if action == "unschedule":
                services.unschedule(issue=found, expected_version=form.cleaned_data["version"])
                messages.success(request, _("The issue will not be sent; it is a draft again."))
                return redirect("newsletter:edit", pk=pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    lists = list(found.lists.all())
    per_list = [(cl, contacts.members(cl).count()) for cl in lists]
    addresses = len({c.email.lower() for cl in lists for c in contacts.members(cl)})
    ctx = {
        "issue": found,
        "form": form,
        "per_list": per_list,
        "addresses": addresses,
        "blocks": found.blocks.count(),
    }
    return render(request, "newsletter/send.html", ctx)


@login_required
def sent(request: HttpRequest, pk: int) -> HttpResponse:
    """A sent issue from the sender's side: how its delivery goes."""
    found = _issue(request, pk)
    if found.state != Issue.State.SENT:
        return redirect("newsletter:edit", pk=pk)
    counts = dict.fromkeys(Delivery.State.values, 0)
    if found.message is not None:
        for state in found.message.deliveries.values_list("state", flat=True):
            counts[state] += 1
    counts["pending"] = counts["queued"] + counts["sending"]
    return render(request, "newsletter/sent.html", {"issue": found, "counts": counts})
