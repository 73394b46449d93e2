"""A demonstration of every part for a local installation (``make run``): users, and work
in every state of the workflow. Above every other app, so it may use them all."""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from rus.accounts.models import Membership, User
from rus.organisations.models import Contact, Organisation

DEMO_USERS = (
    ("admin", "rus", Membership.Role.ADMINISTRATOR, "Administratör"),
    ("granskare", "rus", Membership.Role.REVIEWER, "Granskare RUS"),
    ("samordnare.uppsala", "lst-03", Membership.Role.COORDINATOR, "Samordnare Uppsala"),
    ("lasare.uppsala", "lst-03", Membership.Role.VIEWER, "Läsare Uppsala"),
    ("samordnare.skane", "lst-12", Membership.Role.COORDINATOR, "Samordnare Skåne"),
)


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str


@transaction.atomic
def demo_load(*, credentials_file: Path) -> list[DemoLogin]:
    """Create the demo users once; their shared password is kept in ``credentials_file``."""
    if credentials_file.exists():
        password = credentials_file.read_text(encoding="utf-8").strip()
    else:
        password = secrets.token_urlsafe(12)
    organisations = {
        o.key: o for o in Organisation.objects.filter(key__in={k for _u, k, _r, _n in DEMO_USERS})
    }
    logins = []
    for username, org_key, role, full_name in DEMO_USERS:
        organisation = organisations[org_key]
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _sep, last = full_name.partition(" ")
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                is_superuser=(role == Membership.Role.ADMINISTRATOR),
            )
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        logins.append(
            DemoLogin(username, password, str(Membership.Role(role).label), organisation.name)
        )
    uppsala = organisations["lst-03"]
    if not uppsala.contacts.exists():
        Contact.objects.create(
            organisation=uppsala,
            name="Demo Samordnare",
            email="miljomal.uppsala@example.org",
            role=Contact.Role.COORDINATOR,
        )
    credentials_file.parent.mkdir(parents=True, exist_ok=True)
    credentials_file.write_text(password + "\n", encoding="utf-8")
    credentials_file.chmod(0o600)
    return logins
