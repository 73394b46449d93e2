from datetime import date

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from rus.followup import services
from rus.followup.models import Assessment, AssessmentTemplate, FollowUpRound
from rus.followup.tests.helpers import COMPLETE, FollowUpTestCase, mark_published
from rus.outbox.models import Delivery
from rus.workflow import services as workflow
from rus.workflow.models import Comment


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

    def test_every_assessment_starts_with_a_first_version_to_compare_with(self):
        rnd = self.open_round()
        for a in rnd.assessments.all():
            self.assertEqual(
                list(workflow.versions(a).values_list("number", "state")), [(1, "draft")]
            )

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

    def test_an_incomplete_assessment_is_refused_whole_and_the_next_save_works(self):
        rnd = self.open_round()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        cora = self.as_user(self.cora)
        before = a.version
        r = self.post(cora, a, "submit", reached="nara", summary="Halterna minskar.")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "”Utveckling i miljön” måste fyllas i innan du skickar in.")
        self.assertContains(r, "”Motivering” måste fyllas i innan du skickar in.")
        self.assertContains(r, "Halterna minskar.")  # the input is still in the form
        a.refresh_from_db()
        self.assertEqual((a.version, a.summary, a.state), (before, "", "draft"))
        # The form still carries the version it started from, so saving now works.
        r = cora.post(
            reverse("followup:assessment", args=[a.pk]),
            {"action": "save", "version": before, "summary": "Halterna minskar."},
        )
        self.assertEqual(r.status_code, 302)
        a.refresh_from_db()
        self.assertEqual(a.summary, "Halterna minskar.")

    def test_draft_submit_return_fix_approve_publish(self):
        rnd = self.open_round()
        rnd.deadline = date(2020, 11, 30)
        rnd.save()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        cora, rita, alice = (
            self.as_user(self.cora),
            self.as_user(self.rita),
            self.as_user(self.alice),
        )
        public = reverse("followup:county", args=[2026, "03"])

        r = self.post(cora, a, "submit", **COMPLETE)
        self.assertEqual(r.status_code, 302)
        a.refresh_from_db()
        self.assertEqual(a.state, Assessment.State.SUBMITTED)

        r = self.post(rita, a, "return", comment="")
        self.assertContains(r, "Skriv varför i kommentaren.")
        self.post(rita, a, "return", comment="Hänvisa till mätstationerna.")
        a.refresh_from_db()
        self.assertEqual(a.state, Assessment.State.RETURNED)
        page = cora.get(reverse("followup:assessment", args=[a.pk])).content.decode()
        # The reviewer's comment heads the page, above the form.
        self.assertLess(
            page.index("Hänvisa till mätstationerna."), page.index('id="assessment-form"')
        )

        self.post(
            cora,
            a,
            "submit",
            **{**COMPLETE, "justification": "Mätningar 2025 vid tre stationer."},
        )
        review_page = rita.get(reverse("followup:assessment", args=[a.pk]))
        # The reviewer sees the words that changed since the version they returned.
        self.assertRegex(
            review_page.content.decode(),
            r"Mätningar 2025<ins>[^<]*<span[^>]*>[^<]*</span> vid tre stationer<",
        )
        self.post(rita, a, "approve")
        a.refresh_from_db()
        self.assertEqual(a.state, Assessment.State.APPROVED)

        self.assertEqual(self.client.get(public).status_code, 404)  # nothing public yet
        r = alice.post(
            reverse("followup:publish", args=[2026]),
            {"national_summary": "Ett år av små framsteg.", "confirm": "on"},
        )
        self.assertRedirects(r, reverse("followup:compilation", args=[2026]))
        rnd.refresh_from_db()
        self.assertEqual(rnd.state, FollowUpRound.State.PUBLISHED)
        response = self.client.get(public)
        self.assertContains(response, "Halterna minskar.")
        # Only approved assessments are published; the others stay private.
        self.assertNotContains(response, "Grundvatten av god kvalitet")
        self.assertContains(
            self.client.get(reverse("followup:compilation", args=[2026])), "Ett år av små framsteg."
        )
        states = list(workflow.versions(a).values_list("number", "state"))
        self.assertEqual(
            [s for _n, s in states],
            [
                "draft",
                "draft",
                "submitted",
                "returned",
                "returned",
                "submitted",
                "approved",
                "published",
            ],
        )
        self.assertEqual([n for n, _s in states], list(range(1, len(states) + 1)))

    def test_return_and_approval_mail_the_coordinator_with_a_link(self):
        rnd = self.open_round()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save_and_submit(
            assessment=a, data=COMPLETE, expected_version=a.version, user=self.cora
        )
        self.post(self.as_user(self.rita), a, "return", comment="Ange mätstationerna.")
        (returned,) = Delivery.objects.filter(message__template="workflow-returned")
        self.assertEqual(returned.email, "cora@example.org")
        self.assertIn("Ange mätstationerna.", returned.message.context["comment"])
        self.assertTrue(
            returned.message.context["item_url"].endswith(f"/bedomningar/{a.pk}/"),
            returned.message.context["item_url"],
        )
        self.post(self.as_user(self.cora), a, "submit", **COMPLETE)
        self.post(self.as_user(self.rita), a, "approve")
        self.assertEqual(
            list(
                Delivery.objects.filter(message__template="workflow-approved").values_list(
                    "email", flat=True
                )
            ),
            ["cora@example.org"],
        )

    def test_publishing_before_the_deadline_needs_a_reason_and_a_confirmation(self):
        rnd = self.open_round()  # deadline 30 November 2026, in the future
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save_and_submit(
            assessment=a, data=COMPLETE, expected_version=a.version, user=self.cora
        )
        services.assessment_approve(assessment=a, expected_version=a.version, user=self.rita)
        alice = self.as_user(self.alice)
        url = reverse("followup:publish", args=[2026])
        page = alice.get(url)
        # What will and will not be published, before anything happens.
        self.assertContains(page, "1 godkänd bedömning kommer att publiceras.")
        self.assertContains(page, "5 av 6 bedömningar kommer inte att publiceras")
        self.assertContains(page, "Skåne län")  # no approved judgement there
        r = alice.post(url, {"national_summary": "x", "reason": "Tidigt."})
        self.assertEqual(r.status_code, 200)  # not confirmed: nothing happens
        self.assertEqual(FollowUpRound.objects.get(pk=rnd.pk).state, "open")
        r = alice.post(url, {"national_summary": "x", "confirm": "on"})
        self.assertContains(r, "ange varför")
        rnd.refresh_from_db()
        self.assertEqual(rnd.state, "open")
        r = alice.post(url, {"confirm": "on", "reason": "Regeringsuppdrag med tidig rapport."})
        self.assertEqual(r.status_code, 302)
        rnd.refresh_from_db()
        self.assertEqual(
            (rnd.state, rnd.publish_reason), ("published", "Regeringsuppdrag med tidig rapport.")
        )

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
        self.post(self.as_user(self.cora), a, "submit", **COMPLETE)
        self.assertEqual(self.post(self.as_user(self.cora), a, "approve").status_code, 403)
        self.assertEqual(
            self.as_user(self.cora).get(reverse("followup:dashboard", args=[2026])).status_code, 403
        )
        for path in ("followup:publish", "followup:reopen"):
            self.assertEqual(
                self.as_user(self.rita).post(reverse(path, args=[2026]), {}).status_code, 403
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
        first = workflow.comments(a).get()
        self.post(self.as_user(self.cora), a, "comment", text="Tre i Uppsala.", parent=first.pk)
        self.assertEqual(list(first.replies.values_list("text", flat=True)), ["Tre i Uppsala."])
        self.assertEqual(
            self.post(self.as_user(self.sven), a, "comment", text="Hej").status_code, 404
        )


class ConcurrentEditTests(FollowUpTestCase):
    """Two people edit the same assessment from the same starting version."""

    def setUp(self):
        rnd = self.open_round()
        self.a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        self.url = reverse("followup:assessment", args=[self.a.pk])
        self.base = {
            "version": self.a.version,
            "initial-summary": "",
            "initial-justification": "",
            "initial-actions": "",
            "initial-generational_goal": "",
        }
        self.first, self.second = Client(), Client()
        self.first.force_login(self.cora)
        self.second.force_login(self.alice)

    def test_the_other_persons_untouched_fields_are_taken_and_nothing_is_blanked(self):
        r1 = self.first.post(
            self.url, {**self.base, "action": "save", "justification": "Coras motivering."}
        )
        self.assertEqual(r1.status_code, 302)
        r2 = self.second.post(
            self.url, {**self.base, "action": "save", "summary": "Alices sammanfattning."}
        )
        self.assertEqual(r2.status_code, 200)
        self.assertContains(r2, "Någon annan sparade medan du skrev")
        self.assertContains(r2, "Coras motivering.")  # taken into the form
        self.assertContains(r2, "Alices sammanfattning.")  # the refused input is kept
        self.a.refresh_from_db()
        self.assertEqual((self.a.summary, self.a.justification), ("", "Coras motivering."))
        # Saving the form as shown now keeps both people's work.
        form = r2.context["form"]
        data = {name: form[name].value() or "" for name in ("summary", "justification", "actions")}
        r3 = self.second.post(
            self.url,
            {
                **data,
                "action": "save",
                "version": form["version"].value(),
                "initial-summary": "",
                "initial-justification": "Coras motivering.",
                "initial-actions": "",
            },
        )
        self.assertEqual(r3.status_code, 302)
        self.a.refresh_from_db()
        self.assertEqual(
            (self.a.summary, self.a.justification),
            ("Alices sammanfattning.", "Coras motivering."),
        )

    def test_a_field_both_changed_is_flagged_with_the_other_text(self):
        self.first.post(self.url, {**self.base, "action": "save", "summary": "Coras text."})
        r = self.second.post(self.url, {**self.base, "action": "save", "summary": "Alices text."})
        self.assertContains(r, "Båda har ändrat här. Den andras: ”Coras text.”")
        self.assertEqual(r.context["form"]["summary"].value(), "Alices text.")
        self.a.refresh_from_db()
        self.assertEqual(self.a.summary, "Coras text.")


class CorrectionTests(FollowUpTestCase):
    def test_reopen_correct_republish_keeps_both_versions_and_marks_the_correction(self):
        rnd = self.open_round()
        rnd.deadline = date(2020, 11, 30)
        rnd.save()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save_and_submit(
            assessment=a,
            data={**COMPLETE, "summary": "Första texten."},
            expected_version=a.version,
            user=self.cora,
        )
        services.assessment_approve(assessment=a, expected_version=a.version, user=self.rita)
        services.round_publish(rnd=rnd, user=self.alice)
        a.refresh_from_db()
        published_first = a.version

        alice = Client()
        alice.force_login(self.alice)
        url = reverse("followup:reopen", args=[2026])
        self.assertContains(alice.post(url, {"reason": ""}), "Detta fält måste fyllas i.")
        self.assertRedirects(
            alice.post(url, {"reason": "Fel siffra i Uppsala."}),
            reverse("followup:dashboard", args=[2026]),
        )
        rnd.refresh_from_db()
        self.assertEqual((rnd.state, rnd.reopen_reason), ("open", "Fel siffra i Uppsala."))
        a.refresh_from_db()
        services.assessment_transition(
            assessment=a,
            action="reopen",
            expected_version=a.version,
            user=self.cora,
            comment="Rättar sammanfattningen.",
        )
        services.assessment_save(
            assessment=a,
            data={"summary": "Rättad text."},
            expected_version=a.version,
            user=self.cora,
        )
        # While the correction is under way the public still reads the published text.
        public = reverse("followup:county", args=[2026, "03"])
        page = self.client.get(public)
        self.assertContains(page, "Första texten.")
        self.assertNotContains(page, "Rättad text.")
        services.assessment_submit(assessment=a, expected_version=a.version, user=self.cora)
        services.assessment_approve(assessment=a, expected_version=a.version, user=self.rita)
        self.assertEqual(services.round_publish(rnd=rnd, user=self.alice), 1)

        text = self.client.get(public).content.decode()
        self.assertIn("Rättad text.", text)
        self.assertIn("Rättad den", text)
        a.refresh_from_db()
        self.assertTrue(a.corrected)
        summaries = {
            v.number: v.data["summary"] for v in workflow.versions(a).filter(state="published")
        }
        self.assertEqual(summaries[published_first], "Första texten.")
        self.assertEqual(summaries[a.version], "Rättad text.")
        self.assertTrue(
            Comment.objects.filter(kind="reopened", text="Rättar sammanfattningen.").exists()
        )
        rows = self.client.get(reverse("followup:county_csv", args=[2026, "03"])).content.decode()
        self.assertIn(a.published_at.date().isoformat(), rows)


class ImportedYearTests(FollowUpTestCase):
    def test_an_imported_year_cannot_be_reopened(self):
        rnd = self.open_round(2019)
        mark_published(rnd)
        FollowUpRound.objects.filter(pk=rnd.pk).update(imported=True)
        self.client.force_login(self.alice)
        r = self.client.post(reverse("followup:reopen", args=[2019]), {"reason": "Rätta."})
        self.assertContains(r, "Ett inläst tidigare år har inga texter att rätta i rus.")
        self.assertEqual(FollowUpRound.objects.get(pk=rnd.pk).state, "published")


class FollowUpApiTests(FollowUpTestCase):
    def test_only_published_judgements_are_served(self):
        rnd = self.open_round()
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save_and_submit(
            assessment=a,
            data={
                **COMPLETE,
                "reached": "ja",
                "summary": "Bra luft.",
                "generational_goal": "Bidrag.",
            },
            expected_version=a.version,
            user=self.cora,
        )
        self.assertEqual(self.client.get("/api/v1/followup/2026/assessments").status_code, 404)
        services.assessment_approve(assessment=a, expected_version=a.version, user=self.rita)
        services.round_publish(rnd=rnd, user=self.alice, reason="Test.")
        body = self.client.get("/api/v1/followup/2026/assessments?county=03").json()
        self.assertEqual(
            [
                (i["objective"], i["reached"], i["trend"], i["summary"], i["generational_goal"])
                for i in body["items"]
            ],
            [(2, "ja", "positiv", "Bra luft.", "Bidrag.")],
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

    def test_an_open_round_tells_a_county_where_its_work_is(self):
        self.open_round()
        self.client.force_login(self.cora)
        page = self.client.get(reverse("followup:compilation", args=[2026]))
        self.assertContains(page, "Din organisations bedömningar")
        self.assertContains(page, reverse("accounts:start"))
        anonymous = Client().get(reverse("followup:compilation", args=[2026]))
        self.assertContains(anonymous, "Länsstyrelserna skriver sina bedömningar")
