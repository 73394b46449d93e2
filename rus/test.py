"""A small cast shared by the tests.

Two counties, their county boards and the RUS network, and one user per role:
alice (administrator), rita (reviewer, RUS working group), cora (coordinator, Uppsala),
vera (viewer, Uppsala), sven (coordinator, Skåne) and olle (logged in, no organisation).
"""

from typing import Any

from django.test import TestCase

from rus.accounts.models import Membership, User
from rus.areas.models import Area
from rus.organisations.models import Contact, Organisation

PASSWORD = "correct horse battery staple"


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
        sweden = Area.objects.create(code="00", level=Area.Level.COUNTRY, name="Sverige")
        cls.uppsala_county = Area.objects.create(
            code="03", level=Area.Level.COUNTY, name="Uppsala län", parent=sweden
        )
        cls.skane_county = Area.objects.create(
            code="12", level=Area.Level.COUNTY, name="Skåne län", parent=sweden
        )
        cls.rus = Organisation.objects.create(
            key="rus", kind=Organisation.Kind.NETWORK, name="RUS", area=sweden
        )
        cls.uppsala = Organisation.objects.create(
            key="lst-03",
            kind=Organisation.Kind.COUNTY_BOARD,
            name="Länsstyrelsen i Uppsala län",
            area=cls.uppsala_county,
        )
        cls.skane = Organisation.objects.create(
            key="lst-12",
            kind=Organisation.Kind.COUNTY_BOARD,
            name="Länsstyrelsen i Skåne län",
            area=cls.skane_county,
        )
        cls.alice = cls.make_user("alice", cls.rus, Membership.Role.ADMINISTRATOR)
        cls.rita = cls.make_user("rita", cls.rus, Membership.Role.REVIEWER)
        cls.cora = cls.make_user("cora", cls.uppsala, Membership.Role.COORDINATOR)
        cls.vera = cls.make_user("vera", cls.uppsala, Membership.Role.VIEWER)
        cls.sven = cls.make_user("sven", cls.skane, Membership.Role.COORDINATOR)
        cls.olle = cls.make_user("olle", None, None)
        cls.uppsala_contact = Contact.objects.create(
            organisation=cls.uppsala, name="Ulla Uppsala", email="ulla@example.org"
        )
        cls.skane_contact = Contact.objects.create(
            organisation=cls.skane, name="Sara Skåne", email="sara@example.org"
        )

    @staticmethod
    def make_user(username: str, organisation: Organisation | None, role: Any) -> User:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        if organisation is not None:
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user
