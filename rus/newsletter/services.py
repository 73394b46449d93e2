"""Writing, testing, scheduling and sending newsletter issues. Every mail goes through the
outbox; an issue is sent once (the outbox refuses a second message with the same cause)."""

import logging
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rus.accounts.models import User
from rus.contacts import selectors as contacts
from rus.contacts.models import Contact, ContactList
from rus.contacts.services import unsubscribe_token
from rus.lib import richtext
from rus.lib.caching import bump_data_version
from rus.lib.concurrency import claim_or_refuse
from rus.lib.tasks import ensure_enqueued
from rus.newsletter.models import Block, Issue
from rus.outbox import services as outbox
from rus.outbox.models import Message

logger = logging.getLogger(__name__)

ISSUE_FIELDS = ("title", "intro", "contact_name", "contact_email")
BLOCK_FIELDS = (
    "title",
    "body",
    "url",
    "link_text",
    "starts_on",
    "ends_on",
    "place",
    "image",
    "alt",
)


def conflict_message() -> str:
    return _(
        "Someone else changed this issue while you were editing. Your change has not been "
        "saved. Compare with the saved version shown here, then save again."
    )


def _claim(issue: Issue, expected_version: int) -> None:
    if issue.state == Issue.State.SENT:
        raise ValidationError(_("The issue has been sent and can no longer be changed."))
    claim_or_refuse(issue, expected_version, conflict_message())
    issue.save(update_fields=["version", "updated_at"])


@transaction.atomic
def issue_create(*, data: dict[str, Any], user: User | None) -> Issue:
    number = (Issue.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    issue = Issue.objects.create(
        number=number, created_by=user, **{f: data[f] for f in ISSUE_FIELDS if f in data}
    )
    issue.lists.set(data.get("lists") or [])
    return issue


@transaction.atomic
def issue_update(*, issue: Issue, data: dict[str, Any], expected_version: int) -> Issue:
    _claim(issue, expected_version)
    for f in ISSUE_FIELDS:
        if f in data:
            setattr(issue, f, data[f])
    issue.save()
    if "lists" in data:
        issue.lists.set(data["lists"])
    return issue


@transaction.atomic
def block_save(
    *, issue: Issue, block: Block | None, kind: str, data: dict[str, Any], expected_version: int
) -> Block:
    _claim(issue, expected_version)
    if block is None:
        last = issue.blocks.aggregate(p=Max("position"))["p"]
        block = Block(issue=issue, kind=kind, position=0 if last is None else last + 1)
    for f in BLOCK_FIELDS:
        if f in data and data[f] is not None:
            setattr(block, f, data[f])
        elif f in data and f == "image" and data[f] is False:
            block.image = None
    block.save()
    return block


@transaction.atomic
def block_delete(*, issue: Issue, block: Block, expected_version: int) -> None:
    _claim(issue, expected_version)
    block.delete()


@transaction.atomic
def block_move(*, issue: Issue, block: Block, step: int, expected_version: int) -> None:
    """Move a block one place up (-1) or down (+1)."""
    _claim(issue, expected_version)
    blocks = list(issue.blocks.all())
    i = next(n for n, b in enumerate(blocks) if b.pk == block.pk)
    j = i + step
    if 0 <= j < len(blocks):
        blocks[i], blocks[j] = blocks[j], blocks[i]
    for position, b in enumerate(blocks):
        if b.position != position:
            Block.objects.filter(pk=b.pk).update(position=position)


# --- rendering ---------------------------------------------------------------------------


def contents(issue: Issue) -> list[str]:
    """The titles a reader scans first ("Detta tar nyhetsbrevet bland annat upp")."""
    return [
        b.title
        for b in issue.blocks.all()
        if b.title and b.kind not in (Block.Kind.HEADING, Block.Kind.IMAGE)
    ]


def render(issue: Issue, *, for_mail: bool = True) -> tuple[str, str]:
    """The issue's content as HTML (inline styles, for mail programs) and as plain text;
    links and images point at the site."""
    ctx = {
        "issue": issue,
        "blocks": list(issue.blocks.all()),
        "contents": contents(issue),
        "site_url": outbox.site_url(),
        "web_url": outbox.site_url(issue.get_absolute_url()),
        "for_mail": for_mail,
    }
    with translation.override("sv"):
        html = render_to_string("newsletter/_content.html", ctx)
    return html, richtext.to_text(html)


# --- sending -----------------------------------------------------------------------------


def recipients(issue: Issue) -> list[outbox.Recipient]:
    """One recipient per address on the issue's lists now, each with an unsubscribe link
    for the lists of this issue that the address is on."""
    lists = list(issue.lists.all())
    on: dict[str, tuple[Contact, list[ContactList]]] = {}
    for cl in lists:
        for contact in contacts.members(cl):
            address = contact.email.strip().lower()
            if address not in on:
                on[address] = (contact, [])
            on[address][1].append(cl)
    result = []
    for contact, its_lists in on.values():
        with translation.override(contact.language):
            path = reverse("contacts:unsubscribe", args=[unsubscribe_token(contact, its_lists)])
        result.append(
            outbox.Recipient(
                email=contact.email,
                name=contact.name,
                language=contact.language,
                person=contact.person,
                context={"unsubscribe_url": outbox.site_url(path)},
            )
        )
    return result


def _message_context(issue: Issue, html: str, text: str) -> dict[str, Any]:
    return {
        "title": issue.title,
        "html": html,
        "text": text,
        "web_url": outbox.site_url(issue.get_absolute_url()),
        "privacy_url": outbox.site_url(reverse("contacts:privacy")),
        "lists": [cl.name_sv for cl in issue.lists.all()],
        "contact_name": issue.contact_name,
        "contact_email": issue.contact_email,
    }


@transaction.atomic
def send_test(*, issue: Issue, user: User) -> Message | None:
    """The issue as it stands, to the user's own address, marked as a test."""
    if not user.email:
        raise ValidationError(_("Your account has no e-mail address to send the test to."))
    html, text = render(issue)
    context = {**_message_context(issue, html, text), "test": True}
    return outbox.queue(
        template="newsletter",
        recipients=[outbox.Recipient.for_user(user)],
        category=Message.Category.TEST,
        context=context,
        created_by=user,
    )


@transaction.atomic
def issue_send(*, issue: Issue, user: User | None) -> Message | None:
    """Send the issue now, to everyone on its lists now; all or nothing, and only once."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.state == Issue.State.SENT:
        return issue.message
    lists = list(issue.lists.all())
    if not lists:
        raise ValidationError(_("Choose at least one list to send the issue to."))
    if not issue.blocks.exists():
        raise ValidationError(_("The issue has no content yet."))
    to = recipients(issue)
    if not to:
        raise ValidationError(_("Nobody is on the chosen lists now; nothing was sent."))
    html, text = render(issue)
    message = outbox.queue(
        template="newsletter",
        recipients=to,
        category=Message.Category.NEWSLETTER,
        context=_message_context(issue, html, text),
        created_by=user,
        cause=f"newsletter.issue:{issue.pk}",
        audience=[f"list:{cl.pk}" for cl in lists],
    )
    web_html, _text = render(issue, for_mail=False)
    Issue.objects.filter(pk=issue.pk).update(
        state=Issue.State.SENT,
        sent_at=timezone.now(),
        sent_html=web_html,
        message=message,
        version=issue.version + 1,
    )
    bump_data_version()
    return message


@transaction.atomic
def schedule(*, issue: Issue, when: datetime, expected_version: int) -> Issue:
    if when <= timezone.now():
        raise ValidationError(_("Choose a time in the future, or send now."))
    if not issue.lists.exists():
        raise ValidationError(_("Choose at least one list to send the issue to."))
    _claim(issue, expected_version)
    issue.state = Issue.State.SCHEDULED
    issue.scheduled_at = when
    issue.save(update_fields=["state", "scheduled_at"])
    from rus.newsletter.tasks import send_scheduled

    ensure_enqueued(send_scheduled, run_after=when)
    return issue


@transaction.atomic
def unschedule(*, issue: Issue, expected_version: int) -> Issue:
    _claim(issue, expected_version)
    issue.state = Issue.State.DRAFT
    issue.scheduled_at = None
    issue.save(update_fields=["state", "scheduled_at"])
    return issue


def send_due() -> int:
    """Send the scheduled issues whose time has come (the worker runs this every minute)."""
    sent = 0
    due = Issue.objects.filter(state=Issue.State.SCHEDULED, scheduled_at__lte=timezone.now())
    for issue in due:
        try:
            issue_send(issue=issue, user=issue.created_by)
        except ValidationError:
            # Nobody on the lists any more: back to draft, where the editor sees why.
            logger.warning("scheduled newsletter %s had no recipients", issue.pk)
            Issue.objects.filter(pk=issue.pk).update(state=Issue.State.DRAFT, scheduled_at=None)
            continue
        sent += 1
    return sent
