from django.contrib import admin

from rus.calendar.models import Calendar, Event, EventException, Offer, OfferDate
from rus.lib.admin import PublicDataAdmin


@admin.register(Calendar)
class CalendarAdmin(PublicDataAdmin):
    list_display = ["name_sv", "key"]


class ExceptionInline(admin.TabularInline):
    model = EventException
    extra = 0


@admin.register(Event)
class EventAdmin(PublicDataAdmin):
    """Events and the årshjul are plain data: one row each, changed here."""

    list_display = ["title_sv", "calendar", "category", "start_date", "rrule", "public"]
    list_filter = ["calendar", "category", "public", "registration"]
    search_fields = ["title_sv", "title_en"]
    inlines = [ExceptionInline]


class OfferDateInline(admin.TabularInline):
    model = OfferDate
    extra = 1


@admin.register(Offer)
class OfferAdmin(PublicDataAdmin):
    list_display = ["title", "price", "per_organisation", "open"]
    inlines = [OfferDateInline]
