from datetime import date

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from rus.followup import services
from rus.followup.models import Assessment, AssessmentTemplate, AssessmentVersion, FollowUpRound
from rus.followup.tests.helpers import FollowUpTestCase


class RoundOpeningTests(FollowUpTestCase):
    def test_one_assessment_per_organisation_area_and_applicable_objective(self):
        rnd = self.open_round()
        self.assertEqual(
            set(rnd.assessments.values_list("organisation__key", "area__code", "goal__number")),
            {
                ("lst-03", "03", 2),
                ("lst-03", "03", 9),
                ("lst-12", "12", 2),
                ("lst-12", "12", 9),
                ("skogsstyrelsen", "03", 12),
                ("skogsstyrelsen", "12", 12),
            },
        )
        self.assertEqual((rnd.deadline, rnd.report_date), (date(2026, 11, 30), date(2027, 3, 31)))
        with self.assertRaises(ValidationError):
            self.open_round()

    def test_prefilled_from_last_year_or_from_the_template(self):
        AssessmentTemplate.objects.create(goal=self.groundwater, summary="Mall för grundvatten.")
        first = self.open_round(2025)
        a = first.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save(
            assessment=a,
            data={"reached": "nara", "trend": "positiv", "summary": "Luften blir bättre."},
            expected_version=a.version,
            user=self.cora,
        )
        second = self.open_round(2026)
        carried = second.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        self.assertEqual(
            (carried.reached, carried.trend, carried.summary),
            ("nara", "positiv", "Luften blir bättre."),
        )
        self.assertEqual(
            second.assessments.get(organisation=self.uppsala, goal=self.groundwater).summary,
            "Mall för grundvatten.",
        )

    def test_carried_forward_reached_cannot_change(self):
        first = self.open_round(2025)
        a = first.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save(
            assessment=a,
            data={"reached": "nej", "trend": "neutral"},
            expected_version=a.version,
            user=self.cora,
        )
        rnd = self.open_round(2026, carry_forward_reached=True)
        b = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        with self.assertRaisesMessage(ValidationError, "kan inte ändras"):
            services.assessment_save(
                assessment=b, data={"reached": "ja"}, expected_version=b.version, user=self.cora
            )
        services.assessment_save(
            assessment=b,
            data={"reached": "nej", "trend": "negativ"},
            expected_version=b.version,
            user=self.cora,
        )
        b.refresh_from_db()
        self.assertEqual((b.reached, b.trend), ("nej", "negativ"))


class WorkflowThroughPagesTests(FollowUpTestCase):
    def as_user(self, user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    def post(self, client: Client, a: Assessment, action: str, **data):
        a.refresh_from_db()
        return client.post(
            reverse("followup:assessment", args=[a.pk]),
            {"action": action, "version": a.version, **data},
        )

    def test_draft_submit_return_fix_approve_publish(self):
        rnd = self.open_round()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        cora, rita, alice = (
            self.as_user(self.cora),
            self.as_user(self.rita),
            self.as_user(self.alice),
        )
        public = reverse("followup:county", args=[2026, "03"])

        r = self.post(cora, a, "submit", reached="nara", trend="", summary="Halterna minskar.")
        self.assertContains(r, "Ange båda bedömningarna innan du skickar in.")
        r = self.post(
            cora,
            a,
            "submit",
            reached="nara",
            trend="positiv",
            summary="Halterna minskar.",
            justification="Mätningar 2025.",
        )
        self.assertEqual(r.status_code, 302)
        a.refresh_from_db()
        self.assertEqual(a.state, Assessment.State.SUBMITTED)

        r = self.post(rita, a, "return", comment="")
        self.assertContains(r, "Skriv vad som behöver ändras")
        self.post(rita, a, "return", comment="Hänvisa till mätstationerna.")
        a.refresh_from_db()
        self.assertEqual(a.state, Assessment.State.RETURNED)
        page = cora.get(reverse("followup:assessment", args=[a.pk]))
        self.assertContains(page, "Hänvisa till mätstationerna.")

        self.post(
            cora,
            a,
            "submit",
            reached="nara",
            trend="positiv",
            summary="Halterna minskar.",
            justification="Mätningar 2025 vid tre stationer.",
        )
        review_page = rita.get(reverse("followup:assessment", args=[a.pk]))
        self.assertContains(
            review_page, "<ins>"
        )  # the reviewer sees what changed since the last version
        self.assertContains(review_page, "tre stationer")
        self.post(rita, a, "approve")
        a.refresh_from_db()
        self.assertEqual(a.state, Assessment.State.APPROVED)

        self.assertEqual(
            self.client.get(public).status_code, 404
        )  # nothing public before publication
        r = alice.post(
            reverse("followup:dashboard", args=[2026]),
            {"action": "publish", "national_summary": "Ett år av små framsteg."},
        )
        self.assertRedirects(r, reverse("followup:compilation", args=[2026]))
        rnd.refresh_from_db()
        self.assertEqual(rnd.state, FollowUpRound.State.PUBLISHED)
        page = self.client.get(public)
        self.assertContains(page, "Halterna minskar.")
        # Only approved assessments are published; the others stay private.
        self.assertNotContains(page, "Grundvatten av god kvalitet")
        self.assertContains(
            self.client.get(reverse("followup:compilation", args=[2026])), "Ett år av små framsteg."
        )
        numbers = list(
            AssessmentVersion.objects.filter(assessment=a).values_list("number", "state")
        )
        self.assertEqual(numbers[-1][1], "published")
        self.assertEqual([n for n, _s in numbers], sorted(n for n, _s in numbers))

    def test_who_may_do_what(self):
        rnd = self.open_round()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        url = reverse("followup:assessment", args=[a.pk])
        self.assertEqual(self.as_user(self.sven).get(url).status_code, 404)
        self.assertEqual(self.as_user(self.vera).get(url).status_code, 200)
        self.assertEqual(
            self.post(self.as_user(self.vera), a, "save", summary="x").status_code, 403
        )
        self.assertEqual(
            self.post(self.as_user(self.rita), a, "save", summary="x").status_code, 403
        )
        self.post(self.as_user(self.cora), a, "submit", reached="ja", trend="positiv")
        self.assertEqual(self.post(self.as_user(self.cora), a, "approve").status_code, 403)
        self.assertEqual(
            self.as_user(self.cora).get(reverse("followup:dashboard", args=[2026])).status_code, 403
        )
        self.assertEqual(
            self.as_user(self.rita)
            .post(reverse("followup:dashboard", args=[2026]), {"action": "publish"})
            .status_code,
            403,
        )
        # Skogsstyrelsen's assessment of Levande skogar in Uppsala is not Uppsala's to change.
        forest = rnd.assessments.get(goal=self.forests, area=self.uppsala_county)
        self.assertEqual(
            self.as_user(self.cora)
            .get(reverse("followup:assessment", args=[forest.pk]))
            .status_code,
            404,
        )

    def test_threaded_comments(self):
        rnd = self.open_round()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        self.post(self.as_user(self.rita), a, "comment", text="Vilka stationer?")
        first = a.comments.get()
        self.post(self.as_user(self.cora), a, "comment", text="Tre i Uppsala.", parent=first.pk)
        self.assertEqual(list(first.replies.values_list("text", flat=True)), ["Tre i Uppsala."])
        self.assertEqual(
            self.post(self.as_user(self.sven), a, "comment", text="Hej").status_code, 404
        )

    def test_concurrent_edits_refuse_the_second_and_keep_both_texts(self):
        rnd = self.open_round()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        stale = a.version
        first, second = self.as_user(self.cora), self.as_user(self.alice)
        url = reverse("followup:assessment", args=[a.pk])
        r1 = first.post(
            url, {"action": "save", "version": stale, "summary": "Coras sammanfattning."}
        )
        self.assertEqual(r1.status_code, 302)
        r2 = second.post(
            url, {"action": "save", "version": stale, "summary": "Alices sammanfattning."}
        )
        self.assertEqual(r2.status_code, 200)
        self.assertContains(r2, "Någon annan har sparat bedömningen")
        self.assertContains(r2, "Coras sammanfattning.")  # the other person's text is shown
        self.assertContains(
            r2, "Alices sammanfattning."
        )  # and the refused text is still in the form
        a.refresh_from_db()
        self.assertEqual(a.summary, "Coras sammanfattning.")
        versions = list(a.versions.values_list("data__summary", flat=True))
        self.assertEqual(versions, ["Coras sammanfattning."])


class FollowUpApiTests(FollowUpTestCase):
    def test_only_published_judgements_are_served(self):
        rnd = self.open_round()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save(
            assessment=a,
            data={"reached": "ja", "trend": "positiv", "summary": "Bra luft."},
            expected_version=a.version,
            user=self.cora,
        )
        services.assessment_submit(assessment=a, expected_version=a.version, user=self.cora)
        self.assertEqual(self.client.get("/api/v1/followup/2026/assessments").status_code, 404)
        services.assessment_approve(assessment=a, expected_version=a.version, user=self.rita)
        services.round_publish(rnd=rnd, user=self.alice)
        body = self.client.get("/api/v1/followup/2026/assessments?county=03").json()
        self.assertEqual(
            [(i["objective"], i["reached"], i["trend"], i["summary"]) for i in body["items"]],
            [(2, "ja", "positiv", "Bra luft.")],
        )
        self.assertEqual(self.client.get("/api/v1/followup").json()["items"][0]["year"], 2026)


class OpenRoundPageTests(FollowUpTestCase):
    def test_administrator_opens_a_round_with_default_dates(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("followup:index"), {"year": "2026", "carry_forward_reached": "on"}
        )
        self.assertRedirects(response, reverse("followup:dashboard", args=[2026]))
        rnd = FollowUpRound.objects.get(year=2026)
        self.assertEqual(
            (rnd.deadline, rnd.report_date, rnd.carry_forward_reached),
            (date(2026, 11, 30), date(2027, 3, 31), True),
        )
        again = self.client.post(reverse("followup:index"), {"year": "2026"})
        self.assertContains(again, "Uppföljningsomgång med detta År finns redan.")

    def test_others_cannot(self):
        self.client.force_login(self.rita)
        self.assertEqual(
            self.client.post(reverse("followup:index"), {"year": "2026"}).status_code, 403
        )
        self.assertFalse(FollowUpRound.objects.exists())
