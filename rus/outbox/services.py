"""Queueing and sending mail. Every mail rus sends goes through ``queue``; the task worker
sends it with ``deliver_due``.

Sending is built to survive a killed worker: a delivery is claimed for a short lease before
it is sent and marked sent right after the server accepts it, so a restarted worker resends
only what was not yet accepted. Temporary refusals (4xx, a server that is down) are retried
with growing pauses; permanent refusals (5xx) are recorded with the server's words.
"""

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Min, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from rus.accounts.models import User
from rus.contacts import selectors as contact_selectors
from rus.contacts.models import Unsubscription
from rus.lib import personal
from rus.lib.tasks import ensure_enqueued
from rus.outbox.models import Delivery, Message

logger = logging.getLogger(__name__)


@dataclass
class Recipient:
    email: str
    name: str = ""
    language: str = "sv"
    person: str = ""
    context: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_user(cls, user: User, **context: Any) -> "Recipient":
        return cls(
            email=user.email,
            name=user.get_full_name() or user.get_username(),
            language=user.language,
            person=f"user:{user.pk}",
            context=context,
        )


def _settings_int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def queue(
    *,
    template: str,
    recipients: Iterable[Recipient],
    category: str,
    context: dict[str, Any] | None = None,
    created_by: User | None = None,
    send_after: datetime | None = None,
    cause: str = "",
    audience: Iterable[str] = (),
) -> Message | None:
    """Queue one message to every recipient (once per address); call inside the
    transaction of the change that causes it, so that both are stored or neither.

    A message with a ``cause`` already queued is not queued again: None is returned.
    Addresses erased at the person's request are skipped.
    """
    if cause and Message.objects.filter(cause=cause).exists():
        return None
    erased = contact_selectors.erased_digests()
    unique: dict[str, Recipient] = {}
    for r in recipients:
        address = r.email.strip()
        if erased and contact_selectors.digest(address) in erased:
            continue
        if address and address.lower() not in unique:
            unique[address.lower()] = Recipient(
                address, r.name, r.language or "sv", r.person, r.context
            )
    if not unique:
        return None
    context = context or {}
    first = next(iter(unique.values()))
    subject = _render(template, "subject", "sv", {**context, **first.context}).strip()
    message = Message.objects.create(
        template=template,
        context=context,
        category=category,
        subject=" ".join(subject.split())[:300],
        created_by=created_by,
        send_after=send_after or timezone.now(),
        cause=cause[:200],
        audience="," + ",".join(audience) + "," if audience else "",
    )
    Delivery.objects.bulk_create(
        Delivery(
            message=message,
            email=r.email,
            name=r.name[:200],
            language=r.language,
            person=r.person,
            context=r.context,
            next_attempt_at=message.send_after,
        )
        for r in unique.values()
    )
    kick(run_after=message.send_after)
    return message


def kick(*, run_after: datetime | None = None) -> None:
    """Make sure a sending task waits to run at ``run_after`` (or now)."""
    from rus.outbox.tasks import deliver

    ensure_enqueued(deliver, run_after=run_after)


# --- rendering ---------------------------------------------------------------------------


def _render(template: str, part: str, language: str, context: dict[str, Any]) -> str:
    with translation.override(language):
        return render_to_string(f"emails/{template}-{part}.txt", context)


def _render_html(template: str, language: str, context: dict[str, Any]) -> str | None:
    with translation.override(language):
        try:
            return render_to_string(f"emails/{template}-body.html", context)
        except TemplateDoesNotExist:
            return None


def site_url(path: str = "") -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_email(delivery: Delivery) -> EmailMultiAlternatives:
    message = delivery.message
    context = {
        **message.context,
        **delivery.context,
        "recipient_name": delivery.name,
        "site_url": site_url(),
    }
    subject = " ".join(_render(message.template, "subject", delivery.language, context).split())
    body = _render(message.template, "body", delivery.language, context)
    # The same for every attempt, so that a mail program that gets one twice shows it once.
    headers = {"Message-ID": f"<{message.token}.{delivery.pk}@{settings.EMAIL_DOMAIN}>"}
    unsubscribe = delivery.context.get("unsubscribe_url")
    if unsubscribe:
        # RFC 8058: mail programs offer one-click unsubscription with a POST to this URL.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    to = f"{delivery.name} <{delivery.email}>" if delivery.name else str(delivery.email)
    mail = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    html = _render_html(message.template, delivery.language, context)
    if html:
        mail.attach_alternative(html, "text/html")
    for attachment in delivery.context.get("attachments", []) + message.context.get(
        "attachments", []
    ):
        mail.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return mail


# --- sending -----------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _due(now: datetime) -> Q:
    return Q(state=Delivery.State.QUEUED, next_attempt_at__lte=now) | Q(
        state=Delivery.State.SENDING, claimed_until__lt=now
    )


def _claim(now: datetime) -> Delivery | None:
    """Take the next due delivery for this worker: a conditional update, so that of two
    workers exactly one gets it; a lease, so that a killed worker's delivery is taken up
    again once the lease has run out."""
    lease = timedelta(seconds=_settings_int("OUTBOX_LEASE_SECONDS", 120))
    candidates = (
        Delivery.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "state", "attempts")[:20]
    )
    for pk, state, attempts in candidates:
        won = Delivery.objects.filter(pk=pk, state=state, attempts=attempts).update(
            state=Delivery.State.SENDING, claimed_until=now + lease, attempts=attempts + 1
        )
        if won:
            return Delivery.objects.select_related("message").get(pk=pk)
    return None


def _retry_later(delivery: Delivery, reason: str, now: datetime) -> None:
    base = _settings_int("OUTBOX_RETRY_SECONDS", 60)
    limit = _settings_int("OUTBOX_MAX_ATTEMPTS", 8)
    if delivery.attempts >= limit:
        _fail(delivery, reason)
        return
    pause = timedelta(seconds=base * 2 ** (delivery.attempts - 1))
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
        state=Delivery.State.QUEUED,
        next_attempt_at=now + pause,
        claimed_until=None,
        last_error=reason[:2000],
    )


def _fail(delivery: Delivery, reason: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
        state=Delivery.State.FAILED, claimed_until=None, last_error=reason[:2000]
    )


def _refusal(exc: Exception) -> tuple[int | None, str]:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return code, f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    if isinstance(exc, smtplib.SMTPResponseException):
        raw: bytes | str = exc.smtp_error
        decoded = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        return exc.smtp_code, f"{exc.smtp_code} {decoded}"
    return None, f"{type(exc).__name__}: {exc}"


def deliver_due(*, limit: int | None = None) -> DeliveryReport:
    """Send what is due, one delivery at a time, until nothing is due or the server is
    unreachable; then make sure a task waits for the next retry."""
    report = DeliveryReport()
    connection = get_connection(fail_silently=False)
    try:
        while limit is None or report.sent + report.retrying + report.failed < limit:
            now = timezone.now()
            delivery = _claim(now)
            if delivery is None:
                break
            if delivery.message.send_after > now:
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=Delivery.State.QUEUED,
                    claimed_until=None,
                    next_attempt_at=delivery.message.send_after,
                    attempts=delivery.attempts - 1,
                )
                continue
            try:
                mail = build_email(delivery)
                mail.connection = connection
                mail.send()
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as exc:
                code, reason = _refusal(exc)
                if code is not None and 400 <= code < 500:
                    _retry_later(delivery, reason, now)
                    report.retrying += 1
                else:
                    _fail(delivery, reason)
                    report.failed += 1
                _reset(connection)
                continue
            except (OSError, smtplib.SMTPException) as exc:
                # The server is down or went away: try again later, and stop for now.
                _retry_later(delivery, _refusal(exc)[1], now)
                report.retrying += 1
                break
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
            )
            report.sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.debug("SMTP connection closed uncleanly", exc_info=True)
    _schedule_next()
    return report


def _reset(connection: Any) -> None:
    """After a refusal the SMTP session may be mid-transaction; start a fresh one."""
    try:
        connection.close()
    except Exception:
        logger.debug("SMTP connection closed uncleanly", exc_info=True)


def _schedule_next() -> None:
    pending = Delivery.objects.filter(
        state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]
    ).aggregate(queued=Min("next_attempt_at"), leased=Min("claimed_until"))
    times = [t for t in (pending["queued"], pending["leased"]) if t is not None]
    if times:
        with transaction.atomic():
            kick(run_after=min(times))


def cancel_for_lists(email: str, list_ids: list[int]) -> int:
    """Cancel queued mail to ``email`` sent to lists it has now left every one of."""
    left = set(
        Unsubscription.objects.filter(email=email.lower()).values_list("contact_list_id", flat=True)
    )
    condition = Q()
    for pk in list_ids:
        condition |= Q(message__audience__contains=f",list:{pk},")
    cancelled = 0
    queued = Delivery.objects.filter(
        condition, email__iexact=email, state=Delivery.State.QUEUED
    ).select_related("message")
    for delivery in queued:
        lists = {
            int(part[5:])
            for part in delivery.message.audience.strip(",").split(",")
            if part.startswith("list:")
        }
        if lists <= left:
            cancelled += Delivery.objects.filter(
                pk=delivery.pk, state=Delivery.State.QUEUED
            ).update(state=Delivery.State.CANCELLED, last_error="unsubscribed")
    return cancelled


def on_unsubscribed(sender: Any, *, email: str, list_ids: list[int], **kwargs: Any) -> None:
    cancel_for_lists(email, list_ids)


# --- personal data -----------------------------------------------------------------------


def _of_person(person: personal.Person) -> Any:
    return Delivery.objects.filter(Q(email__iexact=person.email) | Q(person__in=person.persons))


def export_person(person: personal.Person) -> list[dict[str, Any]]:
    return [
        {
            "subject": d.message.subject,
            "queued_at": d.message.created_at.isoformat(),
            "state": d.state,
            "sent_at": d.sent_at.isoformat() if d.sent_at else None,
        }
        for d in _of_person(person).select_related("message").order_by("message__created_at")
    ]


def erase_person(person: personal.Person) -> int:
    """Keep the deliveries (so that counts of sent mail hold) without address or name;
    what was still queued is not sent."""
    deliveries = _of_person(person)
    deliveries.filter(state=Delivery.State.QUEUED).update(state=Delivery.State.CANCELLED)
    return deliveries.update(email=None, name="", person="erased", context={}, last_error="")
