"""Mail caused by a transition: the organisation's coordinators hear when their text is
returned, approved or reopened, with a link straight to it."""

from typing import Any

from rus.accounts.models import Membership, User
from rus.outbox import services as outbox
from rus.outbox.models import Message

MAILED = {
    "return": "workflow-returned",
    "approve": "workflow-approved",
    "reopen": "workflow-reopened",
}


def _recipients(item: Any) -> list[User]:
    organisation = item.workflow_organisation
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Membership.Role.COORDINATOR,
        )
        .exclude(email="")
        .distinct()
    )


def transition_taken(item: Any, action: str, user: User | None, comment: str) -> None:
    template = MAILED.get(action)
    if template is None:
        return
    item_url = outbox.site_url(item.get_absolute_url())
    # A record written through a personal link says to whom, and with which link, it goes.
    recipients = item.notification_recipients(action)
    if recipients is None:
        recipients = [outbox.Recipient.for_user(u) for u in _recipients(item) if u != user]
    outbox.queue(
        template=template,
        category=Message.Category.SERVICE,
        recipients=recipients,
        context={
            "title": item.workflow_title(),
            "organisation": item.workflow_organisation.name,
            "comment": comment,
            "by": (user.get_full_name() or user.get_username()) if user else "",
            "item_url": item_url,
            "start_url": outbox.site_url("/mina-uppgifter/"),
        },
        created_by=user,
        cause=f"{item._meta.label_lower}:{item.pk}:v{item.version}:{action}",
    )
