from datetime import date
from typing import Any

from rus.contacts.models import Contact, ContactList, Role
from rus.newsletter import services
from rus.newsletter.models import Block, Issue


def newsletter_list() -> ContactList:
    return ContactList.objects.get(key="nytt-fran-rus")


def add_contacts(organisation: Any, count: int, *, start: int = 0) -> list[Contact]:
    """``count`` county-board coordinators, on the newsletter list by its rules."""
    role = Role.objects.get(key="miljomalssamordnare")
    contacts = Contact.objects.bulk_create(
        Contact(organisation=organisation, name=f"Person {n}", email=f"p{n}@example.org")
        for n in range(start, start + count)
    )
    Contact.roles.through.objects.bulk_create(
        Contact.roles.through(contact_id=c.pk, role_id=role.pk) for c in contacts
    )
    return contacts


def write_issue(title: str = "Nytt från RUS 17 december", user: Any = None) -> Issue:
    issue = services.issue_create(
        data={"title": title, "intro": "<p>RUS är en länk.</p>", "lists": [newsletter_list()]},
        user=user,
    )
    for kind, data in (
        (Block.Kind.HEADING, {"title": "AKTUELLT"}),
        (
            Block.Kind.EVENT,
            {
                "title": "Miljömålsdagarna 2022",
                "starts_on": date(2022, 5, 4),
                "ends_on": date(2022, 5, 5),
                "place": "Sundsvall",
                "body": "<p>Årets viktigaste mötesplats.</p>",
            },
        ),
    ):
        issue.refresh_from_db()
        services.block_save(
            issue=issue, block=None, kind=kind, data=data, expected_version=issue.version
        )
    issue.refresh_from_db()
    return issue
