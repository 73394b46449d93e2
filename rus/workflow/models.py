"""The review workflow every reviewed part of rus shares: states, versions and comments.

A record written by an organisation and reviewed by someone else (an assessment, an
indicator update, an actor's report on a measure, a project's status report) inherits
``Reviewable``. Its changes go through ``rus.workflow.services``, which keeps every saved
state as a ``Version`` and every word exchanged as a ``Comment``.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


EDITABLE_STATES = (State.DRAFT, State.RETURNED)


def field_label(model: type[models.Model], name: str) -> str:
    """A model field's verbose name, capitalised, as forms and pages show it."""
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


class Reviewable(models.Model):
    """A record that its organisation writes and someone else reviews.

    Subclasses name their ``CONTENT_FIELDS`` (kept in every version), the fields that must
    be filled before submitting, and implement ``workflow_is_open`` (whether the round or
    window the record belongs to still takes changes) and ``workflow_organisation``.
    """

    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = ()
    # Many-to-many fields kept in versions, by the natural key of their items.
    M2M_FIELDS: ClassVar[dict[str, str]] = {}
    REQUIRED_FOR_SUBMIT: ClassVar[tuple[str, ...]] = ()

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    published_version = models.PositiveIntegerField(
        _("published version"),
        null=True,
        blank=True,
        help_text=_("The version the public sees; kept while a correction is under way."),
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    published_at = models.DateTimeField(_("last published"), null=True, blank=True)

    class Meta:
        abstract = True

    # --- hooks ---------------------------------------------------------------------------
    def workflow_is_open(self) -> bool:
        raise NotImplementedError

    @property
    def workflow_organisation(self) -> Any:
        raise NotImplementedError

    @property
    def review_organisation(self) -> Any:
        """The organisation whose coordinators review this record; None means RUS's
        reviewers (the national working group)."""
        return None

    def workflow_title(self) -> str:
        return str(self)

    def notification_recipients(self, action: str) -> list[Any] | None:
        """Whom mail about a transition goes to (outbox recipients, each with its own
        ``item_url`` in their context if they reach the record another way); None means the
        coordinators of ``workflow_organisation``."""
        return None

    def snapshot(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: getattr(self, f) for f in self.CONTENT_FIELDS}
        for name, key in self.M2M_FIELDS.items():
            data[name] = (
                sorted(str(v) for v in getattr(self, name).values_list(key, flat=True))
                if self.pk
                else []
            )
        return data

    def apply(self, data: dict[str, Any]) -> list[str]:
        """Set the content given in ``data``; return the names of the changed model fields.
        Many-to-many values are set after the row is saved, by ``apply_related``."""
        for name in self.CONTENT_FIELDS:
            if name in data:
                value = data[name]
                setattr(self, name, "" if value is None else value)
        return [f for f in self.CONTENT_FIELDS if f in data]

    def apply_related(self, data: dict[str, Any]) -> None:
        for name in self.M2M_FIELDS:
            if name in data:
                getattr(self, name).set(data[name])

    def submit_problems(self) -> list[ValidationError]:
        """What must be filled in before this record can be submitted (checked on the
        content as it would be after the change)."""
        missing = [f for f in self.REQUIRED_FOR_SUBMIT if not str(getattr(self, f) or "").strip()]
        return [
            ValidationError(
                _("“%(field)s” must be filled in before submitting."),
                code="incomplete",
                params={"field": field_label(type(self), f)},
            )
            for f in missing
        ]

    # --- derived ---------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return self.workflow_is_open() and self.state in EDITABLE_STATES

    @property
    def corrected(self) -> bool:
        return bool(
            self.first_published_at
            and self.published_at
            and self.published_at > self.first_published_at
        )

    @property
    def under_correction(self) -> bool:
        return self.published_version is not None and self.state != State.PUBLISHED


class ReviewRound(models.Model):
    """A round in which organisations write reviewable records by a deadline, and which an
    administrator publishes, and may reopen for corrections (a follow-up year, an indicator
    update round, a year of an action programme's enquiry …)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        PUBLISHED = "published", _("Published")

    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    publish_reason = models.TextField(_("reason for publishing before the deadline"), blank=True)
    reopened_at = models.DateTimeField(_("reopened for corrections"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        abstract = True

    @property
    def reopened(self) -> bool:
        return self.state == self.State.OPEN and self.reopened_at is not None

    def items(self) -> Any:
        """The round's reviewable records."""
        raise NotImplementedError

    def check_reopenable(self) -> None:
        """Raise ValidationError if this round cannot be reopened for corrections."""


class Version(models.Model):
    """One saved state of a reviewable record: its content, its state, who and when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="workflow_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} v{self.number}"


class Comment(models.Model):
    """A comment on a reviewable record: a reviewer's reason for returning it, a reply, a
    note on approval or on reopening for correction."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        REOPENED = "reopened", _("Reopened for correction")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["content_type", "object_id"], name="workflow_comment_item")]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
