"""The calendar: feeds that calendar programs expand to the right wall-clock times through
summer time, dates taken from the records themselves, reminders, registrations."""

import calendar as cal
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import time_machine
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from rus.calendar import services
from rus.calendar.models import Calendar, Event, EventException, Registration
from rus.contacts.models import ContactList
from rus.followup import services as followup
from rus.outbox import services as outbox
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.test import BaseTestCase

TZ = ZoneInfo("Europe/Stockholm")


def second_tuesdays(years: range, months: tuple[int, ...]) -> list[date]:
    """Computed here with the standard library, not with the code under test."""
    days = []
    for y in years:
        for m in months:
            tuesdays = [
                d for d in cal.Calendar().itermonthdates(y, m) if d.month == m and d.weekday() == 1
            ]
            days.append(tuesdays[1])
    return sorted(days)


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_calendar", stdout=io.StringIO())

    def expand(self, start: date, end: date) -> list[icalendar.Event]:
        body = Client().get("/kalender.ics").content
        parsed = icalendar.Calendar.from_ical(body)
        return list(recurring_ical_events.of(parsed).between(start, end))

    @time_machine.travel(datetime(2026, 1, 5, 12, tzinfo=TZ))
    def test_the_managers_meetings_stay_at_ten_through_summer_time(self):
        occurrences = [
            o
            for o in self.expand(date(2026, 1, 1), date(2028, 1, 1))
            if str(o["SUMMARY"]) == "Chefsmöte för miljömålsuppdraget"
        ]
        expected = second_tuesdays(range(2026, 2028), (2, 5, 9, 11))
        self.assertEqual([o["DTSTART"].dt.date() for o in occurrences], expected)
        for o in occurrences:
            start = o["DTSTART"].dt.astimezone(TZ)
            with self.subTest(day=start.date()):
                self.assertEqual((start.hour, start.minute), (10, 0))
                # Summer time in May and September, winter time in February and November.
                summer = start.month in (5, 9)
                self.assertEqual(start.utcoffset(), timedelta(hours=2 if summer else 1))

    @time_machine.travel(datetime(2026, 1, 5, 12, tzinfo=TZ))
    def test_a_rounds_deadline_comes_from_the_round_and_replaces_the_planned_day(self):
        from rus.accounts.models import User

        user = User.objects.create_user("alice", "a@example.org", "x" * 16)
        followup.round_open(year=2026, user=user, deadline=date(2026, 11, 27))
        titles = {
            (str(o["SUMMARY"]), o["DTSTART"].dt)
            for o in self.expand(date(2026, 1, 1), date(2028, 1, 1))
            if "uppföljning" in str(o["SUMMARY"]).lower()
        }
        self.assertIn(
            ("Regional uppföljning 2026: sista dag för länen", date(2026, 11, 27)), titles
        )
        # The planned 30 November is left out in 2026, and still there in 2027.
        self.assertNotIn(("Sista dag för länens regionala uppföljning", date(2026, 11, 30)), titles)
        self.assertIn(("Sista dag för länens regionala uppföljning", date(2027, 11, 30)), titles)

    @time_machine.travel(datetime(2026, 1, 5, 12, tzinfo=TZ))
    def test_a_cancelled_and_a_moved_occurrence(self):
        meeting = Event.objects.get(key="chefsmote")
        EventException.objects.create(event=meeting, occurrence=date(2026, 5, 12), cancelled=True)
        EventException.objects.create(
            event=meeting,
            occurrence=date(2026, 9, 8),
            new_date=date(2026, 9, 10),
            new_start_time=time(13, 0),
        )
        starts = [
            o["DTSTART"].dt.astimezone(TZ)
            for o in self.expand(date(2026, 1, 1), date(2027, 1, 1))
            if str(o["SUMMARY"]) == "Chefsmöte för miljömålsuppdraget"
        ]
        self.assertEqual(
            [(s.date(), s.hour) for s in starts],
            [(date(2026, 2, 10), 10), (date(2026, 9, 10), 13), (date(2026, 11, 10), 10)],
        )
        # The page of the month shows the moved meeting on its new day.
        page = Client().get(reverse("calendar:month") + "?manad=2026-09").content.decode()
        self.assertIn("flyttad", page)
        self.assertIn(reverse("calendar:event", args=[meeting.pk, "2026-09-08"]), page)


class ReminderTests(BaseTestCase):
    def setUp(self):
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        calendar = Calendar.objects.create(key="rus", name_sv="RUS årshjul")
        coordinators = ContactList.objects.get(key="rus-kontaktpersoner-lansstyrelserna")
        self.deadline = Event.objects.create(
            calendar=calendar,
            title_sv="Sista dag att anmäla deltagare till Nobelmötet",
            category="deadline",
            start_date=date(2026, 11, 20),
            audience=coordinators,
            remind_days=7,
        )

    def test_sent_once_seven_days_before(self):
        for day, expected in (
            (date(2026, 11, 12), 0),
            (date(2026, 11, 13), 1),
            (date(2026, 11, 13), 0),
            (date(2026, 11, 14), 0),
        ):
            with (
                time_machine.travel(datetime.combine(day, time(8), tzinfo=TZ)),
                self.subTest(day=day),
            ):
                self.assertEqual(services.send_reminders(), expected)
                outbox.deliver_due()
        # The cast's two county-board coordinators (Ulla and Sara), once each.
        self.assertEqual(
            sorted(self.smtp.inbox.recipients()), ["sara@example.org", "ulla@example.org"]
        )
        (mail,) = self.smtp.inbox.to("ulla@example.org")
        self.assertEqual(
            " ".join(mail["Subject"].split()),
            "Påminnelse: Sista dag att anmäla deltagare till Nobelmötet den 2026-11-20",
        )


class RegistrationTests(BaseTestCase):
    def setUp(self):
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        calendar = Calendar.objects.create(key="rus", name_sv="RUS årshjul")
        self.event = Event.objects.create(
            calendar=calendar,
            title_sv="Kurs i förändringsledning",
            category="course",
            start_date=date(2027, 1, 25),
            start_time=time(9),
            end_date=date(2027, 1, 26),
            end_time=time(16),
            registration=True,
            capacity=1,
            location="Visby",
        )

    def test_a_waiting_list_moves_up_when_someone_cancels(self):
        url = reverse("calendar:event", args=[self.event.pk, "2027-01-25"])
        first = Client().post(
            url, {"action": "register", "name": "Ada", "email": "ada@example.org"}
        )
        self.assertEqual(first.status_code, 302)
        Client().post(url, {"action": "register", "name": "Bo", "email": "bo@example.org"})
        states = dict(Registration.objects.values_list("email", "state"))
        self.assertEqual(states, {"ada@example.org": "registered", "bo@example.org": "waiting"})
        outbox.deliver_due()
        (confirmation,) = self.smtp.inbox.to("ada@example.org")
        ics = next(
            p for p in confirmation.iter_attachments() if p.get_content_type() == "text/calendar"
        )
        parsed = icalendar.Calendar.from_ical(ics.get_content())
        (vevent,) = parsed.walk("VEVENT")
        self.assertEqual(vevent["DTSTART"].dt, datetime(2027, 1, 25, 9, tzinfo=TZ))
        # Ada cancels through the link in her mail; Bo gets the place and a mail.
        link = next(
            line
            for line in confirmation.get_body(("plain",)).get_content().splitlines()
            if "/kalender/anmalan/" in line
        )
        Client().post(link.strip().replace("http://127.0.0.1:8000", ""))
        states = dict(Registration.objects.values_list("email", "state"))
        self.assertEqual(states, {"ada@example.org": "cancelled", "bo@example.org": "registered"})
        outbox.deliver_due()
        self.assertEqual(
            [m["Subject"] for m in self.smtp.inbox.to("bo@example.org")],
            ["Väntelista: Kurs i förändringsledning", "Anmäld: Kurs i förändringsledning"],
        )
        # The cancelled link does not cancel again; it says why.
        again = Client().get(link.strip().replace("http://127.0.0.1:8000", ""))
        self.assertContains(again, "Länken gäller inte längre", status_code=410)
