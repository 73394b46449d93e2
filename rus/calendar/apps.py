from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "rus.calendar"
    label = "calendar"
    verbose_name = _("Calendar")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from rus.calendar.models import Booking, Event, EventException, Offer, OfferDate

        for model in (Event, EventException, Offer, OfferDate, Booking):
            auditlog.register(model)
