"""Every mail rus sends: one message, one delivery per recipient, sent by the task worker."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One mail to one or more recipients, rendered for each from templates
    ``emails/<template>-subject.txt``, ``-body.txt`` and (optionally) ``-body.html``."""

    class Category(models.TextChoices):
        SERVICE = "service", _("Service message")
        REMINDER = "reminder", _("Reminder")
        INVITATION = "invitation", _("Invitation")
        CONFIRMATION = "confirmation", _("Confirmation")
        NEWSLETTER = "newsletter", _("Newsletter")
        TEST = "test", _("Test")

    # Unique across installations, for the Message-ID of its mails.
    token = models.UUIDField(_("token"), default=uuid.uuid4, editable=False, unique=True)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    # What caused the message, e.g. "followup.assessment:12:returned", so that a repeated
    # cause (a second click, a rerun of a reminder job) never sends twice.
    cause = models.CharField(_("cause"), max_length=200, blank=True)
    # The contact lists a message went to, as ",list:3,list:5,", so that leaving a list
    # cancels what is still queued to it.
    audience = models.CharField(_("audience"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["cause"], condition=~models.Q(cause=""), name="outbox_message_cause"
            )
        ]

    def __str__(self) -> str:
        return self.subject or self.template


class Delivery(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent")

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # NULL (not "") once the recipient has been erased: the delivery stays for the counts,
    # and NULLs do not collide in the unique (message, email) constraint.
    email = models.CharField(_("e-mail"), max_length=254, null=True, blank=True)  # noqa: DJ001
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, default="sv")
    # Who the recipient is in rus ("user:5", "contact:12"), so that erasure finds them.
    person = models.CharField(_("person"), max_length=40, blank=True, db_index=True)
    context = models.JSONField(_("personal context"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["message", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["message", "email"], name="outbox_delivery_unique")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.message} → {self.email}"
