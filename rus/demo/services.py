"""A demonstration of every part for a local installation (``make run``): users, and work
in every state of the workflow. Above every other app, so it may use them all."""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as datetime_time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from rus.accounts.models import Membership, User
from rus.contacts.models import Contact, Role
from rus.organisations.models import Organisation

DEMO_USERS = (
    ("admin", "rus", Membership.Role.ADMINISTRATOR, "Anna Administratör"),
    ("granskare", "rus", Membership.Role.REVIEWER, "Gustav Granskare"),
    ("samordnare.uppsala", "lst-03", Membership.Role.COORDINATOR, "Sara Samordnare"),
    ("lasare.uppsala", "lst-03", Membership.Role.VIEWER, "Lars Läsare"),
    ("samordnare.skane", "lst-12", Membership.Role.COORDINATOR, "Stina Skåning"),
    ("samordnare.dalarna", "region-20", Membership.Role.COORDINATOR, "Dagny Dalkarl"),
)
# What each demo login can try first, printed by load_demo.
FIRST_STEPS = {
    "admin": "publicera årets uppföljning (Mina uppgifter → Granska och publicera), skriv och "
    "skicka nyhetsbrevet, följ enkäten och jämför med förra året, kontaktlistorna, utkorgen",
    "granskare": "granska det som väntar i kön på Mina uppgifter, godkänn eller skicka tillbaka",
    "samordnare.uppsala": "rätta den återsända bedömningen överst på Mina uppgifter och skicka "
    "in; granska aktörernas rapporter i åtgärdsprogrammet; håll länets kontakter aktuella",
    "lasare.uppsala": "läs Uppsala läns bedömningar (bara läsrätt)",
    "samordnare.skane": "skriv Skåne läns bedömningar och indikatorvärden",
    "samordnare.dalarna": "Region Dalarna: öppna projektportföljen (försenad statusrapport "
    "överst), granska den inskickade rapporten, skriv klart handlingsplanen och markera den "
    "klar, fyll i ett projekts budget",
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
        contact = Contact.objects.create(
            organisation=uppsala,
            name="Demo Samordnare",
            email="miljomal.uppsala@example.org",
        )
        contact.roles.add(Role.objects.get(key="miljomalssamordnare"))
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


# --- contacts and the newsletter ----------------------------------------------------------


def _contact(organisation: Organisation, name: str, email: str, roles: list[str]) -> None:
    contact, _created = Contact.objects.get_or_create(
        organisation=organisation, email=email, defaults={"name": name}
    )
    contact.roles.add(*Role.objects.filter(key__in=roles))


@transaction.atomic
def demo_contacts() -> int:
    """RUS's contact lists as the newsletter describes them: a coordinator and a manager
    at every county board, Skogsstyrelsen's contact, the steering and working groups and
    Naturvårdsverket's coordination function. Invented names at example.org."""
    if Contact.objects.filter(email__endswith="@demo.example.org").exists():
        return 0
    for board in Organisation.objects.filter(kind=Organisation.Kind.COUNTY_BOARD).select_related(
        "area"
    ):
        county = board.area.name.removesuffix(" län").removesuffix("s")
        _contact(
            board,
            f"Samordnare {county}",
            f"miljomal.{board.key}@demo.example.org",
            ["miljomalssamordnare"],
        )
        _contact(
            board,
            f"Chef {county}",
            f"chef.{board.key}@demo.example.org",
            ["chef-miljomalsuppdraget"],
        )
    national = {
        o.key: o
        for o in Organisation.objects.filter(key__in=["rus", "skogsstyrelsen", "naturvardsverket"])
    }
    if "skogsstyrelsen" in national:
        _contact(
            national["skogsstyrelsen"],
            "Kontakt Skogsstyrelsen",
            "rus@skogsstyrelsen.demo.example.org",
            ["skogsstyrelsen-kontakt"],
        )
    if "naturvardsverket" in national:
        _contact(
            national["naturvardsverket"],
            "Samordning Naturvårdsverket",
            "samordning@naturvardsverket.demo.example.org",
            ["nv-samordning"],
        )
    if "rus" in national:
        for n in range(1, 4):
            _contact(
                national["rus"], f"Styrgrupp {n}", f"styrgrupp{n}@demo.example.org", ["styrgrupp"]
            )
            _contact(
                national["rus"],
                f"Arbetsgrupp {n}",
                f"arbetsgrupp{n}@demo.example.org",
                ["arbetsgrupp"],
            )
    return Contact.objects.filter(email__contains="demo.example.org").count()


def demo_newsletter() -> bool:
    """One issue sent (in the archive, its mail in var/mail/) and the next one being written."""
    from datetime import date

    from rus.newsletter import services as newsletter
    from rus.newsletter.models import Block, Issue

    if Issue.objects.exists():
        return False
    admin = User.objects.get(username="admin")
    from rus.contacts.models import ContactList

    lists = list(ContactList.objects.filter(key="nytt-fran-rus"))
    sent = newsletter.issue_create(
        data={
            "title": "Nytt från RUS december",
            "intro": "<p>RUS är en länk mellan regionalt, centralt och lokalt miljömålsarbete. "
            "Detta nyhetsbrev innehåller aktuella nyheter kring miljömålsarbetet.</p>",
            "lists": lists,
            "contact_name": "Anna Administratör",
            "contact_email": "admin@example.org",
        },
        user=admin,
    )
    blocks: list[tuple[str, dict[str, Any]]] = [
        (Block.Kind.HEADING, {"title": "Aktuellt"}),
        (
            Block.Kind.PUBLICATION,
            {
                "title": "Kortversion av vägledningen för lokalt arbete med miljömål och "
                "Agenda 2030",
                "body": "<p>Vägledningen riktar sig till kommuner för stöd och inspiration i det "
                "strategiska arbetet med miljömål.</p>",
                "url": "https://www.rus.lansstyrelsen.se/",
                "link_text": "Vägledningen på RUS webbplats",
            },
        ),
        (
            Block.Kind.EVENT,
            {
                "title": "Save the date: Miljömålsdagarna",
                "starts_on": date(timezone.localdate().year + 1, 5, 4),
                "ends_on": date(timezone.localdate().year + 1, 5, 5),
                "place": "Sundsvall",
                "body": "<p>Årets viktigaste mötesplats för alla som arbetar med Sveriges "
                "miljömål.</p>",
            },
        ),
        (
            Block.Kind.TEXT,
            {
                "title": "Årets uppföljning av miljömålen är här",
                "body": "<p>Varje år gör alla 21 länsstyrelser en miljömålsuppföljning som visar "
                "hur det egna länet ligger till för att nå de 16 miljömålen.</p>",
            },
        ),
    ]
    for kind, data in blocks:
        sent.refresh_from_db()
        newsletter.block_save(
            issue=sent, block=None, kind=kind, data=data, expected_version=sent.version
        )
    newsletter.issue_send(issue=sent, user=admin)
    draft = newsletter.issue_create(
        data={
            "title": "Nytt från RUS januari",
            "lists": lists,
            "contact_name": "Anna Administratör",
        },
        user=admin,
    )
    newsletter.block_save(
        issue=draft,
        block=None,
        kind=Block.Kind.HEADING,
        data={"title": "Aktuellt"},
        expected_version=draft.version,
    )
    return True


# --- an action programme -----------------------------------------------------------------

DEMO_MEASURES = [
    # code, title, lead (key), participants, objectives, sector, status
    (
        "1.1",
        "Kartlägga och skydda värdefulla vattenmiljöer",
        "lst-03",
        [],
        [8, 9],
        "naturvard",
        "paborjad",
    ),
    (
        "1.2",
        "Grön infrastruktur i översiktsplanen",
        "kommun-0380",
        [],
        [13, 15, 16],
        "bebyggelse",
        "paborjad",
    ),
    (
        "1.3",
        "Laddinfrastruktur vid pendlarparkeringar",
        "kommun-0381",
        ["lst-03"],
        [1, 2],
        "transporter",
        "ej_paborjad",
    ),
    ("1.4", "Minska matsvinnet i skolkök", "kommun-0330", [], [1, 15], "konsumtion", "genomford"),
    (
        "1.5",
        "Fosforreducerande åtgärder i jordbruket",
        "lst-03",
        ["kommun-0360", "kommun-0382"],
        [7],
        "jordbruk",
        "paborjad",
    ),
    (
        "1.6",
        "Klimatkrav i kommunens upphandlingar",
        "kommun-0380",
        [],
        [1],
        "konsumtion",
        "paborjad",
    ),
    (
        "1.7",
        "Restaurering av våtmarker",
        "kommun-0331",
        ["lst-03"],
        [11, 16],
        "naturvard",
        "ej_paborjad",
    ),
    (
        "1.8",
        "Energieffektivisering i kommunala lokaler",
        "kommun-0382",
        [],
        [1],
        "energi",
        "paborjad",
    ),
    (
        "1.9",
        "Cykelvägar mellan tätorterna",
        "kommun-0360",
        [],
        [1, 2],
        "transporter",
        "ej_paborjad",
    ),
    ("1.10", "Tillsyn av små avlopp", "kommun-0305", [], [7, 9], "halsa", "paborjad"),
    ("1.11", "Skydd av skog med höga naturvärden", "lst-03", [], [12], "skogsbruk", "paborjad"),
    (
        "1.12",
        "Information om kemikalier i förskolan",
        "kommun-0319",
        [],
        [4],
        "utbildning",
        "genomford",
    ),
]


def demo_actor_link() -> str | None:
    """A personal link of an actor (Enköping) in the open reporting, for trying its page."""
    from rus.actions import services as actions
    from rus.actions.models import ActorRequest, Enquiry

    request = ActorRequest.objects.filter(
        enquiry__state=Enquiry.State.OPEN, organisation__key="kommun-0381"
    ).first()
    return actions.report_link(request) if request else None


@transaction.atomic
def demo_programme() -> bool:
    """Uppsala län's action programme: twelve measures, last year's reporting published and
    this year's open with invitations sent, one actor's report waiting for review and one
    draft."""
    from datetime import timedelta

    from rus.actions import services as actions
    from rus.actions.models import ActorRequest, Enquiry, Programme, Sector
    from rus.goals.models import Goal

    if Programme.objects.exists():
        return False
    board = Organisation.objects.get(key="lst-03")
    coordinator = User.objects.get(username="samordnare.uppsala")
    objectives = {
        g.number: g for g in Goal.objects.filter(framework__code="miljomal", kind="objective")
    }
    programme = actions.programme_save(
        programme=None,
        organisation=board,
        data={
            "title": "Åtgärdsprogram för miljömålen i Uppsala län 2024–2028",
            "starts": 2024,
            "ends": 2028,
            "status": Programme.Status.ADOPTED,
            "decided_on": date(2024, 3, 15),
            "description": "Länets åtgärder för miljömålen, framtagna med kommunerna, "
            "näringslivet och organisationer i länet.",
            "target_percent": 95,
            "target_kind": Programme.TargetKind.STARTED,
            "target_own": True,
            "goals": list(objectives.values()),
        },
    )
    orgs = {o.key: o for o in Organisation.objects.filter(key__startswith="kommun-03")}
    orgs["lst-03"] = board
    sectors = {s.key: s for s in Sector.objects.all()}
    for code, title, lead, participants, goals, sector, _status in DEMO_MEASURES:
        lead_org = orgs[lead]
        actions.measure_save(
            programme=programme,
            measure=None,
            data={
                "code": code,
                "title": title,
                "description": f"{title}: en åtgärd i länets program.",
                "lead": lead_org,
                "participants": [orgs[p] for p in participants],
                "goals": [objectives[n] for n in goals],
                "sector": sectors.get(sector),
                "contact_name": f"Miljöstrateg {lead_org.name}",
                "contact_email": f"miljo.{lead}@demo.example.org",
                "starts": 2024,
                "ends": 2027,
                "status": "ej_paborjad",
            },
        )
    today = timezone.localdate()
    statuses = {code: status for code, *_rest, status in DEMO_MEASURES}
    # Last year's reporting, answered by everyone, approved and published.
    last = actions.enquiry_open(
        programme=programme, year=today.year - 2, deadline=today, user=coordinator
    )
    for request in last.requests.all():
        entries = {
            r.pk: {
                # A year ago what is completed now was under way.
                "status": "paborjad"
                if statuses[r.measure.code] == "genomford"
                else statuses[r.measure.code],
                "share_done": 30,
                "comment": "Arbetet pågår enligt plan.",
                "version": r.version,
            }
            for r in request.reports.select_related("measure")
        }
        actions.actor_save(request=request, entries=entries, submit=True, user=coordinator)
    actions.approve_submitted(enquiry=last, user=coordinator)
    actions.enquiry_publish(enquiry=last, user=coordinator, reason="Alla aktörer har svarat.")
    Enquiry.objects.filter(pk=last.pk).update(
        opens_on=date(today.year - 1, 1, 15), deadline=date(today.year - 1, 2, 28)
    )
    # This year's: open, invitations sent.
    current = actions.enquiry_open(
        programme=programme,
        year=today.year - 1,
        deadline=today + timedelta(days=21),
        message="Tack för ert arbete med länets åtgärder. Rapportera läget för era åtgärder.",
        user=coordinator,
    )
    actions.invite(enquiry=current, user=coordinator)
    uppsala = ActorRequest.objects.get(enquiry=current, organisation__key="kommun-0380")
    actions.actor_save(
        request=uppsala,
        entries={
            r.pk: {
                "status": statuses[r.measure.code],
                "share_done": 60,
                "comment": "Antagen i översiktsplanen; genomförs i detaljplanerna.",
                "version": r.version,
            }
            for r in uppsala.reports.select_related("measure")
        },
        submit=True,
    )
    heby = ActorRequest.objects.get(enquiry=current, organisation__key="kommun-0331")
    actions.actor_save(
        request=heby,
        entries={
            r.pk: {"status": "paborjad", "share_done": 10, "comment": "", "version": r.version}
            for r in heby.reports.select_related("measure")
        },
        submit=False,
    )
    return True


# --- a survey ----------------------------------------------------------------------------

DEMO_METHODS = [
    "Miljömålen finns med i länsstyrelsens verksamhetsplan",
    "Ledningen följer upp miljömålsarbetet varje år",
    "En miljömålssamordnare med tid avsatt i tjänsten",
    "Miljömålen vägs in i handläggningen av ärenden",
    "Regionalt åtgärdsprogram beslutat tillsammans med kommunerna",
    "Nätverk för kommunernas miljöstrateger",
    "Miljömålen kopplade till Agenda 2030 i länets arbete",
    "Indikatorer för länet uppdaterade två gånger om året",
    "Dialog med näringslivet om miljömålen",
    "Goda exempel sprids på länsstyrelsens webbplats",
]
DEMO_OPTIONS = ["Genomfört", "På gång", "Ej aktuellt"]


@transaction.atomic
def demo_survey() -> bool:
    """RUS's survey of the county boards' working methods: last year's edition answered by
    all 21 and published, this year's open with invitations sent and eight answers in."""
    from rus.lib.tabular import Table
    from rus.surveys import services as surveys
    from rus.surveys.models import Survey

    if Survey.objects.exists():
        return False
    admin = User.objects.get(username="admin")
    year = timezone.localdate().year
    definition = {
        "slug": f"arbetssatt-{year - 1}",
        "series": "arbetssatt",
        "edition": year - 1,
        "title": "Länsstyrelsernas arbetssätt för miljömålen",
        "intro": "RUS frågar varje år hur länsstyrelserna arbetar för att integrera "
        "miljömålen, för att sprida goda exempel.",
        "questions": [
            {"code": f"m{n:02d}", "text": text, "kind": "single", "options": DEMO_OPTIONS}
            for n, text in enumerate(DEMO_METHODS, 1)
        ],
    }
    last, _created = surveys.import_definition(definition, label="demo", user=admin)
    boards = list(
        Organisation.objects.filter(kind=Organisation.Kind.COUNTY_BOARD).order_by("area__code")
    )
    header = ["organisation", *[f"m{n:02d}" for n in range(1, len(DEMO_METHODS) + 1)]]
    rows = [
        (
            i + 2,
            [
                board.key,
                *[
                    DEMO_OPTIONS[(i + n) % 3 if (i + n) % 5 else 0]
                    for n in range(len(DEMO_METHODS))
                ],
            ],
        )
        for i, board in enumerate(boards)
    ]
    surveys.import_responses(last, Table.from_rows("demo.csv", header, rows))
    surveys.set_state(survey=last, state=Survey.State.CLOSED)
    surveys.publish_results(survey=last, publish=True)
    current = surveys.copy_survey(survey=last, slug=f"arbetssatt-{year}", edition=year, user=admin)
    current.closes_on = timezone.localdate() + timedelta(days=20)
    current.save()
    surveys.set_state(survey=current, state=Survey.State.OPEN)
    surveys.invite(survey=current, user=admin, organisations=boards)
    for i, invitation in enumerate(current.invitations.order_by("email")[:8]):
        raw = {
            f"m{n:02d}": [slugify(DEMO_OPTIONS[(i + n + 1) % 3 if (i + n) % 4 else 0])]
            for n in range(1, len(DEMO_METHODS) + 1)
        }
        surveys.answer(invitation=invitation, nonce="", raw=raw, submit=True, expected_version=None)
    return True


# --- calendar, offers and the library -----------------------------------------------------


@transaction.atomic
def demo_support() -> bool:
    """An offer with four dates (one booked), a webinar open for registration, guidance,
    funding sources with deadlines, a good example and news."""
    from rus.calendar import services as calendar
    from rus.calendar.models import Calendar, Event, Offer, OfferDate
    from rus.contacts.models import ContactList
    from rus.library.models import Document, FundingDeadline, FundingSource, GoodExample, NewsPost

    if Offer.objects.exists():
        return False
    today = timezone.localdate()
    next_year = today.year + 1
    offer = Offer.objects.create(
        title="Kurs i förändringsledning för kommuner",
        description="RUS och LEKS har upphandlat en tvådagarskurs i förändringsledning som varje "
        "länsstyrelse kan anordna för sina kommuner. Kursen genomförs av Gotlandsakademin, "
        "på plats eller digitalt.",
        price=60000,
        payer="Länsstyrelsen som bokar; kostnaden kan tas ur miljömålsmedel.",
        organisation_kind=Organisation.Kind.COUNTY_BOARD,
        per_organisation=1,
        contact_email="kurs@demo.example.org",
    )
    dates = [
        OfferDate.objects.create(
            offer=offer, start_date=date(next_year, m, d), end_date=date(next_year, m, d + 1)
        )
        for m, d in ((1, 25), (2, 16), (3, 22), (4, 26))
    ]
    calendar.book(
        offer=offer,
        date_id=dates[0].pk,
        organisation=Organisation.objects.get(key="lst-03"),
        user=User.objects.get(username="samordnare.uppsala"),
    )
    rus = Calendar.objects.get_or_create(
        key="rus", defaults={"name_sv": "RUS årshjul", "name_en": "RUS annual cycle"}
    )[0]
    Event.objects.create(
        calendar=rus,
        title_sv="Webbinarium: de nya regionala indikatorerna",
        title_en="Webinar: the new regional indicators",
        description_sv="Genomgång av de nya indikatorerna i rus och hur länen uppdaterar dem.",
        category="course",
        location="Digitalt",
        start_date=today + timedelta(days=24),
        start_time=datetime_time(13, 0),
        end_time=datetime_time(14, 30),
        registration=True,
        capacity=60,
        audience=ContactList.objects.filter(key="rus-kontaktpersoner-lansstyrelserna").first(),
        remind_days=7,
    )
    Document.objects.create(
        kind=Document.Kind.GUIDANCE,
        title="Vägledning för lokalt arbete med miljömål och Agenda 2030 (kortversion)",
        summary="Riktar sig till kommuner som stöd och inspiration i det strategiska arbetet "
        "med miljömål och hur det bidrar till Agenda 2030 lokalt, med lärande exempel.",
        url="https://www.rus.lansstyrelsen.se/",
        audience="kommuner",
        tags="Agenda 2030, kommuner, strategi",
    )
    Document.objects.create(
        kind=Document.Kind.REPORT,
        title=f"Regional uppföljning av miljömålen {today.year - 1}",
        summary="Länens bedömningar av miljömålen och den nationella sammanställningen.",
        audience="alla",
        tags="uppföljning",
    )
    for title, funder, eligible, amount, month in (
        ("Klimatklivet", "Naturvårdsverket", "Kommuner, företag och organisationer", 50_000_000, 2),
        (
            "LONA – lokala naturvårdssatsningar",
            "Naturvårdsverket via länsstyrelsen",
            "Kommuner",
            2_000_000,
            3,
        ),
        (
            "Havs- och vattenmiljöanslaget, lokala vattenvårdsprojekt",
            "Havs- och vattenmyndigheten via länsstyrelsen",
            "Kommuner och ideella organisationer",
            1_000_000,
            10,
        ),
    ):
        source = FundingSource.objects.create(
            title=title,
            funder=funder,
            eligible=eligible,
            description=f"{title}: stöd till åtgärder som bidrar till miljömålen.",
            max_amount=amount,
            url="https://www.naturvardsverket.se/",
        )
        FundingDeadline.objects.create(source=source, day=date(next_year, month, 15))
    GoodExample.objects.create(
        title="Kommunal klimatfärdplan med årlig uppföljning",
        text="Kommunen antog en klimatfärdplan med mål per sektor och följer upp den varje år "
        "med indikatorer från rus.",
        organisation=Organisation.objects.filter(key="kommun-0380").first(),
    )
    NewsPost.objects.create(
        title="Årets uppföljning av miljömålen är här",
        body="Varje år gör alla 21 länsstyrelser en miljömålsuppföljning som visar hur det egna "
        "länet ligger till för att nå de 16 miljömålen.",
    )
    return True


# --- a region's strategy, plans and projects; RUS's operations -----------------------------

DEMO_COSTS = {
    "Egen personal": (1_200_000, 1_500_000),
    "Externa tjänster": (800_000, 950_000),
    "Resor och logi": (150_000, 180_000),
    "Indirekta kostnader": (240_000, 300_000),
}
DEMO_FINANCING = {
    "Egna bidragsmedel": (1_003_800, 996_200),
    "Egen budget": (1_286_200, 1_783_800),
    "Deltagaravgifter": (100_000, 150_000),
}


def _goal(strategy: Any, parent: Any, number: int, name: str, **data: Any) -> Any:
    from rus.strategy import services as strategy_services

    return strategy_services.goal_save(
        strategy=strategy,
        goal=None,
        data={"parent": parent, "number": number, "name_sv": name, "name_en": "", **data},
    )


def _months_ago(today: date, months: int) -> date:
    from rus.strategy.services import add_months

    return add_months(today.replace(day=1), -months)


@transaction.atomic
def demo_strategy() -> bool:
    """Region Dalarna's development strategy: goals linked to the objectives and Agenda 2030
    with indicators, an approved and a draft action plan, three projects (the example
    project with its budget and grant, one with an overdue status report, one with a report
    to review), the partnership survey over three years as an indicator; and RUS's activity
    plan, working group and reimbursement."""
    from rus.goals.models import Goal
    from rus.indicators.models import Indicator
    from rus.lib.tabular import Table
    from rus.strategy import services as strategy
    from rus.strategy.models import PlanTemplate, Progress, Strategy, TrustMeasure
    from rus.surveys import services as surveys
    from rus.surveys.models import Survey
    from rus.workflow import services as workflow

    if Strategy.objects.exists():
        return False
    strategy.load_plan_templates()
    today = timezone.localdate()
    region = Organisation.objects.get(key="region-20")
    user = User.objects.get(username="samordnare.dalarna")
    s = strategy.strategy_save(
        strategy=None,
        organisation=region,
        data={
            "title": "Dalastrategin 2030 – Tillsammans för ett hållbart Dalarna",
            "vision": "Dalarna är en hållbar region där alla kan leva ett gott liv, och där "
            "näringsliv, natur och kultur utvecklas tillsammans.",
            "starts": 2021,
            "ends": 2030,
            "public": True,
        },
    )
    objectives = {
        g.number: g for g in Goal.objects.filter(framework__code="miljomal", kind="objective")
    }
    sdg = {
        g.code: g
        for g in Goal.objects.filter(
            framework__code="agenda2030", code__in=["7.2", "13.2", "8.5", "4.4", "11.2"]
        )
    }
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=["ghg-total", "ghg-per-capita"])
    }
    climate = _goal(
        s,
        None,
        1,
        "Ett klimatneutralt och resurseffektivt Dalarna",
        text_sv="Dalarna ska vara en föregångare i omställningen till ett fossilfritt samhälle.",
        links=[g for g in (objectives.get(1), sdg.get("13.2")) if g],
        indicators=list(indicators.values()),
    )
    emissions = _goal(
        s,
        climate,
        1,
        "Minskade utsläpp av växthusgaser från transporter",
        links=[g for g in (objectives.get(1), sdg.get("11.2")) if g],
        indicators=[i for c, i in indicators.items() if c == "ghg-per-capita"],
    )
    _goal(
        s,
        emissions,
        1,
        "Fossilfria transporter och laddinfrastruktur",
        links=[g for g in (sdg.get("7.2"),) if g],
    )
    skills = _goal(
        s,
        None,
        2,
        "Kompetensförsörjning för ett hållbart arbetsliv",
        links=[g for g in (sdg.get("4.4"), sdg.get("8.5")) if g],
    )
    _goal(s, skills, 1, "Fler vuxna tar del av kompetensutveckling")
    _goal(s, None, 3, "Attraktiva och tillgängliga livsmiljöer i hela länet")
    template = PlanTemplate.objects.get(key="handlingsplan")
    approved = strategy.plan_create(
        template=template,
        organisation=region,
        strategy=s,
        year=today.year,
        title="Handlingsplan för kompetensförsörjning",
        goals=[skills],
        owner="Regional utveckling, enheten för kompetensförsörjning",
        user=user,
    )
    workflow.save_and_submit(
        item=approved,
        data={
            "sections": {
                sec.key: f"{sec.title}: beskrivet i dialog med kommunerna."
                for sec in approved.sections.all()
            },
            "checks": {c.key: [True, ""] for c in approved.checks.all()},
        },
        expected_version=approved.version,
        user=user,
    )
    workflow.transition(
        item=approved, action="approve", expected_version=approved.version, user=user
    )
    draft = strategy.plan_create(
        template=template,
        organisation=region,
        strategy=s,
        year=today.year,
        title="Handlingsplan för klimat och energi",
        goals=[climate, emissions],
        user=user,
    )
    workflow.save(
        item=draft,
        data={
            "sections": {"bakgrund": "Transporterna står för nästan hälften av länets utsläpp."},
            "checks": {"ekologisk": [True, "Utsläppsminskningar är planens kärna."]},
        },
        expected_version=draft.version,
        user=user,
    )
    example = strategy.project_save(
        project=None,
        strategy=s,
        data={
            "slug": "kompetenslyft-hallbar-omstallning",
            "title": "Kompetenslyft för hållbar omställning",
            "owner": "Region Dalarna",
            "description": "Kompetensutveckling för små och medelstora företag i omställningen.",
            "starts": date(2022, 2, 1),
            "ends": date(2023, 12, 31),
            "grant_percent": Decimal(42),
            "grant_cap": 2_000_000,
            "contact_name": "Per Projektledare",
            "contact_email": "projektledare@demo.example.org",
            "goals": [skills],
            "action_plan": approved,
            "subgoals": [
                ("Kartlägga företagens kompetensbehov", "Enkät till företagen\nIntervjuer"),
                ("Genomföra utbildningar", "Tio kurstillfällen\nUppföljning med deltagarna"),
            ],
        },
        user=user,
    )
    strategy.budget_save(
        project=example,
        costs=[strategy.BudgetRow(n, {2022: a, 2023: b}) for n, (a, b) in DEMO_COSTS.items()],
        financing=[
            strategy.BudgetRow(n, {2022: a, 2023: b}) for n, (a, b) in DEMO_FINANCING.items()
        ],
        expected_version=None,
    )
    for report in example.reports.all():
        _report_done(
            report, user, Progress.DONE if report.period_end.year == 2023 else Progress.ON_TRACK
        )
    late = strategy.project_save(
        project=None,
        strategy=s,
        data={
            "slug": "laddinfrastruktur-landsbygd",
            "title": "Laddinfrastruktur på landsbygden",
            "owner": "Dalarnas energikontor",
            "starts": _months_ago(today, 10),
            "ends": _months_ago(today, -14) - timedelta(days=1),
            "grant_percent": Decimal(50),
            "grant_cap": 1_500_000,
            "contact_name": "Lena Laddare",
            "contact_email": "laddinfra@demo.example.org",
            "goals": [emissions],
            "action_plan": draft,
            "subgoals": [("Kartlägga behovet av laddpunkter", ""), ("Bygga 40 laddpunkter", "")],
        },
        user=user,
    )
    strategy.budget_save(
        project=late,
        costs=[
            strategy.BudgetRow(
                "Externa tjänster", {late.starts.year: 900_000, late.ends.year: 1_500_000}
            )
        ],
        financing=[
            strategy.BudgetRow(
                "Egen budget", {late.starts.year: 900_000, late.ends.year: 1_000_000}
            )
        ],
        expected_version=None,
    )
    first = late.reports.order_by("number").first()
    if first is not None and first.due < today:
        _report_done(first, user, Progress.ON_TRACK)
    waiting = strategy.project_save(
        project=None,
        strategy=s,
        data={
            "slug": "hallbar-besoksnaring",
            "title": "Hållbar besöksnäring i fjällen",
            "owner": "Visit Dalarna",
            "starts": _months_ago(today, 6),
            "ends": _months_ago(today, -18) - timedelta(days=1),
            "contact_name": "Bo Besök",
            "contact_email": "besok@demo.example.org",
            "subgoals": [("Fler året-runt-arbetstillfällen", "")],
        },
        user=user,
    )
    strategy.budget_save(
        project=waiting,
        costs=[
            strategy.BudgetRow("Egen personal", {y: 400_000 for y in waiting.years()}),
            strategy.BudgetRow("Externa tjänster", {y: 250_000 for y in waiting.years()}),
        ],
        financing=[strategy.BudgetRow("Egen budget", {y: 650_000 for y in waiting.years()})],
        expected_version=None,
    )
    to_review = waiting.reports.order_by("number").first()
    if to_review is not None:
        workflow.save_and_submit(
            item=to_review,
            data={
                "summary": "Förstudien är klar; tre destinationer deltar.",
                "spent": 210_000,
                "progress": {"1": [Progress.ON_TRACK, "Enligt plan."]},
            },
            expected_version=to_review.version,
            user=None,
            note="projektledaren, via den personliga länken",
        )
    _trust_survey(s, today.year, Table, surveys, Survey, Indicator, TrustMeasure, strategy)
    _rus_operations(today.year)
    return True


def _report_done(report: Any, user: User, status: str) -> None:
    from rus.strategy.services import planned_to_date
    from rus.workflow import services as workflow

    workflow.save_and_submit(
        item=report,
        data={
            "summary": "Aktiviteterna genomförda enligt plan.",
            "spent": planned_to_date(report.project, report.period_end),
            "progress": {str(sg.number): [status, ""] for sg in report.project.subgoals.all()},
        },
        expected_version=report.version,
        user=user,
    )
    workflow.transition(item=report, action="approve", expected_version=report.version, user=user)


def _trust_survey(
    s: Any,
    year: int,
    Table: Any,
    surveys: Any,
    Survey: Any,
    Indicator: Any,
    TrustMeasure: Any,
    strategy: Any,
) -> None:
    """The partnership's yearly survey, three editions with rising trust."""
    indicator = Indicator.objects.create(
        code="fortroende-partnerskap-dalarna",
        name_sv="Förtroende för det regionala utvecklingsarbetet (Dalarna)",
        name_en="Trust in the regional development work (Dalarna)",
        description_sv="Andel av partnerskapet som svarar 4 eller 5 på frågan om förtroende "
        "för det regionala utvecklingsarbetet, i den årliga partnerskapsenkäten.",
        unit="procent",
        dpsir=Indicator.Dpsir.RESPONSE,
        direction=Indicator.Direction.POSITIVE,
        source="Region Dalarna, partnerskapsenkäten",
        area_levels=["county"],
    )
    indicator.goals.add(*s.framework.goals.filter(parent__isnull=True))
    admin = User.objects.get(username="admin")
    for offset, high in ((3, 14), (2, 17), (1, 19)):
        edition = year - offset
        survey, _created = surveys.import_definition(
            {
                "slug": f"partnerskapsenkat-dalarna-{edition}",
                "series": "partnerskapsenkat-dalarna",
                "edition": edition,
                "title": "Partnerskapsenkäten – Dalastrategin",
                "questions": [
                    {
                        "code": "fortroende",
                        "text": "Hur stort förtroende har du för det regionala utvecklingsarbetet? "
                        "(1 = mycket litet, 5 = mycket stort)",
                        "kind": "scale",
                        "min": 1,
                        "max": 5,
                        "required": True,
                    }
                ],
            },
            label="demo",
            user=admin,
        )
        # 30 answers: ``high`` of them 4 or 5.
        answers = ["5" if i % 3 == 0 else "4" for i in range(high)] + [
            str(1 + i % 3) for i in range(30 - high)
        ]
        rows = [(i + 2, [a]) for i, a in enumerate(answers)]
        surveys.import_responses(survey, Table.from_rows("demo.csv", ["fortroende"], rows))
        surveys.set_state(survey=survey, state=Survey.State.CLOSED)
        surveys.publish_results(survey=survey, publish=True)
    measure = TrustMeasure.objects.create(
        strategy=s,
        series="partnerskapsenkat-dalarna",
        question_code="fortroende",
        options="4,5",
        indicator=indicator,
    )
    strategy.record_trust(measure)


def _rus_operations(year: int) -> None:
    from rus.goals.models import Goal
    from rus.strategy import services as strategy
    from rus.strategy.models import PlanTemplate

    rus = Organisation.objects.get(key="rus")
    admin = User.objects.get(username="admin")
    strategy.plan_create(
        template=PlanTemplate.objects.get(key="verksamhetsplan-rus"),
        organisation=rus,
        strategy=None,
        year=year + 1,
        title=f"Verksamhetsplan för RUS {year + 1}",
        owner="RUS styrgrupp",
        user=admin,
    )
    objectives = {
        g.number: g for g in Goal.objects.filter(framework__code="miljomal", kind="objective")
    }
    strategy.rate_save(year=year, annual_cost=950_000)
    for name, key, share, lead, numbers in (
        ("Karin Ledare", "lst-03", 80, True, []),
        ("Erik Klimat", "lst-12", 30, False, [1, 2]),
        ("Maria Vatten", "lst-14", 30, False, [7, 8, 10]),
        ("Olof Skog", "lst-20", 30, False, [12, 13]),
        ("Sofia Natur", "lst-24", 30, False, [3, 4, 5, 6]),
        ("Anders Bebyggelse", "lst-01", 30, False, [11, 14, 15, 16]),
        ("Lina Data", "lst-03", 20, False, [9]),
    ):
        strategy.member_save(
            member=None,
            data={
                "year": year,
                "name": name,
                "organisation": Organisation.objects.get(key=key),
                "share_percent": share,
                "lead": lead,
                "areas": "Samordning och verksamhetsplan" if lead else "",
                "objectives": [objectives[n] for n in numbers if n in objectives],
            },
            expected_version=None,
        )
