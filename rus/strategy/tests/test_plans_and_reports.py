"""Action plans from templates, status reports with reminders, the partnership survey as an
indicator, the goal pages and RUS's working group."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from rus.accounts.models import User
from rus.goals.models import Framework, Goal
from rus.indicators.models import Indicator, Observation
from rus.lib.tabular import Table
from rus.organisations.models import Organisation
from rus.outbox import services as outbox
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.strategy import selectors, services
from rus.strategy.models import (
    Plan,
    Progress,
    Project,
    StatusReport,
    TrustMeasure,
    WorkingGroupMember,
)
from rus.strategy.tests.helpers import RegionTestCase
from rus.surveys import services as surveys
from rus.surveys.models import Survey
from rus.workflow import services as workflow
from rus.workflow.models import State

TZ = ZoneInfo("Europe/Stockholm")


class PlanTests(RegionTestCase):
    def setUp(self):
        super().setUp()
        services.load_plan_templates()
        self.goal = services.goal_save(
            strategy=self.strategy,
            goal=None,
            data={"parent": None, "number": 1, "name_sv": "Klimat"},
        )
        self.plan = services.plan_create(
            template=services.PlanTemplate.objects.get(key="handlingsplan"),
            organisation=self.region,
            strategy=self.strategy,
            year=2026,
            title="Handlingsplan för klimat",
            goals=[self.goal],
            owner="Enheten för hållbar utveckling",
            user=self.rebecka,
        )

    def ticked(self, *open_keys: str) -> dict:
        return {c.key: [c.key not in open_keys, ""] for c in self.plan.checks.all()}

    def test_the_plan_has_the_templates_sections_and_checklist(self):
        self.assertEqual(
            [s.key for s in self.plan.sections.all()],
            [
                "bakgrund",
                "mal",
                "insatser",
                "hallbarhet",
                "jamstalldhet",
                "uppfoljning",
                "resurser",
            ],
        )
        required = [c.key for c in self.plan.checks.all() if c.required]
        self.assertEqual(
            required, ["ekologisk", "social", "ekonomisk", "jamstalldhet", "indikatorer", "agare"]
        )

    def test_an_open_required_item_stops_marking_it_ready_and_nothing_is_half_saved(self):
        version = self.plan.version
        with self.assertRaises(ValidationError) as caught:
            workflow.save_and_submit(
                item=self.plan,
                data={"sections": {"bakgrund": "Ny text"}, "checks": self.ticked("jamstalldhet")},
                expected_version=version,
                user=self.rebecka,
            )
        self.assertIn("Jämställdhet är beaktad", " ".join(caught.exception.messages))
        plan = Plan.objects.get(pk=self.plan.pk)
        self.assertEqual((plan.state, plan.version), (State.DRAFT, version))
        self.assertEqual(plan.sections.get(key="bakgrund").text, "")
        # The optional item may stay open; with every required one ticked it goes.
        workflow.save_and_submit(
            item=plan,
            data={"checks": self.ticked("dialog")},
            expected_version=version,
            user=self.rebecka,
        )
        self.assertEqual(Plan.objects.get(pk=plan.pk).state, State.SUBMITTED)

    def test_the_page_refuses_with_the_open_item_named(self):
        self.client.force_login(self.rebecka)
        data = {
            "action": "submit",
            "version": str(self.plan.version),
            "title": self.plan.title,
            "owner": self.plan.owner,
            "goals": [str(self.goal.pk)],
        }
        for c in self.plan.checks.all():
            if c.key != "agare":
                data[f"check_{c.key}"] = "on"
        response = self.client.post(self.plan.get_absolute_url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ägare av planen är utsedd")
        self.assertEqual(Plan.objects.get(pk=self.plan.pk).state, State.DRAFT)
        data["check_agare"] = "on"
        response = self.client.post(self.plan.get_absolute_url(), data)
        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertEqual(Plan.objects.get(pk=self.plan.pk).state, State.SUBMITTED)

    def test_approved_plans_show_on_the_public_goal_page_drafts_do_not(self):
        url = reverse("strategy:goal", args=[self.strategy.pk, self.goal.pk])
        self.assertNotContains(self.client.get(url), "Handlingsplan för klimat")
        workflow.save_and_submit(
            item=self.plan, data={"checks": self.ticked()}, expected_version=1, user=self.rebecka
        )
        workflow.transition(
            item=self.plan, action="approve", expected_version=self.plan.version, user=self.rebecka
        )
        self.assertContains(self.client.get(url), "Handlingsplan för klimat")


class StatusReportTests(RegionTestCase):
    def setUp(self):
        super().setUp()
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)

    def project(self, slug: str, starts: date, ends: date, email: str):
        return services.project_save(
            project=None,
            strategy=self.strategy,
            data={
                "slug": slug,
                "title": slug.capitalize(),
                "owner": "Region Uppsala",
                "starts": starts,
                "ends": ends,
                "contact_name": "Projektledaren",
                "contact_email": email,
                "subgoals": [("Första delmålet", "")],
            },
        )

    def test_reports_every_four_months_from_the_start(self):
        project = self.project("kompetenslyft", date(2022, 2, 1), date(2023, 12, 31), "p@x.org")
        self.assertEqual(
            [(r.period_start, r.period_end, r.due) for r in project.reports.order_by("number")],
            [
                (date(2022, 2, 1), date(2022, 5, 31), date(2022, 6, 30)),
                (date(2022, 6, 1), date(2022, 9, 30), date(2022, 10, 30)),
                (date(2022, 10, 1), date(2023, 1, 31), date(2023, 3, 2)),
                (date(2023, 2, 1), date(2023, 5, 31), date(2023, 6, 30)),
                (date(2023, 6, 1), date(2023, 9, 30), date(2023, 10, 30)),
                (date(2023, 10, 1), date(2023, 12, 31), date(2024, 1, 30)),
            ],
        )

    def test_an_overdue_report_comes_first_and_is_reminded_of_once(self):
        # Today is 2026-11-02. "Tidig" reported on time; "sen" has its report 2 (period
        # March–June, due 30 July) overdue by more than its four-month interval.
        with time_machine.travel(datetime(2026, 11, 2, 8, tzinfo=TZ)):
            early = self.project("tidig", date(2026, 7, 1), date(2027, 6, 30), "tidig@x.org")
            late = self.project("sen", date(2025, 11, 1), date(2027, 2, 28), "sen@x.org")
            for report in late.reports.filter(number=1):
                workflow.save_and_submit(
                    item=report,
                    data={
                        "summary": "Bra.",
                        "spent": 10,
                        "progress": {"1": [Progress.ON_TRACK, ""]},
                    },
                    expected_version=report.version,
                    user=self.rebecka,
                )
            overdue = late.reports.get(number=2)
            self.assertEqual(overdue.due, date(2026, 7, 30))
            rows = selectors.portfolio(self.strategy)
            self.assertEqual([r.project.slug for r in rows], ["sen", "tidig"])
            self.assertEqual(rows[0].overdue, [overdue])
            self.client.force_login(self.rebecka)
            page = self.client.get(reverse("strategy:portfolio", args=[self.strategy.pk]))
            html = page.content.decode()
            self.assertLess(html.index("Sen"), html.index("Tidig"))
            self.assertIn("Statusrapport försenad", html)
        for day in (date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 20)):
            with time_machine.travel(datetime.combine(day, time(8), tzinfo=TZ)):
                services.send_reminders()
                outbox.deliver_due()
        # Report 3 of "sen" (July–October, due 30 November) is reminded of seven days
        # before, on 23 November; none of that has come yet on the 20th.
        (mail,) = self.smtp.inbox.to("sen@x.org")
        self.assertEqual(" ".join(mail["Subject"].split()), "Försenad: statusrapport 2 för Sen")
        self.assertIn("/statusrapport/", mail.get_body(("plain",)).get_content())
        self.assertEqual(self.smtp.inbox.to("tidig@x.org"), [])
        self.assertEqual(len(early.reports.filter(state=State.DRAFT)), 3)

    def test_the_project_leader_writes_the_report_through_the_link(self):
        with time_machine.travel(datetime(2026, 11, 2, 8, tzinfo=TZ)):
            late = self.project("sen", date(2026, 3, 1), date(2027, 2, 28), "sen@x.org")
            report = late.reports.get(number=1)
            link = services.report_link(report).replace("http://127.0.0.1:8000", "")
            page = self.client.get(link)
            self.assertContains(page, "Statusrapport 1")
            response = self.client.post(
                link,
                {
                    "action": "submit",
                    "version": str(report.version),
                    "summary": "Kartläggningen är klar.",
                    "spent": "120 000 kr",
                    "status_1": Progress.AT_RISK,
                    "comment_1": "Förseningar hos leverantören.",
                },
            )
            self.assertRedirects(response, link, fetch_redirect_response=False)
        report = StatusReport.objects.get(pk=report.pk)
        self.assertEqual((report.state, report.spent), (State.SUBMITTED, 120_000))
        self.assertEqual(
            [(p.status, p.comment) for p in report.progress.all()],
            [(Progress.AT_RISK, "Förseningar hos leverantören.")],
        )
        self.assertEqual(
            workflow.versions(report).last().note, "projektledare, via den personliga länken"
        )

    def test_a_returned_report_gets_the_return_mail_and_no_overdue_reminder(self):
        with time_machine.travel(datetime(2026, 11, 2, 8, tzinfo=TZ)):
            late = self.project("sen", date(2026, 3, 1), date(2027, 2, 28), "sen@x.org")
            report = late.reports.get(number=1)
            workflow.save_and_submit(
                item=report,
                data={"summary": "Klart.", "spent": 5, "progress": {"1": [Progress.DONE, ""]}},
                expected_version=report.version,
                user=None,
            )
            workflow.transition(
                item=report,
                action="return",
                expected_version=report.version,
                user=self.rebecka,
                comment="Ange kostnaderna per delmål.",
            )
            services.send_reminders()
            outbox.deliver_due()
        subjects = [" ".join(m["Subject"].split()) for m in self.smtp.inbox.to("sen@x.org")]
        self.assertEqual(len(subjects), 1)
        self.assertNotIn("Försenad", subjects[0])
        # Report 2 (July–October) is due 30 November: not yet within the week.
        self.assertEqual(StatusReport.objects.get(project=late, number=2).due, date(2026, 11, 30))

    def test_a_new_project_without_a_short_name_gets_one_from_its_title(self):
        self.client.force_login(self.rebecka)
        response = self.client.post(
            reverse("strategy:project_new", args=[self.strategy.pk]),
            {
                "title": "Energieffektiva bostäder",
                "owner": "Region Uppsala",
                "starts": "2027-01-01",
                "ends": "2027-12-31",
                "report_interval_months": "4",
                "report_due_days": "30",
                "subgoals": "Kartlägga beståndet\n- Enkät till fastighetsägarna",
            },
        )
        project = Project.objects.get(title="Energieffektiva bostäder")
        self.assertRedirects(response, project.get_absolute_url())
        self.assertEqual(project.slug, "energieffektiva-bostader")
        self.assertEqual(
            [(s.title, s.activity_list()) for s in project.subgoals.all()],
            [("Kartlägga beståndet", ["Enkät till fastighetsägarna"])],
        )
        self.assertEqual(project.reports.count(), 3)


class TrustTests(RegionTestCase):
    def setUp(self):
        super().setUp()

    def test_the_share_trusting_becomes_the_indicator_for_the_regions_county(self):
        indicator = Indicator.objects.create(
            code="fortroende", name_sv="Förtroende", unit="procent", direction="positive"
        )
        for edition, answers in ((2024, "5,4,4,3,2,1,4,3,2,2"), (2025, "5,5,4,4,4,3,2,4,1,3,5,5")):
            survey, _created = surveys.import_definition(
                {
                    "slug": f"partnerskap-{edition}",
                    "series": "partnerskap",
                    "edition": edition,
                    "title": "Partnerskapsenkäten",
                    "questions": [
                        {"code": "f1", "text": "Förtroende?", "kind": "scale", "min": 1, "max": 5}
                    ],
                },
                label="test",
            )
            rows = [(i + 2, [a]) for i, a in enumerate(answers.split(","))]
            surveys.import_responses(survey, Table.from_rows("svar.csv", ["f1"], rows))
            surveys.set_state(survey=survey, state=Survey.State.CLOSED)
            surveys.publish_results(survey=survey, publish=True)
        measure = TrustMeasure.objects.create(
            strategy=self.strategy,
            series="partnerskap",
            question_code="f1",
            options="4,5",
            indicator=indicator,
        )
        self.assertEqual(services.record_trust(measure), 2)
        values = dict(
            Observation.objects.filter(
                indicator=indicator, is_current=True, area=self.uppsala_county
            ).values_list("period", "value")
        )
        # 2024: 4 of 10 answered 4 or 5; 2025: 8 of 12.
        self.assertEqual(values, {"2024": 40.0, "2025": 66.7})


class WorkingGroupTests(RegionTestCase):
    def setUp(self):
        super().setUp()
        self.objectives = Framework.objects.create(code="miljomal", name_sv="Miljömål")
        self.climate = Goal.objects.create(
            framework=self.objectives,
            code="1",
            kind="objective",
            number=1,
            name_sv="Begränsad klimatpåverkan",
        )

    def add(self, name: str, org: Organisation, share: int, lead: bool = False) -> None:
        services.member_save(
            member=None,
            data={
                "year": 2026,
                "name": name,
                "organisation": org,
                "share_percent": share,
                "lead": lead,
                "objectives": [self.climate],
            },
            expected_version=None,
        )

    def test_each_county_board_is_owed_its_shares_of_a_full_time_year(self):
        services.rate_save(year=2026, annual_cost=950_005)
        self.add("Karin", self.uppsala, 80, lead=True)
        self.add("Lina", self.uppsala, 20)
        self.add("Erik", self.skane, 30)
        owed = {
            r.organisation.key: (r.share_percent, r.amount) for r in services.reimbursements(2026)
        }
        # Uppsala 100 % of 950 005; Skåne 30 % = 285 001,5, rounded half up.
        self.assertEqual(owed, {"lst-03": (100, 950_005), "lst-12": (30, 285_002)})
        self.client.force_login(User.objects.get(username="alice"))
        response = self.client.get(reverse("strategy:reimbursement_download", args=[2026, "csv"]))
        lines = response.content.decode().splitlines()
        self.assertEqual(
            lines[1], 'Länsstyrelsen i Uppsala län,03,"Karin (80 %), Lina (20 %)",100,950005'
        )
        self.assertEqual(lines[2], "Länsstyrelsen i Skåne län,12,Erik (30 %),30,285002")
        page = self.client.get(reverse("strategy:operations") + "?ar=2026")
        self.assertContains(page, "Karin")
        self.assertEqual(
            WorkingGroupMember.objects.get(name="Karin").objectives.get(), self.climate
        )

    def test_a_region_coordinator_does_not_see_rus_operations(self):
        self.client.force_login(self.rebecka)
        self.assertEqual(self.client.get(reverse("strategy:operations")).status_code, 404)
