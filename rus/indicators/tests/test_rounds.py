"""A spring round from opening to publication, with who may do what."""

from datetime import date

from django.test import Client
from django.urls import reverse

from rus.indicators import rounds
from rus.indicators.models import Indicator, IndicatorUpdate, Observation, UpdateRound
from rus.test import BaseTestCase
from rus.workflow import services as workflow


class RoundWorkflowTests(BaseTestCase):
    indicator: Indicator

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.create(
            code="skog", name_sv="Skyddad skog", unit="ha", area_levels=["county"]
        )
        Indicator.objects.create(
            code="kommunal", name_sv="Bara kommuner", unit="st", area_levels=["municipality"]
        )

    def as_user(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def open_round(self) -> UpdateRound:
        response = self.as_user(self.alice).post(
            reverse("indicators:rounds"),
            {"season": "spring", "year": 2026, "deadline": "2026-04-30"},
        )
        rnd = UpdateRound.objects.get()
        self.assertRedirects(response, reverse("indicators:round", args=[rnd.pk]))
        return rnd

    def post_update(self, client: Client, update: IndicatorUpdate, action: str, **data):
        update.refresh_from_db()
        form = {
            "action": action,
            "version": update.version,
            "v-TOTAL_FORMS": 3,
            "v-INITIAL_FORMS": 0,
            "v-MIN_NUM_FORMS": 0,
            "v-MAX_NUM_FORMS": 1000,
            **data,
        }
        return client.post(reverse("indicators:update", args=[update.pk]), form)

    def public_values(self):
        return list(
            Observation.objects.filter(
                indicator=self.indicator, is_public=True, is_current=True
            ).values_list("area__code", "period", "value")
        )

    def test_open_update_review_publish(self):
        rnd = self.open_round()
        # One update per county board for county-level indicators only.
        self.assertEqual(
            set(rnd.updates.values_list("organisation__key", "indicator__code")),
            {("lst-03", "skog"), ("lst-12", "skog")},
        )
        update = rnd.updates.get(organisation=self.uppsala)
        cora, rita = self.as_user(self.cora), self.as_user(self.rita)

        r = self.post_update(
            cora,
            update,
            "submit",
            comment="Mer skyddad skog.",
            **{"v-0-period": "2025", "v-0-value": "1234,5"},
        )
        self.assertEqual(r.status_code, 302)
        update.refresh_from_db()
        self.assertEqual(update.state, IndicatorUpdate.State.SUBMITTED)
        self.assertEqual(list(update.values.values_list("period", "value")), [("2025", 1234.5)])

        r = self.post_update(rita, update, "return", comment="Ange källan i kommentaren.")
        update.refresh_from_db()
        self.assertEqual(update.state, "returned")
        self.assertEqual(
            workflow.latest_comment(update, "returned").text, "Ange källan i kommentaren."
        )
        self.assertContains(
            cora.get(reverse("indicators:update", args=[update.pk])), "Ange källan i kommentaren."
        )

        self.post_update(
            cora,
            update,
            "submit",
            comment="Mer skyddad skog (källa: länsstyrelsen).",
            **{"v-0-period": "2025", "v-0-value": "1250"},
        )
        self.post_update(rita, update, "approve")
        update.refresh_from_db()
        self.assertEqual(update.state, IndicatorUpdate.State.APPROVED)

        # Nothing is public before the round is published.
        self.assertEqual(self.public_values(), [])
        page = self.client.get(reverse("indicators:detail", args=["skog"]) + "?omrade=03")
        self.assertNotContains(page, "källa: länsstyrelsen")

        r = self.as_user(self.alice).post(
            reverse("indicators:round_publish", args=[rnd.pk]),
            {"confirm": "on", "reason": "Alla län har lämnat sina värden."},
        )
        self.assertEqual(r.status_code, 302)
        rnd.refresh_from_db()
        self.assertEqual(rnd.state, UpdateRound.State.PUBLISHED)
        self.assertEqual(self.public_values(), [("03", "2025", 1250.0)])
        page = self.client.get(reverse("indicators:detail", args=["skog"]) + "?omrade=03")
        self.assertContains(page, "Mer skyddad skog (källa: länsstyrelsen).")

    def test_who_may_do_what(self):
        rnd = self.open_round()
        update = rnd.updates.get(organisation=self.uppsala)
        url = reverse("indicators:update", args=[update.pk])
        self.assertEqual(self.as_user(self.sven).get(url).status_code, 404)
        self.assertEqual(self.as_user(self.vera).get(url).status_code, 200)
        self.assertEqual(
            self.post_update(self.as_user(self.vera), update, "save", comment="x").status_code, 403
        )
        self.assertEqual(
            self.post_update(self.as_user(self.sven), update, "save", comment="x").status_code, 404
        )
        # A coordinator cannot approve, even its own update.
        self.post_update(self.as_user(self.cora), update, "submit", comment="klar")
        self.assertEqual(
            self.post_update(self.as_user(self.cora), update, "approve").status_code, 403
        )
        # Only administrators open and publish rounds.
        r = self.as_user(self.rita).post(
            reverse("indicators:round_publish", args=[rnd.pk]), {"confirm": "on", "reason": "x"}
        )
        self.assertEqual(r.status_code, 403)
        r = self.as_user(self.cora).post(
            reverse("indicators:rounds"),
            {"season": "autumn", "year": 2026, "deadline": "2026-10-31"},
        )
        self.assertEqual(r.status_code, 403)

    def test_second_save_with_a_stale_version_is_refused(self):
        rnd = rounds.round_open(
            year=2026, season="autumn", deadline=date(2026, 10, 31), user=self.alice
        )
        update = rnd.updates.get(organisation=self.uppsala)
        stale = update.version
        self.post_update(self.as_user(self.cora), update, "save", comment="Första texten")
        r = self.as_user(self.alice).post(
            reverse("indicators:update", args=[update.pk]),
            {
                "action": "save",
                "version": stale,
                "comment": "Andra texten",
                "v-TOTAL_FORMS": 0,
                "v-INITIAL_FORMS": 0,
                "v-MIN_NUM_FORMS": 0,
                "v-MAX_NUM_FORMS": 1000,
            },
        )
        self.assertContains(r, "Någon annan sparade medan du skrev")
        self.assertContains(r, "Andra texten")
        update.refresh_from_db()
        self.assertEqual(update.comment, "Första texten")

    def test_publishing_early_needs_a_reason(self):
        rnd = rounds.round_open(
            year=2026, season="autumn", deadline=date(2099, 10, 31), user=self.alice
        )
        r = self.as_user(self.alice).post(
            reverse("indicators:round_publish", args=[rnd.pk]), {"confirm": "on"}
        )
        self.assertContains(r, "ange varför")
        rnd.refresh_from_db()
        self.assertEqual(rnd.state, UpdateRound.State.OPEN)

    def test_invalid_values_are_named(self):
        rnd = self.open_round()
        update = rnd.updates.get(organisation=self.uppsala)
        r = self.post_update(
            self.as_user(self.cora),
            update,
            "save",
            **{"v-0-period": "2025", "v-0-value": "", "v-1-period": "20x5", "v-1-value": "3"},
        )
        self.assertContains(
            r, "Ange ett värde, eller markera det som saknat eller sekretessbelagt."
        )
        self.assertEqual(update.values.count(), 0)
