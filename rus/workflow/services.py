"""Changes to reviewable records. Every part that is reviewed comes through here, so that
states, versions, comments and mail behave the same everywhere.

Each function is atomic: the record, its version, its comment and the mail it causes are
stored together or not at all.
"""

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rus.accounts import access
from rus.accounts.models import User
from rus.lib.caching import bump_data_version
from rus.lib.concurrency import claim_or_refuse
from rus.workflow.models import EDITABLE_STATES, Comment, Reviewable, ReviewRound, State, Version

CONFLICT_MESSAGE = _(
    "Someone else saved this while you were editing. Nothing of yours has been lost: your "
    "text is still in the form, next to what they saved."
)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    # Who may take it: "editor" (the record's organisation), "reviewer" or "administrator".
    actor: str
    comment_kind: str | None = None
    comment_required: bool = False
    # Whether the round or window the record belongs to must still take changes.
    needs_open: bool = True


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", EDITABLE_STATES, State.SUBMITTED, "editor"),
        Transition(
            "approve", (State.SUBMITTED,), State.APPROVED, "reviewer", Comment.Kind.APPROVED
        ),
        Transition(
            "return",
            (State.SUBMITTED, State.APPROVED),
            State.RETURNED,
            "reviewer",
            Comment.Kind.RETURNED,
            comment_required=True,
        ),
        Transition(
            "reopen",
            (State.PUBLISHED,),
            State.DRAFT,
            "editor",
            Comment.Kind.REOPENED,
            comment_required=True,
        ),
    )
}


def may(user: access.AnyUser, item: Reviewable, actor: str) -> bool:
    if actor == "editor":
        return access.can_edit_item(user, item)
    if actor == "reviewer":
        return access.can_review_item(user, item)
    return access.is_administrator(user)


def allowed_actions(user: access.AnyUser, item: Reviewable) -> list[str]:
    """The transitions this user may take on this record now."""
    is_open = item.workflow_is_open()
    return [
        t.action
        for t in TRANSITIONS.values()
        if item.state in t.sources and (is_open or not t.needs_open) and may(user, item, t.actor)
    ]


def can_edit(user: access.AnyUser, item: Reviewable) -> bool:
    return item.editable and access.can_edit_item(user, item)


def can_comment(user: access.AnyUser, item: Reviewable) -> bool:
    return access.can_edit_item(user, item) or access.can_review_item(user, item)


def _content_type(item: Reviewable) -> ContentType:
    return ContentType.objects.get_for_model(type(item))


def record_version(item: Reviewable, user: User | None, note: str = "") -> Version:
    return Version.objects.create(
        content_type=_content_type(item),
        object_id=item.pk,
        number=item.version,
        data=item.snapshot(),
        state=item.state,
        saved_by=user,
        note=note[:500],
    )


def record_first_versions(items: Sequence[Reviewable], user: User | None) -> None:
    """Version 1 of records created in bulk (when a round opens), so that the first edit
    has a base to compare with."""
    if not items:
        return
    content_type = _content_type(items[0])
    Version.objects.bulk_create(
        Version(
            content_type=content_type,
            object_id=item.pk,
            number=item.version,
            data=item.snapshot(),
            state=item.state,
            saved_by=user,
        )
        for item in items
    )


def versions(item: Reviewable) -> Any:
    return Version.objects.filter(
        content_type=_content_type(item), object_id=item.pk
    ).select_related("saved_by")


def version(item: Reviewable, number: int) -> Version | None:
    return versions(item).filter(number=number).first()


def comments(item: Reviewable) -> Any:
    return (
        Comment.objects.filter(content_type=_content_type(item), object_id=item.pk)
        .select_related("author")
        .prefetch_related("replies__author")
    )


def latest_comment(item: Reviewable, *kinds: str) -> Comment | None:
    qs = Comment.objects.filter(content_type=_content_type(item), object_id=item.pk)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.select_related("author").order_by("-created_at", "-pk").first()


def _claim(item: Reviewable, expected_version: int) -> None:
    claim_or_refuse(item, expected_version, CONFLICT_MESSAGE)


def _check_editable(item: Reviewable) -> None:
    if not item.editable:
        raise ValidationError(_("This can no longer be changed."), code="state")


def _store(item: Reviewable, data: dict[str, Any], user: User | None, note: str = "") -> None:
    changed = item.apply(data)
    item.save(update_fields=[*changed, "version", "updated_at"])
    item.apply_related(data)
    record_version(item, user, note)


@transaction.atomic
def save(
    *,
    item: Reviewable,
    data: dict[str, Any],
    expected_version: int,
    user: User | None,
    note: str = "",
) -> Reviewable:
    """Store a change of content; refused if someone saved in between (code "conflict").
    ``user`` is None for someone without an account (a personal link); ``note`` says who."""
    _check_editable(item)
    _claim(item, expected_version)
    _store(item, data, user, note)
    return item


def _check_complete(item: Reviewable, data: dict[str, Any]) -> None:
    probe = copy.copy(item)
    probe.apply(data)
    problems = probe.submit_problems()
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def save_and_submit(
    *,
    item: Reviewable,
    data: dict[str, Any],
    expected_version: int,
    user: User | None,
    note: str = "",
) -> Reviewable:
    """Store the change and submit it, or, if the result would be incomplete, nothing."""
    _check_editable(item)
    _check_complete(item, data)
    _claim(item, expected_version)
    _store(item, data, user, note)
    # The version claimed above is held by this transaction; the move is the next one.
    item.version += 1
    _move(item, TRANSITIONS["submit"], user, "", note)
    return item


def _move(
    item: Reviewable, transition: Transition, user: User | None, comment: str, note: str = ""
) -> None:
    item.state = transition.target
    item.save(update_fields=["state", "version", "updated_at"])
    record_version(item, user, note)
    if transition.comment_kind and comment.strip():
        Comment.objects.create(
            content_type=_content_type(item),
            object_id=item.pk,
            author=user,
            kind=transition.comment_kind,
            text=comment.strip(),
        )
    from rus.workflow import notifications

    notifications.transition_taken(item, transition.action, user, comment.strip())


@transaction.atomic
def transition(
    *,
    item: Reviewable,
    action: str,
    expected_version: int,
    user: User | None,
    comment: str = "",
    note: str = "",
) -> Reviewable:
    t = TRANSITIONS.get(action)
    if t is None:
        raise ValidationError(_("Unknown action."), code="action")
    if item.state not in t.sources or (t.needs_open and not item.workflow_is_open()):
        raise ValidationError(
            _("It is %(state)s and cannot be moved that way.")
            % {"state": item.get_state_display().lower()},
            code="state",
        )
    if t.comment_required and not comment.strip():
        raise ValidationError(_("Say why in the comment."), code="comment")
    if action == "submit":
        _check_complete(item, {})
    _claim(item, expected_version)
    _move(item, t, user, comment, note)
    return item


def comment_add(
    *, item: Reviewable, author: User, text: str, parent: Comment | None = None
) -> Comment:
    if not text.strip():
        raise ValidationError(_("The comment is empty."), code="empty")
    if parent is not None and (
        parent.content_type_id != _content_type(item).pk or parent.object_id != item.pk
    ):
        raise ValidationError(_("You can only reply to a comment on the same item."), code="parent")
    return Comment.objects.create(
        content_type=_content_type(item),
        object_id=item.pk,
        author=author,
        text=text.strip(),
        parent=parent,
    )


def publish_round(
    *,
    rnd: ReviewRound,
    user: User,
    reason: str = "",
    today: date | None = None,
    before: Callable[[Any, list[Reviewable]], None] | None = None,
) -> tuple[Any, int]:
    """Publish a round: every approved record of it becomes public (new ones and
    corrections); the round is then closed. Before its deadline only with a reason.

    ``before(round, records)`` does what the part must do first with the approved records
    (store values, refuse an empty round …). Call inside the part's transaction; the locked
    round is returned with the number published."""
    locked = type(rnd)._default_manager.select_for_update().get(pk=rnd.pk)
    if locked.state != ReviewRound.State.OPEN:
        raise ValidationError(_("The round is already published."), code="state")
    today = today or timezone.localdate()
    if today <= locked.deadline and not reason.strip():
        raise ValidationError(
            _("The deadline is %(deadline)s. To publish before it, say why.")
            % {"deadline": locked.deadline.isoformat()},
            code="early",
        )
    items = list(locked.items().filter(state=State.APPROVED))
    if before is not None:
        before(locked, items)
    count = publish(items=items, user=user)
    locked.state = ReviewRound.State.PUBLISHED
    if locked.published_at is None:
        locked.published_at = timezone.now()
    if reason.strip():
        locked.publish_reason = reason.strip()
    locked.save(update_fields=["state", "published_at", "publish_reason"])
    bump_data_version()
    rnd.refresh_from_db()
    return locked, count


@transaction.atomic
def reopen_round(*, rnd: ReviewRound, reason: str) -> ReviewRound:
    """Open a published round again for corrections. What is published stays public until
    its corrections are approved and the round is published again."""
    if not reason.strip():
        raise ValidationError(_("Say why the round is reopened."), code="reason")
    rnd.check_reopenable()
    locked = type(rnd)._default_manager.select_for_update().get(pk=rnd.pk)
    if locked.state != ReviewRound.State.PUBLISHED:
        raise ValidationError(_("Only a published round can be reopened."), code="state")
    locked.state = ReviewRound.State.OPEN
    locked.reopened_at = timezone.now()
    locked.reopen_reason = reason.strip()
    locked.save(update_fields=["state", "reopened_at", "reopen_reason"])
    bump_data_version()
    rnd.refresh_from_db()
    return rnd


def publish(*, items: Iterable[Reviewable], user: User) -> int:
    """Make approved records public; call inside the transaction that publishes their round.
    A record published before is thereby corrected, and says so."""
    now = timezone.now()
    count = 0
    for item in items:
        if item.state != State.APPROVED:
            continue
        item.state = State.PUBLISHED
        item.version += 1
        item.published_version = item.version
        item.published_at = now
        if item.first_published_at is None:
            item.first_published_at = now
        item.save(
            update_fields=[
                "state",
                "version",
                "updated_at",
                "published_version",
                "published_at",
                "first_published_at",
            ]
        )
        record_version(item, user)
        count += 1
    return count


def published_content(items: Sequence[Reviewable]) -> dict[int, dict[str, Any]]:
    """For records under correction, the content the public saw last, by record id."""
    pending = [i for i in items if i.under_correction]
    if not pending:
        return {}
    content_type = _content_type(pending[0])
    wanted = {(i.pk, i.published_version) for i in pending}
    rows = Version.objects.filter(
        content_type=content_type, object_id__in=[i.pk for i in pending]
    ).values_list("object_id", "number", "data")
    return {pk: data for pk, number, data in rows if (pk, number) in wanted}
