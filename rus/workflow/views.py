"""The page of a reviewable record, shared by every part that is reviewed: one handler for
save, submit, approve, return, reopen and comment, with the same rules and messages."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.lib.textdiff import diff_words
from rus.lib.versioned import merge, model_values
from rus.workflow import services
from rus.workflow.forms import CommentForm, ReopenForm, ReviewForm
from rus.workflow.models import Comment, Reviewable, State, Version, field_label

EDIT_ACTIONS = ("save", "submit")
REVIEW_ACTIONS = ("approve", "return", "reopen")
DONE = {
    "save": _("Saved."),
    "submit": _("Submitted for review."),
    "approve": _("Approved."),
    "return": _("Returned, with your comment; the organisation has been told by mail."),
    "reopen": _("Reopened for correction. The published version stays public meanwhile."),
    "comment": _("The comment was added."),
}


@dataclass
class Handlers:
    """How a part saves its record: ``save(data, version)`` and ``submit(data, version)``
    (one atomic save-and-submit), given the edit form's cleaned data."""

    save: Callable[[dict[str, Any], int], object]
    submit: Callable[[dict[str, Any], int], object]


def review_context(request: HttpRequest, item: Reviewable) -> dict[str, Any]:
    user = request.user
    actions = services.allowed_actions(user, item)
    returned = (
        services.latest_comment(item, Comment.Kind.RETURNED, Comment.Kind.REOPENED)
        if item.state in (State.RETURNED, State.DRAFT)
        else None
    )
    return {
        "item": item,
        "actions": actions,
        "review_actions": [a for a in actions if a in REVIEW_ACTIONS],
        "can_edit": services.can_edit(user, item),
        "can_comment": services.can_comment(user, item),
        "comments": services.comments(item).filter(parent__isnull=True),
        "return_comment": returned,
    }


def handle(
    request: HttpRequest,
    item: Reviewable,
    form: forms.BaseForm,
    handlers: Handlers,
) -> tuple[HttpResponse | None, dict[str, Any]]:
    """Carry out a POSTed action on ``item``. Returns a redirect when it is done, else the
    context to render the page with (forms carrying their errors)."""
    user = access.acting_user(request.user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    review = ReviewForm(
        request.POST if action in REVIEW_ACTIONS else None, initial={"version": item.version}
    )
    comment = CommentForm(request.POST if action == "comment" else None, item=item)
    ctx: dict[str, Any] = {"form": form, "review": review, "comment_form": comment}
    if not action:
        return None, ctx
    try:
        if action in EDIT_ACTIONS:
            if not services.can_edit(user, item):
                raise PermissionDenied
            if not form.is_valid():
                return None, ctx
            data = dict(form.cleaned_data)
            version = data.pop("version")
            (handlers.submit if action == "submit" else handlers.save)(data, version)
        elif action in REVIEW_ACTIONS:
            if action not in services.allowed_actions(user, item):
                raise PermissionDenied
            if not review.is_valid():
                return None, ctx
            services.transition(
                item=item,
                action=action,
                expected_version=review.cleaned_data["version"],
                user=user,
                comment=review.cleaned_data["comment"],
            )
        elif action == "comment":
            if not services.can_comment(user, item):
                raise PermissionDenied
            if not comment.is_valid():
                return None, ctx
            services.comment_add(
                item=item,
                author=user,
                text=comment.cleaned_data["text"],
                parent=comment.cleaned_data["parent"],
            )
        else:
            raise PermissionDenied
    except ValidationError as exc:
        target = review if action in REVIEW_ACTIONS else comment if action == "comment" else form
        if getattr(exc, "code", None) == "conflict" and target is form:
            stored = type(item)._default_manager.get(pk=item.pk)
            values = model_values(stored, form)
            values.update(getattr(form, "stored_extra", lambda s: {})(stored))
            ctx["form"] = merge(form, values, stored.version, exc).form
            ctx["saved"] = stored
        else:
            target.add_error(None, exc)
        return None, ctx
    messages.success(request, DONE[action])
    return redirect(request.path), ctx


def history(request: HttpRequest, item: Reviewable, template: str, **extra: Any) -> HttpResponse:
    """Every version of a record, and the difference between any two of them."""
    versions = list(services.versions(item).order_by("number"))
    numbers = [v.number for v in versions]
    chosen = _chosen(request, numbers)
    diff = None
    if chosen:
        older, newer = (next(v for v in versions if v.number == n) for n in chosen)
        diff = field_diffs(type(item), older, newer)
    ctx = {"item": item, "versions": versions, "chosen": chosen, "diff": diff, **extra}
    return render(request, template, ctx)


def _chosen(request: HttpRequest, numbers: list[int]) -> tuple[int, int] | None:
    try:
        a, b = int(request.GET.get("fran", "")), int(request.GET.get("till", ""))
    except ValueError:
        if len(numbers) < 2:
            return None
        a, b = numbers[-2], numbers[-1]
    if a not in numbers or b not in numbers or a == b:
        return None
    return (min(a, b), max(a, b))


def field_diffs(model: type[Reviewable], older: Version, newer: Version) -> list[dict[str, Any]]:
    """Per content field, the words added and removed between two versions."""
    result = []
    names = list(model.CONTENT_FIELDS) + list(model.M2M_FIELDS)
    for name in names:
        before, after = older.data.get(name, ""), newer.data.get(name, "")
        if isinstance(before, list) or isinstance(after, list):
            before, after = ", ".join(before or []), ", ".join(after or [])
        before, after = _display_value(model, name, before), _display_value(model, name, after)
        if before != after:
            result.append(
                {
                    "label": field_label(model, name),
                    "parts": diff_words(str(before), str(after)),
                }
            )
    return result


def _display_value(model: type[Reviewable], name: str, value: Any) -> Any:
    field = model._meta.get_field(name)
    choices = dict(getattr(field, "choices", None) or [])
    return str(choices.get(value, value)) if choices and value else value


def publish_page(
    request: HttpRequest,
    rnd: Any,
    form: forms.Form,
    publish: Callable[[dict[str, Any]], str],
    *,
    template: str,
    back: str,
    context: dict[str, Any],
    allowed: bool | None = None,
) -> HttpResponse:
    """A round's publication: what will and will not be published, then a confirmation.
    ``publish(cleaned_data)`` publishes and returns the message to show; a refusal ("early":
    before the deadline without a reason) is shown at the reason. RUS's administrators
    publish unless the part says who may (``allowed``: a county board publishes its own
    programme's year)."""
    if allowed is None:
        access.require_administrator(request.user)
    elif not allowed:
        raise PermissionDenied("Not yours to publish")
    if rnd.state != "open":
        messages.info(request, _("The round is already published."))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            message = publish(form.cleaned_data)
        except ValidationError as exc:
            form.add_error("reason" if exc.code == "early" else None, exc)
        else:
            messages.success(request, message)
            return redirect(back)
    return render(request, template, {"round": rnd, "form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def reopen_round(
    request: HttpRequest, *, model: type[Any], lookup: str, template: str, back: str, **kwargs: Any
) -> HttpResponse:
    """Reopen a published round for corrections, with a reason (any part's round: the URL
    names the model, how the round is looked up, and where to go back to)."""
    access.require_administrator(request.user)
    rnd = get_object_or_404(model, **{lookup: kwargs[lookup]})
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_round(rnd=rnd, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "The round is open for corrections. Open a published item and choose "
                    "“Reopen for correction” to correct it."
                ),
            )
            return redirect(back, **{lookup: kwargs[lookup]})
    return render(request, template, {"round": rnd, "form": form})
