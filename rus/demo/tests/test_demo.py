"""The demo that `make run` loads: every role has work waiting, and loading twice adds nothing."""

import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from rus.demo.services import DEMO_USERS
from rus.followup.models import Assessment
from rus.indicators.models import IndicatorUpdate, Observation, UpdateRound
from rus.referencedata.services import load_reference_data


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=settings.RUS_DATA_DIR)
        call_command("load_indicator_data", stdout=io.StringIO())

    def load(self, var: Path) -> str:
        out = io.StringIO()
        with override_settings(DEBUG=True, VAR_DIR=var):
            call_command("load_demo", stdout=out)
        return out.getvalue()

    def test_every_role_has_something_to_try(self):
        with tempfile.TemporaryDirectory() as tmp:
            printed = self.load(Path(tmp))
            password = (Path(tmp) / "demo-password.txt").read_text().strip()
            again = self.load(Path(tmp))
        for username, *_ in DEMO_USERS:
            self.assertIn(f"  {username} ", printed)
            response = self.client.post("/logga-in/", {"username": username, "password": password})
            # The printed login works and lands on the user's own start page.
            self.assertRedirects(response, "/mina-uppgifter/", msg_prefix=username)
            self.client.logout()
        self.assertEqual(printed.count("prova: "), len(DEMO_USERS))
        year = timezone.localdate().year
        uppsala = Assessment.objects.filter(round__year=year, area__code="03")
        states = {a.goal.number: a.state for a in uppsala.select_related("goal")}
        self.assertEqual(
            {n: states[n] for n in (2, 3, 4, 7)},
            {2: "returned", 3: "approved", 4: "submitted", 7: "draft"},
        )
        self.assertEqual(uppsala.get(goal__number=7).summary[:6], "Utkast")
        # The reviewer's queue spans counties.
        submitted = Assessment.objects.filter(round__year=year, state="submitted")
        self.assertEqual(
            sorted(set(submitted.values_list("area__code", flat=True))), ["01", "03", "12"]
        )
        autumn = UpdateRound.objects.get(year=year, season="autumn")
        self.assertEqual(autumn.state, UpdateRound.State.OPEN)
        self.assertTrue(
            IndicatorUpdate.objects.filter(round=autumn, organisation__key="lst-03")
            .exclude(comment="")
            .exists()
        )
        # A second load prints the logins again and creates nothing new.
        self.assertNotIn("Demo work created", again)
        self.assertEqual(Assessment.objects.filter(round__year=year, state="submitted").count(), 5)
        # Region Dalarna: an overdue status report tops the portfolio, one waits for review,
        # the example project's budget balances with the cap binding, and the partnership
        # survey's three editions are an indicator.
        from rus.strategy import selectors as strategy_selectors
        from rus.strategy.models import Strategy

        rows = strategy_selectors.portfolio(Strategy.objects.get())
        self.assertEqual([r.state_key for r in rows], ["overdue", "waiting", "ok"])
        example = rows[2].budget
        self.assertTrue(example.balanced)
        assert example.grant is not None
        self.assertEqual((example.grant.amount, example.grant.binding), (2_000_000, "cap"))
        self.assertEqual(
            Observation.objects.filter(indicator__code="fortroende-partnerskap-dalarna").count(), 3
        )
