import calendar as cal
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.calendar import services
from rus.calendar.forms import OccurrenceChangeForm, RegistrationForm
from rus.calendar.models import (
    Booking,
    Calendar,
    Category,
    Event,
    EventException,
    Offer,
    Registration,
)
from rus.lib import links
from rus.lib.charts import WheelItem, year_wheel
from rus.lib.downloads import table_response


def _month_name(month: int) -> str:
    from django.utils.dates import MONTHS as DJANGO_MONTHS

    return str(DJANGO_MONTHS[month])


def _user(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _events(request: HttpRequest) -> tuple[Any, str]:
    key = request.GET.get("kalender", "")
    if key and not Calendar.objects.filter(key=key).exists():
        key = ""
    return services.visible_events(_user(request), key), key


def _staff(request: HttpRequest) -> bool:
    return access.has_national_view(request.user)


def month(request: HttpRequest) -> HttpResponse:
    """A month as a grid of weeks, Monday first."""
    today = timezone.localdate()
    raw = request.GET.get("manad", "")
    try:
        year, number = (int(p) for p in raw.split("-")) if raw else (today.year, today.month)
        first = date(year, number, 1)
    except (ValueError, TypeError):
        first = date(today.year, today.month, 1)
    last = date(first.year, first.month, cal.monthrange(first.year, first.month)[1])
    events, key = _events(request)
    found = services.occurrences(first, last, events=events, public_entries=not _staff(request))
    by_day: dict[date, list[services.Occurrence]] = {}
    for o in found:
        day = o.day
        while day <= min(o.last_day, last):
            if day >= first:
                by_day.setdefault(day, []).append(o)
            day += timedelta(days=1)
    weeks = []
    for week in cal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([(d, d.month == first.month, by_day.get(d, [])) for d in week])
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    ctx = {
        "first": first,
        "month_name": _month_name(first.month),
        "weeks": weeks,
        "today": today,
        "previous": previous,
        "following": following,
        "occurrences": found,
        "calendars": Calendar.objects.all(),
        "key": key,
        "categories": Category.choices,
    }
    return render(request, "calendar/month.html", ctx)


def upcoming(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    events, key = _events(request)
    found = services.occurrences(
        today, today + timedelta(days=365), events=events, public_entries=not _staff(request)
    )
    groups: list[tuple[str, list[services.Occurrence]]] = []
    for o in found:
        label = f"{_month_name(o.day.month)} {o.day.year}"
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(o)
    ctx = {
        "groups": groups,
        "calendars": Calendar.objects.all(),
        "key": key,
        "categories": Category.choices,
    }
    return render(request, "calendar/upcoming.html", ctx)


def year(request: HttpRequest, number: int) -> HttpResponse:
    """The year as a wheel, with the same dates in a table beside it."""
    if not 1990 <= number <= 2100:
        raise Http404
    events, key = _events(request)
    first, last = date(number, 1, 1), date(number, 12, 31)
    found = services.occurrences(first, last, events=events, public_entries=not _staff(request))
    groups = list(Category)
    items = [
        WheelItem(
            o.day.timetuple().tm_yday,
            f"{o.day:%d/%m} {o.title}",
            groups.index(Category(o.category)),
        )
        for o in found
    ]
    days = 366 if cal.isleap(number) else 365
    svg = year_wheel(
        items,
        days_in_year=days,
        month_labels=[_month_name(m)[:3] for m in range(1, 13)],
        month_starts=[date(number, m, 1).timetuple().tm_yday for m in range(1, 13)],
        group_labels=[str(c.label) for c in groups],
        title=_("The year %(year)s") % {"year": number},
        description=_(
            "Dates of the year around a wheel, January at the top; the table lists them."
        ),
    )
    ctx = {
        "year": number,
        "wheel": mark_safe(svg),  # noqa: S308  (drawn by rus; texts escaped)
        "occurrences": found,
        "calendars": Calendar.objects.all(),
        "key": key,
        "categories": Category.choices,
    }
    return render(request, "calendar/year.html", ctx)


def _occurrence(event: Event, day: date) -> services.Occurrence | None:
    for o in services.occurrences(
        day - timedelta(days=400), day + timedelta(days=400), events=[event], with_entries=False
    ):
        if o.original == day:
            return o
    return None


@require_http_methods(["GET", "POST"])
def event(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """One occurrence: when and where, add to calendar, registration, and for RUS's
    administrators the participants and changing this one occurrence."""
    found = get_object_or_404(Event.objects.prefetch_related("exceptions"), pk=pk)
    if found not in services.visible_events(_user(request)):
        raise Http404
    try:
        original = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    occurrence = _occurrence(found, original)
    if occurrence is None:
        raise Http404("No such occurrence")
    admin = access.is_administrator(request.user)
    form = RegistrationForm(request.POST if request.POST.get("action") == "register" else None)
    change = OccurrenceChangeForm(request.POST if request.POST.get("action") == "change" else None)
    if request.method == "POST":
        if request.POST.get("action") == "register" and form.is_valid():
            try:
                registration = services.register(
                    event=found, occurrence=original, data=form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("You are registered. A confirmation is on its way by e-mail.")
                    if registration.state == Registration.State.REGISTERED
                    else _(
                        "The event is full: you are on the waiting list and will hear if a "
                        "place comes free."
                    ),
                )
                return redirect(request.path)
        elif request.POST.get("action") == "change":
            if not admin:
                raise PermissionDenied
            if change.is_valid():
                data = change.cleaned_data
                with transaction.atomic():
                    EventException.objects.update_or_create(
                        event=found,
                        occurrence=original,
                        defaults={
                            "cancelled": data["cancelled"],
                            "new_date": data["new_date"],
                            "new_start_time": data["new_start_time"],
                            "note": data["note"],
                        },
                    )
                messages.success(request, _("The occurrence was changed."))
                return redirect(request.path)
    registrations = (
        found.registrations.filter(occurrence=original).exclude(state=Registration.State.CANCELLED)
        if admin
        else []
    )
    ctx = {
        "event": found,
        "occurrence": occurrence,
        "original": original,
        "form": form,
        "change": change,
        "admin": admin,
        "registrations": registrations,
        "open_for_registration": found.registration
        and (found.registration_closes is None or timezone.localdate() <= found.registration_closes)
        and occurrence.day >= timezone.localdate(),
        "places_left": _places_left(found, original),
    }
    return render(request, "calendar/event.html", ctx)


def _places_left(event: Event, day: date) -> int | None:
    if event.capacity is None:
        return None
    taken = event.registrations.filter(occurrence=day, state=Registration.State.REGISTERED).count()
    return max(event.capacity - taken, 0)


def participants(request: HttpRequest, pk: int, day: str, kind: str) -> HttpResponse:
    access.require_administrator(request.user)
    found = get_object_or_404(Event, pk=pk)
    rows = [
        [
            r.name,
            r.email,
            r.organisation_name,
            r.get_state_display(),
            r.created_at.strftime("%Y-%m-%d %H:%M"),
        ]
        for r in found.registrations.filter(occurrence=day).exclude(
            state=Registration.State.CANCELLED
        )
    ]
    header = [_("Name"), _("E-mail"), _("Organisation"), _("State"), _("Registered at")]
    return table_response(f"deltagare-{found.pk}-{day}", _("Participants"), header, rows, kind)


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Event.objects.prefetch_related("exceptions"), pk=pk)
    if found not in services.visible_events(_user(request)):
        raise Http404
    response = HttpResponse(
        services.build_calendar([found], name=found.title).to_ical(),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="handelse-{found.pk}.ics"'
    return response


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def public_feed(request: HttpRequest) -> HttpResponse:
    """The public calendar, for calendar programs to subscribe to."""
    today = timezone.localdate()
    key = request.GET.get("kalender", "")
    events = services.visible_events(None, key)
    body = services.feed(
        events, today - timedelta(days=365), today + timedelta(days=2 * 365), "rus"
    )
    return _ics(body, "kalender")


def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A signed-in user's own feed, through a secret address they can renew."""
    try:
        link = links.read(token, services.FEED_LINK)
    except links.LinkProblem:
        raise Http404("Not a valid feed address") from None
    from rus.accounts.models import User

    user = User.objects.filter(pk=link.subject.partition(":")[2] or 0, is_active=True).first()
    if user is None:
        raise Http404
    today = timezone.localdate()
    body = services.feed(
        services.visible_events(user),
        today - timedelta(days=365),
        today + timedelta(days=2 * 365),
        "rus",
        public_entries=not access.has_national_view(user),
    )
    return _ics(body, "min-kalender")


@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    user = access.acting_user(request.user)
    if request.method == "POST":
        services.renew_feed_link(user)
        messages.success(request, _("You have a new address; the old one no longer works."))
        return redirect("calendar:subscribe")
    ctx = {
        "personal": services.feed_link(user),
        "public": request.build_absolute_uri("/kalender.ics"),
        "calendars": Calendar.objects.all(),
    }
    return render(request, "calendar/subscribe.html", ctx)


@require_http_methods(["GET", "POST"])
def registration(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.read(token, services.REGISTRATION_LINK)
    except links.LinkProblem as problem:
        return links.problem_page(
            request, problem, what=_("cancel your registration"), ask=_("Contact the organiser.")
        )
    found = (
        Registration.objects.select_related("event")
        .filter(pk=link.subject.partition(":")[2] or 0)
        .first()
    )
    if found is None:
        raise Http404
    if request.method == "POST":
        services.cancel_registration(registration=found)
        found.refresh_from_db()
    return render(request, "calendar/registration.html", {"registration": found})


# --- offers ------------------------------------------------------------------------------


def offers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "calendar/offers.html",
        {"offers": Offer.objects.prefetch_related("dates__booking__organisation")},
    )


@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Offer.objects.prefetch_related("dates__booking__organisation"), pk=pk)
    can_book = request.user.is_authenticated and services.may_book(request.user, found)
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "book":
                orgs = {o.pk: o for o in services.may_book(request.user, found)}
                org = orgs.get(int(request.POST.get("organisation", 0) or 0)) or (
                    next(iter(orgs.values())) if len(orgs) == 1 else None
                )
                if org is None:
                    raise PermissionDenied("Not yours to book")
                services.book(
                    offer=found,
                    date_id=int(request.POST.get("date", 0) or 0),
                    organisation=org,
                    user=access.acting_user(request.user),
                )
                messages.success(request, _("Booked. A confirmation is on its way by e-mail."))
            elif action == "cancel":
                booking = get_object_or_404(Booking, pk=request.POST.get("booking"), offer=found)
                if not (
                    access.is_administrator(request.user)
                    or access.can_change_organisation(request.user, booking.organisation)
                ):
                    raise PermissionDenied
                services.cancel_booking(booking=booking)
                messages.success(request, _("The booking was cancelled."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(found)
    ctx = {
        "offer": found,
        "dates": found.dates.all(),
        "can_book": can_book,
        "my_orgs": services.may_book(request.user, found) if request.user.is_authenticated else [],
        "admin": access.is_administrator(request.user),
    }
    return render(request, "calendar/offer.html", ctx)
