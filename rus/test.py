"""A small cast shared by the tests.

Two counties, their county boards and the RUS network, and one user per role:
alice (administrator), rita (reviewer, RUS working group), cora (coordinator, Uppsala),
vera (viewer, Uppsala), sven (coordinator, Skåne) and olle (logged in, no organisation).
"""

from typing import Any

from django.test import TestCase

from rus.accounts.models import Membership, User
from rus.areas.models import Area
from rus.contacts.defaults import seed
from rus.contacts.models import Contact, ContactList, ListRule, Role
from rus.organisations.models import Organisation

PASSWORD = "correct horse battery staple"


def make_user(username: str, organisation: Organisation | None, role: Any) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def create_cast(target: Any) -> None:
    """Create the cast and set each member as an attribute of ``target``."""
    t = target
    sweden = Area.objects.create(code="00", level=Area.Level.COUNTRY, name="Sverige")
    t.uppsala_county = Area.objects.create(
        code="03", level=Area.Level.COUNTY, name="Uppsala län", parent=sweden
    )
    t.skane_county = Area.objects.create(
        code="12", level=Area.Level.COUNTY, name="Skåne län", parent=sweden
    )
    t.rus = Organisation.objects.create(
        key="rus", kind=Organisation.Kind.NETWORK, name="RUS", area=sweden
    )
    t.uppsala = Organisation.objects.create(
        key="lst-03",
        kind=Organisation.Kind.COUNTY_BOARD,
        name="Länsstyrelsen i Uppsala län",
        area=t.uppsala_county,
    )
    t.skane = Organisation.objects.create(
        key="lst-12",
        kind=Organisation.Kind.COUNTY_BOARD,
        name="Länsstyrelsen i Skåne län",
        area=t.skane_county,
    )
    t.alice = make_user("alice", t.rus, Membership.Role.ADMINISTRATOR)
    t.rita = make_user("rita", t.rus, Membership.Role.REVIEWER)
    t.cora = make_user("cora", t.uppsala, Membership.Role.COORDINATOR)
    t.vera = make_user("vera", t.uppsala, Membership.Role.VIEWER)
    t.sven = make_user("sven", t.skane, Membership.Role.COORDINATOR)
    t.olle = make_user("olle", None, None)
    t.uppsala_contact = Contact.objects.create(
        organisation=t.uppsala, name="Ulla Uppsala", email="ulla@example.org"
    )
    t.skane_contact = Contact.objects.create(
        organisation=t.skane, name="Sara Skåne", email="sara@example.org"
    )
    # The roles and lists come with the migrations; a browser test's flush takes them.
    coordinator = seed(Role, ContactList, ListRule)["miljomalssamordnare"]
    t.uppsala_contact.roles.add(coordinator)
    t.skane_contact.roles.add(coordinator)


class BaseTestCase(TestCase):
    uppsala_county: Area
    skane_county: Area
    rus: Organisation
    uppsala: Organisation
    skane: Organisation
    alice: User
    rita: User
    cora: User
    vera: User
    sven: User
    olle: User
    uppsala_contact: Contact
    skane_contact: Contact

    @classmethod
    def setUpTestData(cls) -> None:
        create_cast(cls)
