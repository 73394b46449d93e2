"""Bookable offers: a date is booked once and a board books its share, however many ask at
the same moment — refused by the database, not by a check before the write."""

import threading
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TransactionTestCase

from rus.accounts.models import Membership, User
from rus.areas.models import Area
from rus.calendar import services
from rus.calendar.models import Booking, Offer, OfferDate
from rus.organisations.models import Organisation


class SimultaneousBookingTests(TransactionTestCase):
    def setUp(self):
        sweden = Area.objects.create(code="00", level="country", name="Sverige")
        self.boards = []
        self.users = []
        for n in range(20):
            area = Area.objects.create(
                code=f"{n + 1:02d}", level="county", name=f"Län {n}", parent=sweden
            )
            board = Organisation.objects.create(
                key=f"lst-{n:02d}", kind="lansstyrelse", name=f"Länsstyrelse {n}", area=area
            )
            user = User.objects.create_user(f"samordnare{n}", f"s{n}@example.org", "x" * 16)
            Membership.objects.create(user=user, organisation=board, role="coordinator")
            self.boards.append(board)
            self.users.append(user)
        self.offer = Offer.objects.create(
            title="Kurs i förändringsledning",
            price=60000,
            payer="Länsstyrelsen",
            organisation_kind="lansstyrelse",
        )
        self.dates = [
            OfferDate.objects.create(offer=self.offer, start_date=date(2027, m, d))
            for m, d in ((1, 25), (2, 16), (3, 22), (4, 26))
        ]

    def test_twenty_boards_ask_for_one_date_at_once(self):
        barrier = threading.Barrier(20)
        outcomes: list[str] = []
        lock = threading.Lock()

        def attempt(n: int) -> None:
            try:
                barrier.wait()
                services.book(
                    offer=self.offer,
                    date_id=self.dates[0].pk,
                    organisation=self.boards[n],
                    user=self.users[n],
                )
                result = "booked"
            except ValidationError as exc:
                result = exc.code or "refused"
            finally:
                connection.close()
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(outcomes), ["booked"] + ["taken"] * 19)
        self.assertEqual(Booking.objects.filter(date=self.dates[0]).count(), 1)

    def test_one_board_cannot_hold_two_bookings_of_a_one_per_board_offer(self):
        services.book(
            offer=self.offer,
            date_id=self.dates[0].pk,
            organisation=self.boards[0],
            user=self.users[0],
        )
        with self.assertRaises(ValidationError) as ctx:
            services.book(
                offer=self.offer,
                date_id=self.dates[1].pk,
                organisation=self.boards[0],
                user=self.users[0],
            )
        self.assertEqual(ctx.exception.code, "share")
        # Even written past the service, the database refuses it.
        from django.db import IntegrityError

        with self.assertRaises(IntegrityError):
            Booking.objects.create(
                offer=self.offer, date=self.dates[2], organisation=self.boards[0], slot=1
            )

    def test_two_requests_of_one_board_at_once_for_two_dates(self):
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def attempt(n: int) -> None:
            try:
                barrier.wait()
                services.book(
                    offer=self.offer,
                    date_id=self.dates[n].pk,
                    organisation=self.boards[0],
                    user=self.users[0],
                )
                outcomes.append("booked")
            except ValidationError as exc:
                outcomes.append(exc.code or "refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(outcomes), ["booked", "share"])
        self.assertEqual(Booking.objects.filter(organisation=self.boards[0]).count(), 1)
