"""A demonstration of every part for a local installation (``make run``): users, and work
in every state of the workflow. Above every other app, so it may use them all."""

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from rus.accounts.models import Membership, User
from rus.organisations.models import Contact, Organisation

DEMO_USERS = (
    ("admin", "rus", Membership.Role.ADMINISTRATOR, "Anna Administratör"),
    ("granskare", "rus", Membership.Role.REVIEWER, "Gustav Granskare"),
    ("samordnare.uppsala", "lst-03", Membership.Role.COORDINATOR, "Sara Samordnare"),
    ("lasare.uppsala", "lst-03", Membership.Role.VIEWER, "Lars Läsare"),
    ("samordnare.skane", "lst-12", Membership.Role.COORDINATOR, "Stina Skåning"),
)
# What each demo login can try first, printed by load_demo.
FIRST_STEPS = {
    "admin": "publicera årets uppföljning (Mina uppgifter → Granska och publicera), utkorgen",
    "granskare": "granska det som väntar i kön på Mina uppgifter, godkänn eller skicka tillbaka",
    "samordnare.uppsala": "rätta den återsända bedömningen överst på Mina uppgifter och skicka in",
    "lasare.uppsala": "läs Uppsala läns bedömningar (bara läsrätt)",
    "samordnare.skane": "skriv Skåne läns bedömningar och indikatorvärden",
}


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str
    first_steps: str = ""


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
            DemoLogin(
                username,
                password,
                str(Membership.Role(role).label),
                organisation.name,
                FIRST_STEPS[username],
            )
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


# --- work in every state ------------------------------------------------------------------

TEXTS = {
    "Frisk luft": (
        "Halterna av kvävedioxid och partiklar minskar i länets tätorter men ligger nära "
        "miljökvalitetsnormen vid de mest trafikerade gatorna.",
        "Mätningarna i Uppsala och Enköping visar sjunkande årsmedelvärden sedan 2015. "
        "Dubbdäcksanvändningen och vedeldning ger fortfarande höga dygnsvärden vintertid.",
    ),
    "Bara naturlig försurning": (
        "Nedfallet av svavel har minskat kraftigt; återhämtningen i sjöar och vattendrag går "
        "långsamt.",
        "Kalkningsverksamheten fortsätter i de känsligaste vattnen.",
    ),
    "Giftfri miljö": (
        "Förorenade områden saneras, men takten räcker inte för att nå målet.",
        "Länsstyrelsen har prioriterat 40 områden med PFAS-föroreningar.",
    ),
}


def _assessment(rnd: Any, organisation: Organisation, number: int) -> Any:
    return rnd.assessments.select_related("round", "goal", "area").get(
        organisation=organisation, goal__number=number
    )


def _write(a: Any, user: User, reached: str, trend: str) -> None:
    from rus.followup import services as followup

    summary, justification = TEXTS.get(
        a.goal.name_sv,
        (
            f"Länet bedömer att {a.goal.name_sv.lower()} inte nås till 2030 utan fler åtgärder.",
            "Bedömningen bygger på länets indikatorer och dialog med kommunerna.",
        ),
    )
    followup.assessment_save(
        assessment=a,
        data={
            "reached": reached,
            "trend": trend,
            "summary": summary,
            "justification": justification,
            "generational_goal": "Arbetet bidrar till en god livsmiljö för kommande generationer.",
        },
        expected_version=a.version,
        user=user,
    )


@transaction.atomic
def demo_work(*, year: int) -> bool:
    """This year's follow-up open, with one county's assessments in every state and work
    waiting for the reviewer and the administrator; an indicator round open. Done once."""
    from rus.followup import services as followup
    from rus.followup.models import FollowUpRound
    from rus.indicators import rounds
    from rus.indicators.models import UpdateRound

    if FollowUpRound.objects.filter(year=year).exists():
        return False
    users = {u.username: u for u in User.objects.filter(username__in=[d[0] for d in DEMO_USERS])}
    admin, reviewer = users["admin"], users["granskare"]
    uppsala = Organisation.objects.get(key="lst-03")
    rnd = followup.round_open(year=year, user=admin)
    coordinator = users["samordnare.uppsala"]
    # Uppsala: approved, returned, submitted, a started draft, the rest untouched.
    approved = _assessment(rnd, uppsala, 3)
    _write(approved, coordinator, "nej", "positiv")
    followup.assessment_submit(
        assessment=approved, expected_version=approved.version, user=coordinator
    )
    followup.assessment_approve(
        assessment=approved, expected_version=approved.version, user=reviewer
    )
    returned = _assessment(rnd, uppsala, 2)
    _write(returned, coordinator, "nara", "positiv")
    followup.assessment_submit(
        assessment=returned, expected_version=returned.version, user=coordinator
    )
    followup.assessment_return(
        assessment=returned,
        expected_version=returned.version,
        user=reviewer,
        comment="Ange vilka mätstationer bedömningen bygger på, och om normen klarades 2025.",
    )
    submitted = _assessment(rnd, uppsala, 4)
    _write(submitted, coordinator, "nej", "neutral")
    followup.assessment_submit(
        assessment=submitted, expected_version=submitted.version, user=coordinator
    )
    draft = _assessment(rnd, uppsala, 7)
    followup.assessment_save(
        assessment=draft,
        data={
            "trend": "neutral",
            "summary": "Utkast: belastningen av näringsämnen minskar långsamt.",
        },
        expected_version=draft.version,
        user=coordinator,
    )
    # Two more counties have submitted, so the reviewer's queue spans counties.
    for key in ("lst-01", "lst-12"):
        organisation = Organisation.objects.get(key=key)
        for a in rnd.assessments.filter(organisation=organisation).select_related("round", "goal")[
            :2
        ]:
            _write(a, admin, "nej", "neutral")
            followup.assessment_submit(assessment=a, expected_version=a.version, user=admin)
    if not UpdateRound.objects.filter(year=year, season="autumn").exists():
        indicators_round = rounds.round_open(
            year=year, season="autumn", deadline=rnd.deadline, user=admin
        )
        update = indicators_round.updates.filter(organisation=uppsala).first()
        if update is not None:
            rounds.update_save(
                update=update,
                comment="Preliminära siffror för 2025 från länsstyrelsens egen sammanställning.",
                values=[rounds.EnteredValue(f"{year - 1}", 1350000.5, "preliminary")],
                expected_version=update.version,
                user=coordinator,
            )
    return True
