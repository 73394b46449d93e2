"""The calendar: RUS's årshjul and other calendars of events and deadlines, with recurrence,
exceptions and moved occurrences; registrations for events; bookable offers.

Times are wall-clock times in Europe/Stockholm (a date and a time, no offset), so that a
meeting at 10.00 stays at 10.00 through summer time. Deadlines of rounds, enquiries and
surveys are not stored here: their own records put them in the calendar (``registry``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(sv: str, en: str) -> str:
    return en if get_language() == "en" and en else sv


class Category(models.TextChoices):
    DEADLINE = "deadline", _("Deadline")
    MEETING = "meeting", _("Meeting")
    CONFERENCE = "conference", _("Conference")
    COURSE = "course", _("Course")
    FUNDING = "funding", _("Funding deadline")
    OTHER = "other", _("Other")


class Calendar(models.Model):
    """A calendar of its own: RUS's årshjul, a region's strategy …"""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_sv, self.name_en)


class Event(models.Model):
    calendar = models.ForeignKey(
        Calendar, verbose_name=_("calendar"), on_delete=models.PROTECT, related_name="events"
    )
    key = models.SlugField(
        _("key"), max_length=60, blank=True, help_text=_("For events loaded from data files.")
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    location = models.CharField(_("place"), max_length=300, blank=True)
    url = models.URLField(_("web address"), blank=True)
    start_date = models.DateField(_("first day"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    rrule = models.CharField(
        _("recurrence"),
        max_length=300,
        blank=True,
        help_text=_(
            "An iCalendar rule, e.g. FREQ=YEARLY for every year, FREQ=YEARLY;BYMONTH=2,5,9,11;"
            "BYDAY=2TU for the second Tuesday of four months. Empty: once."
        ),
    )
    replaced_by = models.CharField(
        _("replaced by the records of"),
        max_length=40,
        blank=True,
        help_text=_(
            "A planned point in the year that a part's own record replaces when there is one "
            "for that year (e.g. followup.deadline)."
        ),
    )
    public = models.BooleanField(_("public"), default=True)
    audience = models.ForeignKey(
        "contacts.ContactList",
        verbose_name=_("concerns"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The list reminders go to, and whose feed shows the event."),
    )
    remind_days = models.PositiveSmallIntegerField(_("remind days before"), null=True, blank=True)
    registration = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    registration_closes = models.DateField(_("last day to register"), null=True, blank=True)
    organiser_email = models.EmailField(_("organiser's e-mail"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["start_date", "start_time"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calendar:event", args=[self.pk, self.start_date.isoformat()])

    @property
    def title(self) -> str:
        return _in_language(self.title_sv, self.title_en)

    @property
    def description(self) -> str:
        return _in_language(self.description_sv, self.description_en)

    @property
    def uid(self) -> str:
        return f"event-{self.pk}@{settings.EMAIL_DOMAIN}"


class EventException(models.Model):
    """One occurrence of a recurring event cancelled or moved."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="exceptions"
    )
    occurrence = models.DateField(_("the occurrence of"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    new_date = models.DateField(_("moved to"), null=True, blank=True)
    new_start_time = models.TimeField(_("new start"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "occurrence"]
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence"], name="calendar_exception_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.occurrence}"


class Registration(models.Model):
    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    occurrence = models.DateField(_("occurrence"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        ordering = ["event", "occurrence", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence", "email"],
                condition=~Q(state="cancelled"),
                name="calendar_registration_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.occurrence}: {self.name}"

    @property
    def subject(self) -> str:
        return f"calendar.registration:{self.pk}"


class Offer(models.Model):
    """Something RUS offers that organisations book, date by date, first come first served."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(
        _("price (SEK)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    payer = models.CharField(_("who pays"), max_length=300, blank=True)
    organisation_kind = models.CharField(
        _("who may book"),
        max_length=20,
        blank=True,
        help_text=_("A kind of organisation, e.g. county board; empty: any."),
    )
    per_organisation = models.PositiveSmallIntegerField(
        _("dates one organisation may book"), default=1
    )
    contact_email = models.EmailField(_("organiser's e-mail"), blank=True)
    open = models.BooleanField(_("open for booking"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calendar:offer", args=[self.pk])


class OfferDate(models.Model):
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="dates"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        ordering = ["offer", "start_date"]
        verbose_name = _("date of an offer")
        verbose_name_plural = _("dates of offers")

    def __str__(self) -> str:
        return f"{self.offer}: {self.start_date}"


class Booking(models.Model):
    """A date of an offer booked by an organisation. The database itself refuses a second
    booking of a date, and an organisation's booking beyond its share: ``slot`` counts an
    organisation's bookings of the offer, 1 up to the offer's share, each slot once."""

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="bookings"
    )
    date = models.OneToOneField(
        OfferDate, verbose_name=_("date"), on_delete=models.CASCADE, related_name="booking"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)

    class Meta:
        ordering = ["offer", "date__start_date"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "organisation", "slot"], name="calendar_booking_share"
            ),
            models.CheckConstraint(condition=Q(slot__gte=1), name="calendar_booking_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.date.start_date}: {self.organisation}"
