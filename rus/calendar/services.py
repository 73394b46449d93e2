"""Occurrences, feeds, reminders, registrations and bookings.

One expansion serves the pages and the feeds: the events are written as iCalendar (RRULE,
EXDATE for cancelled occurrences, RECURRENCE-ID for moved ones, times in Europe/Stockholm)
and expanded by ``recurring_ical_events``, the same library a calendar program would use.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rus.accounts.models import User
from rus.calendar import registry
from rus.calendar.models import Booking, Event, Offer, OfferDate, Registration
from rus.contacts import selectors as contacts
from rus.lib import links
from rus.outbox import services as outbox
from rus.outbox.models import Message

TZ = ZoneInfo("Europe/Stockholm")
FEED_LINK = "calendar.feed"
REGISTRATION_LINK = "calendar.registration"


@dataclass
class Occurrence:
    title: str
    start: date | datetime
    end: date | datetime | None
    category: str
    url: str
    location: str = ""
    description: str = ""
    public: bool = True
    event: Event | None = None
    original: date | None = None  # the occurrence's date before any move
    moved: bool = False
    uid: str = ""

    @property
    def day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        if self.end is None:
            return self.day
        end = self.end.date() if isinstance(self.end, datetime) else self.end - timedelta(days=1)
        return max(end, self.day)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def time_label(self) -> str:
        if self.all_day:
            return ""
        assert isinstance(self.start, datetime)
        label = self.start.astimezone(TZ).strftime("%H.%M")
        if isinstance(self.end, datetime):
            label += "–" + self.end.astimezone(TZ).strftime("%H.%M")
        return label


# --- iCalendar ---------------------------------------------------------------------------


def _when(day: date, at: time | None) -> date | datetime:
    return datetime.combine(day, at, tzinfo=TZ) if at is not None else day


def _span(event: Event, day: date, start: time | None, end: time | None) -> tuple[Any, Any]:
    length = (event.end_date - event.start_date) if event.end_date else timedelta(0)
    first = _when(day, start)
    if start is None:
        return first, day + length + timedelta(days=1)  # all-day: DTEND is exclusive
    last_day = day + length
    return first, _when(last_day, end or start)


def event_components(event: Event) -> list[icalendar.Event]:
    """The event as iCalendar: the master (with its rule and cancelled dates) and one
    component per moved occurrence."""
    master = icalendar.Event()
    master.add("uid", event.uid)
    master.add("summary", event.title)
    master.add("dtstamp", timezone.now())
    start, end = _span(event, event.start_date, event.start_time, event.end_time)
    master.add("dtstart", start)
    master.add("dtend", end)
    master.add("categories", [event.category])
    if event.description:
        master.add("description", event.description)
    if event.location:
        master.add("location", event.location)
    master.add("url", outbox.site_url(event.get_absolute_url()))
    if event.rrule:
        master.add("rrule", icalendar.vRecur.from_ical(event.rrule))
    components = [master]
    for ex in event.exceptions.all():
        original = _when(ex.occurrence, event.start_time)
        if ex.cancelled:
            master.add("exdate", original)
            continue
        moved = icalendar.Event()
        moved.add("uid", event.uid)
        moved.add("summary", event.title)
        moved.add("dtstamp", timezone.now())
        moved.add("recurrence-id", original)
        m_start, m_end = _span(
            event,
            ex.new_date or ex.occurrence,
            ex.new_start_time or event.start_time,
            ex.new_end_time or event.end_time,
        )
        moved.add("dtstart", m_start)
        moved.add("dtend", m_end)
        moved.add("categories", [event.category])
        if ex.note:
            moved.add("description", ex.note)
        components.append(moved)
    return components


def entry_component(entry: registry.Entry) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"{entry.uid}@{settings.EMAIL_DOMAIN}")
    component.add("summary", entry.title)
    component.add("dtstamp", timezone.now())
    component.add("dtstart", entry.day)
    component.add("dtend", entry.day + timedelta(days=1))
    component.add("categories", [entry.category])
    if entry.url:
        component.add("url", outbox.site_url(entry.url))
    if entry.description:
        component.add("description", entry.description)
    return component


def build_calendar(
    events: Iterable[Event], entries: Iterable[registry.Entry] = (), name: str = "rus"
) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//rus//kalender//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    for event in events:
        for component in event_components(event):
            cal.add_component(component)
    for entry in entries:
        cal.add_component(entry_component(entry))
    cal.add_missing_timezones()
    return cal


# --- what is in the calendar -------------------------------------------------------------


def visible_events(user: Any = None, calendar_key: str = "") -> QuerySet[Event]:
    """Public events; for a signed-in user also those for the lists they are on, and all for
    RUS's staff."""
    from rus.accounts import access

    qs = Event.objects.select_related("calendar", "audience").prefetch_related("exceptions")
    if calendar_key:
        qs = qs.filter(calendar__key=calendar_key)
    if user is not None and access.has_national_view(user):
        return qs
    condition = Q(public=True)
    if user is not None and user.is_authenticated and user.email:
        condition |= Q(audience__in=[cl.pk for cl in contacts.lists_for_email(user.email)])
    return qs.filter(condition)


def occurrences(
    start: date,
    end: date,
    *,
    events: Iterable[Event],
    with_entries: bool = True,
    public_entries: bool = True,
) -> list[Occurrence]:
    """Every occurrence from ``start`` to ``end`` (inclusive), events expanded and the
    parts' own dates added; a planned point of the year that a record replaces is left out
    in that record's year."""
    events = list(events)
    by_uid = {e.uid: e for e in events}
    entries = registry.entries(start, end) if with_entries else []
    if public_entries:
        entries = [e for e in entries if e.public]
    replaced = {(e.kind, e.day.year) for e in entries if e.kind}
    cal = build_calendar(events)
    found: list[Occurrence] = []
    for component in recurring_ical_events.of(cal).between(start, end + timedelta(days=1)):
        event = by_uid.get(str(component["UID"]))
        if event is None:
            continue
        first = component["DTSTART"].dt
        last = component["DTEND"].dt if "DTEND" in component else None
        rid = component.get("RECURRENCE-ID")
        original = rid.dt if rid is not None else first
        original_day = original.date() if isinstance(original, datetime) else original
        if event.replaced_by and (event.replaced_by, original_day.year) in replaced:
            continue
        day = first.date() if isinstance(first, datetime) else first
        if day > end:
            continue
        found.append(
            Occurrence(
                title=event.title,
                start=first,
                end=last,
                category=event.category,
                url=reverse("calendar:event", args=[event.pk, original_day.isoformat()]),
                location=event.location,
                description=event.description,
                public=event.public,
                event=event,
                original=original_day,
                moved=original_day != day,
                uid=event.uid,
            )
        )
    for entry in entries:
        found.append(
            Occurrence(
                title=entry.title,
                start=entry.day,
                end=None,
                category=entry.category,
                url=entry.url,
                description=entry.description,
                public=entry.public,
                uid=entry.uid,
            )
        )
    return sorted(found, key=lambda o: (o.day, o.time_label, o.title))


def feed(
    events: Iterable[Event], start: date, end: date, name: str, public_entries: bool = True
) -> bytes:
    """An .ics feed: the events with their rules (a calendar program expands them) and the
    parts' dates in the period."""
    events = list(events)
    entries = [e for e in registry.entries(start, end) if e.public or not public_entries]
    replaced_kinds = {(e.kind, e.day.year) for e in entries if e.kind}
    cal = build_calendar(events, entries, name)
    if replaced_kinds:
        _drop_replaced(cal, events, replaced_kinds)
    return cal.to_ical()


def _drop_replaced(
    cal: icalendar.Calendar, events: list[Event], replaced: set[tuple[str, int]]
) -> None:
    """Planned points replaced by a record's own date: their occurrences in those years are
    excluded from the rule (EXDATE), so that a subscriber sees the date once."""
    by_uid = {e.uid: e for e in events if e.replaced_by}
    for component in cal.walk("VEVENT"):
        event = by_uid.get(str(component.get("UID")))
        if event is None or "RECURRENCE-ID" in component:
            continue
        own = build_calendar([event])
        for kind, year in sorted(replaced):
            if kind != event.replaced_by:
                continue
            for occurrence in recurring_ical_events.of(own).between(
                date(year, 1, 1), date(year + 1, 1, 1)
            ):
                component.add("exdate", occurrence["DTSTART"].dt)


def feed_link(user: User) -> str:
    token = links.make(FEED_LINK, f"user:{user.pk}", days=5 * 365)
    return outbox.site_url(reverse("calendar:personal_feed", args=[token]))


def renew_feed_link(user: User) -> str:
    links.revoke(FEED_LINK, f"user:{user.pk}")
    return feed_link(user)


# --- reminders ---------------------------------------------------------------------------


def send_reminders(today: date | None = None) -> int:
    """For events with a reminder and a list: mail the list's members the given number of
    days before each occurrence, once (the outbox refuses a second message for the same
    occurrence)."""
    today = today or timezone.localdate()
    sent = 0
    events = Event.objects.filter(remind_days__isnull=False, audience__isnull=False)
    horizon = max([e.remind_days or 0 for e in events] or [0])
    for occurrence in occurrences(
        today, today + timedelta(days=horizon), events=events, with_entries=False
    ):
        event = occurrence.event
        assert event is not None and event.remind_days is not None and event.audience is not None
        if occurrence.day - timedelta(days=event.remind_days) != today:
            continue
        recipients = [
            outbox.Recipient(email=c.email, name=c.name, language=c.language, person=c.person)
            for c in contacts.members(event.audience)
        ]
        with transaction.atomic():
            message = outbox.queue(
                template="calendar-reminder",
                recipients=recipients,
                category=Message.Category.REMINDER,
                context={
                    "title": event.title_sv,
                    "day": occurrence.day.isoformat(),
                    "time": occurrence.time_label,
                    "days": event.remind_days,
                    "location": event.location,
                    "url": outbox.site_url(occurrence.url),
                    "deadline": event.category == "deadline",
                },
                cause=f"calendar.event:{event.pk}:{occurrence.original}:reminder",
            )
        if message is not None:
            sent += 1
    return sent


# --- registration ------------------------------------------------------------------------


def _ics_attachment(event: Event) -> dict[str, str]:
    return {
        "filename": "kalender.ics",
        "content": build_calendar([event], name=event.title).to_ical().decode(),
        "mimetype": "text/calendar",
    }


@transaction.atomic
def register(*, event: Event, occurrence: date, data: dict[str, str]) -> Registration:
    """Register for an occurrence; beyond the places, on the waiting list. A confirmation
    with the event as .ics and a link to cancel goes to the person."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not locked.registration:
        raise ValidationError(_("This event takes no registrations."), code="closed")
    if locked.registration_closes and timezone.localdate() > locked.registration_closes:
        raise ValidationError(_("Registration has closed."), code="closed")
    email = data["email"].strip().lower()
    if (
        Registration.objects.filter(event=locked, occurrence=occurrence, email=email)
        .exclude(state=Registration.State.CANCELLED)
        .exists()
    ):
        raise ValidationError(_("This address is already registered."), code="duplicate")
    taken = Registration.objects.filter(
        event=locked, occurrence=occurrence, state=Registration.State.REGISTERED
    ).count()
    full = locked.capacity is not None and taken >= locked.capacity
    registration = Registration.objects.create(
        event=locked,
        occurrence=occurrence,
        name=data["name"].strip(),
        email=email,
        organisation_name=data.get("organisation_name", "").strip(),
        state=Registration.State.WAITING if full else Registration.State.REGISTERED,
    )
    _confirm(registration)
    return registration


def registration_link(registration: Registration) -> str:
    expires = datetime.combine(registration.occurrence + timedelta(days=1), time(23, 59), tzinfo=TZ)
    token = links.make(REGISTRATION_LINK, registration.subject, expires=expires)
    return outbox.site_url(reverse("calendar:registration", args=[token]))


def _confirm(registration: Registration) -> None:
    event = registration.event
    outbox.queue(
        template="calendar-registration",
        recipients=[
            outbox.Recipient(
                email=registration.email,
                name=registration.name,
                context={"cancel_url": registration_link(registration)},
            )
        ],
        category=Message.Category.CONFIRMATION,
        context={
            "title": event.title_sv,
            "day": registration.occurrence.isoformat(),
            "location": event.location,
            "state": registration.state,
            "attachments": [_ics_attachment(event)]
            if registration.state == Registration.State.REGISTERED
            else [],
        },
        cause=f"calendar.registration:{registration.pk}:{registration.state}",
    )


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration | None:
    """Cancel; the first on the waiting list takes the place and is told. Returns who moved up."""
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.state == Registration.State.CANCELLED:
        return None
    was_registered = locked.state == Registration.State.REGISTERED
    locked.state = Registration.State.CANCELLED
    locked.save(update_fields=["state"])
    links.revoke(REGISTRATION_LINK, locked.subject)
    if not was_registered:
        return None
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=locked.event, occurrence=locked.occurrence, state=Registration.State.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.state = Registration.State.REGISTERED
    waiting.save(update_fields=["state"])
    _confirm(waiting)
    return waiting


# --- bookings ----------------------------------------------------------------------------


def may_book(user: Any, offer: Offer) -> list[Any]:
    """The organisations the user may book for: those of the offer's kind where the user is
    coordinator (or any, for administrators)."""
    from rus.accounts import access

    orgs = access.visible_organisations(user)
    if offer.organisation_kind:
        orgs = orgs.filter(kind=offer.organisation_kind)
    if access.is_administrator(user):
        return []  # RUS offers; the county boards book
    return [o for o in orgs if access.can_change_organisation(user, o)]


def book(*, offer: Offer, date_id: int, organisation: Any, user: User) -> Booking:
    """Book a date for an organisation. Two requests for one date, or an organisation's
    booking beyond its share, are refused by the database's unique constraints — not by a
    check that another request could slip past."""
    offer_date = OfferDate.objects.filter(pk=date_id, offer=offer).first()
    if offer_date is None:
        raise ValidationError(_("No such date for this offer."), code="date")
    if not offer.open:
        raise ValidationError(_("The offer is not open for booking."), code="closed")
    if offer.organisation_kind and organisation.kind != offer.organisation_kind:
        raise ValidationError(_("Your organisation cannot book this offer."), code="kind")
    taken = set(
        Booking.objects.filter(offer=offer, organisation=organisation).values_list(
            "slot", flat=True
        )
    )
    free = [s for s in range(1, offer.per_organisation + 1) if s not in taken]
    if not free:
        raise ValidationError(
            _("%(org)s has already booked its share of this offer.") % {"org": organisation.name},
            code="share",
        )
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                offer=offer,
                date=offer_date,
                organisation=organisation,
                slot=free[0],
                booked_by=user,
            )
            _confirm_booking(booking, user)
    except IntegrityError:
        if Booking.objects.filter(date=offer_date).exists():
            raise ValidationError(
                _("Someone else has just booked this date. Choose another."), code="taken"
            ) from None
        raise ValidationError(
            _("%(org)s has already booked its share of this offer.") % {"org": organisation.name},
            code="share",
        ) from None
    return booking


def _confirm_booking(booking: Booking, user: User) -> None:
    offer = booking.offer
    recipients = [outbox.Recipient.for_user(user)] if user.email else []
    if offer.contact_email:
        recipients.append(outbox.Recipient(email=offer.contact_email))
    outbox.queue(
        template="calendar-booking",
        recipients=recipients,
        category=Message.Category.CONFIRMATION,
        context={
            "title": offer.title,
            "day": booking.date.start_date.isoformat(),
            "last_day": booking.date.end_date.isoformat() if booking.date.end_date else "",
            "organisation": booking.organisation.name,
            "price": str(offer.price) if offer.price is not None else "",
            "payer": offer.payer,
        },
        cause=f"calendar.booking:{booking.pk}",
    )


@transaction.atomic
def cancel_booking(*, booking: Booking) -> None:
    booking.delete()
