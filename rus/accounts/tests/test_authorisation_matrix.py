"""Who may reach what: every URL pattern of rus and every API operation, for every role.

Each pattern must be named in exactly one class below, so a new URL cannot escape this test:
add it to the class its people expect, and the rows for every role follow. Patterns are
requested with values their converters accept; objects that decide access by whom they
belong to (an assessment, a contact, an organisation) are also requested with real objects
of Uppsala's, by a coordinator of another county, a viewer and a reviewer.
"""

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from rus.accounts.models import User
from rus.actions import services as actions
from rus.actions.models import MeasureStatus
from rus.api.main import api
from rus.calendar import services as calendar
from rus.contacts import services as contacts
from rus.followup import services as followup
from rus.followup.models import Assessment
from rus.followup.tests.helpers import COMPLETE, FollowUpTestCase
from rus.indicators import rounds
from rus.indicators.models import Indicator, UpdateRound
from rus.lib import links
from rus.strategy import services as strategies
from rus.strategy.models import PlanTemplate
from rus.strategy.tests.helpers import create_project, create_region
from rus.surveys import services as surveys
from rus.test import PASSWORD

# Anyone may read these: the public site, open data, and pages a signed link opens (those
# refuse a link that is not genuine).
ANYONE = {
    "sitemap",
    "calendar_feed",
    "health",
    "ready",
    "login",
    "logout",
    "opendata:kolada_kpi",
    "opendata:kolada_kpi_ids",
    "opendata:kolada_municipality",
    "opendata:kolada_data",
    "opendata:sdmx_data",
    "opendata:sdmx_data_key",
    "kolada/v3/kpi/",
    "kolada/v3/municipality/",
    "^kolada/v3/municipality/(?P<ids>[^/]+)/?$",
    "kolada/v3/data/",
    "^kolada/v3/data/kpi/(?P<kpi>[^/]+)/municipality/(?P<municipality>[^/]+)/year/(?P<year>[^/]+)/?$",
    "^kolada/v3/data/kpi/(?P<kpi>[^/]+)/municipality/(?P<municipality>[^/]+)/?$",
    "^kolada/v3/data/kpi/(?P<kpi>[^/]+)/year/(?P<year>[^/]+)/?$",
    "^kolada/v3/data/municipality/(?P<municipality>[^/]+)/year/(?P<year>[^/]+)/?$",
    "front:home",
    "front:objective",
    "front:county",
    "front:municipality",
    "front:open_data",
    "front:search",
    "front:accessibility",
    "front:feed",
    "organisations:list",
    "organisations:detail",
    "contacts:privacy",
    "contacts:unsubscribe",
    "newsletter:archive",
    "newsletter:issue",
    "newsletter:image",
    "indicators:list",
    "indicators:detail",
    "indicators:csv",
    "indicators:excel_csv",
    "indicators:xlsx",
    "followup:index",
    "followup:compilation",
    "followup:compilation_pdf",
    "followup:compilation_csv",
    "followup:compilation_excel_csv",
    "followup:compilation_xlsx",
    "followup:county",
    "followup:county_pdf",
    "followup:county_csv",
    "followup:county_excel_csv",
    "followup:county_xlsx",
    "actions:programmes",
    "actions:import_template",
    "actions:programme",
    "actions:programme_download",
    "actions:figures_pdf",
    "actions:document",
    "actions:search",
    "actions:measure",
    "actions:report",
    "surveys:public_list",
    "surveys:answer",
    "surveys:results",
    "surveys:results_download",
    "calendar:month",
    "calendar:upcoming",
    "calendar:year",
    "calendar:event_ics",
    "calendar:event",
    "calendar:personal_feed",
    "calendar:registration",
    "calendar:offers",
    "calendar:offer",
    "library:documents",
    "library:document",
    "library:document_file",
    "library:good_examples",
    "library:funding",
    "library:funding_source",
    "library:news",
    "library:news_post",
    "library:news_feed",
    "strategy:strategies",
    "strategy:strategy",
    "strategy:goal",
    "strategy:plan",
    "strategy:project",
    "strategy:budget_download",
    "strategy:report_link",
}

# Work of RUS's administrators (and, where the page says so, its reviewers): refused to
# anyone signed in without such a role.
STAFF = {
    "outbox:list",
    "outbox:detail",
    "contacts:lists",
    "contacts:list_create",
    "contacts:list_detail",
    "contacts:list_edit",
    "contacts:person",
    "contacts:person_erase",
    "newsletter:manage",
    "newsletter:create",
    "newsletter:edit",
    "newsletter:block_create",
    "newsletter:block_edit",
    "newsletter:block_action",
    "newsletter:preview",
    "newsletter:send_test",
    "newsletter:send",
    "newsletter:sent",
    "indicators:import",
    "indicators:import_preview",
    "indicators:import_progress",
    "indicators:batch",
    "indicators:round_reopen",
    "followup:dashboard",
    "followup:assessments",
    "followup:reopen",
    "actions:good_example",
    "surveys:list_manage",
    "surveys:create",
    "surveys:manage",
    "surveys:question_create",
    "surveys:question_edit",
    "surveys:section_create",
    "surveys:section_edit",
    "surveys:invitations",
    "surveys:preview",
    "surveys:raw",
    "calendar:participants",
}

# Signed-in work whose access depends on the object and the person's organisation and role.
MEMBERS = {
    "accounts:start",
    "organisations:edit",
    "contacts:list",
    "contacts:download",
    "contacts:import",
    "contacts:create",
    "contacts:edit",
    "contacts:delete",
    "indicators:rounds",
    "indicators:round",
    "indicators:round_publish",
    "indicators:update",
    "indicators:update_history",
    "followup:publish",
    "followup:assessment",
    "followup:history",
    "actions:programme_create",
    "actions:programme_edit",
    "actions:programme_import",
    "actions:document_upload",
    "actions:measure_create",
    "actions:enquiry_create",
    "actions:enquiry",
    "actions:enquiry_actor",
    "actions:enquiry_publish",
    "actions:measure_edit",
    "calendar:subscribe",
    "strategy:strategy_new",
    "strategy:strategy_edit",
    "strategy:goal_new",
    "strategy:goal_edit",
    "strategy:trust_update",
    "strategy:plan_new",
    "strategy:portfolio",
    "strategy:project_new",
    "strategy:plan_history",
    "strategy:project_edit",
    "strategy:budget",
    "strategy:report",
    "strategy:report_history",
    "strategy:operations",
    "strategy:operations_plan_new",
    "strategy:member_new",
    "strategy:member_edit",
    "strategy:rate_edit",
    "strategy:reimbursement_download",
}

REFUSED = {302, 400, 401, 403, 404, 405}


def patterns(resolvers: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(key, route) for every URL pattern: its name with namespace, or the route if unnamed."""
    for p in resolvers:
        if isinstance(p, URLResolver):
            inner = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from patterns(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            yield (f"{namespace}{p.name}" if p.name else route), route


def concrete(route: str) -> str:
    """A path the route matches, with values its converters accept."""
    path = route.lstrip("^").rstrip("$").replace("/?", "/")
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<(?:str|slug|path):[^>]+>|<[a-z_]+>", "x", path)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "x", path)
    return "/" + path


def site_patterns() -> list[tuple[str, str]]:
    return [
        (key, route)
        for key, route in patterns(get_resolver().url_patterns)
        if not route.startswith(("admin/", "api/"))
    ]


def check_owned(test: TestCase, paths: list[str], owner: Any, others: list[Any]) -> None:
    """``owner`` reaches each page; each of ``others`` is refused it, reading and writing;
    an anonymous visitor is sent to log in."""
    for path in paths:
        with test.subTest(path=path, who=owner.username):
            test.client.force_login(owner)
            test.assertEqual(test.client.get(path).status_code, 200)
        for other in others:
            with test.subTest(path=path, who=other.username):
                test.client.force_login(other)
                test.assertIn(test.client.get(path).status_code, {403, 404})
                test.assertIn(test.client.post(path, {}).status_code, {403, 404})
        with test.subTest(path=path, who="anonymous"):
            test.client.logout()
            response = test.client.get(path)
            test.assertEqual(response.status_code, 302)
            test.assertTrue(response["Location"].startswith("/logga-in/"))


class AuthorisationMatrixTests(FollowUpTestCase):
    def test_every_url_pattern_has_a_class(self):
        keys = {key for key, _route in site_patterns()}
        classes = (ANYONE, STAFF, MEMBERS)
        self.assertEqual(keys - set().union(*classes), set(), "a URL without a class")
        self.assertEqual(set().union(*classes) - keys, set(), "a class names a URL that is gone")
        for a, b in ((ANYONE, STAFF), (ANYONE, MEMBERS), (STAFF, MEMBERS)):
            self.assertEqual(a & b, set())

    def test_anonymous_visitors_reach_only_what_anyone_may(self):
        for key, route in site_patterns():
            if key in ANYONE:
                continue
            path = concrete(route)
            for method in ("get", "post"):
                with self.subTest(url=key, method=method):
                    response = getattr(self.client, method)(path)
                    self.assertIn(response.status_code, REFUSED)
                    if response.status_code == 302:
                        self.assertTrue(response["Location"].startswith("/logga-in/"))

    def test_signed_in_people_without_a_role_reach_no_staff_work(self):
        for user in (self.olle, self.vera, self.sven, self.cora):
            self.client.force_login(user)
            for key, route in site_patterns():
                if key not in STAFF:
                    continue
                path = concrete(route)
                for method in ("get", "post"):
                    with self.subTest(user=user.username, url=key, method=method):
                        response = getattr(self.client, method)(path)
                        self.assertIn(response.status_code, {403, 404, 405})

    def test_an_administrator_is_refused_no_page_that_needs_no_object(self):
        self.client.force_login(self.alice)
        reached = 0
        for key, route in site_patterns():
            if key not in STAFF | MEMBERS or "<" in route:
                continue
            with self.subTest(url=key):
                response = self.client.get(concrete(route))
                # 405: a page that is only ever POSTed to from another one.
                self.assertIn(response.status_code, {200, 405})
                reached += response.status_code == 200
        self.assertGreaterEqual(reached, 10)

    def test_the_admin_site_is_for_staff_only(self):
        admin_paths = [
            concrete(route)
            for _key, route in patterns(get_resolver().url_patterns)
            if route.startswith("admin/")
        ]
        self.assertGreater(len(admin_paths), 100)
        for user in (None, self.olle, self.vera, self.cora, self.sven, self.rita):
            if user is None:
                self.client.logout()
            else:
                self.client.force_login(user)
            for path in admin_paths:
                with self.subTest(user=getattr(user, "username", "anonymous"), path=path):
                    response = self.client.get(path)
                    self.assertIn(response.status_code, {302, 403, 404})
                    if response.status_code == 302:
                        # To a login page, or (logging out) to the admin's front, which
                        # sends there in turn.
                        self.assertTrue(
                            response["Location"].startswith(("/logga-in/", "/admin/")),
                            response["Location"],
                        )

    def test_every_api_operation_that_needs_a_session_refuses_without_one(self):
        schema = api.get_openapi_schema()
        secured = 0
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                if not operation.get("security"):
                    continue
                secured += 1
                url = re.sub(r"\{[^}]+\}", "1", path)
                with self.subTest(operation=f"{method.upper()} {path}"):
                    response = self.client.generic(
                        method.upper(), url, "{}", content_type="application/json"
                    )
                    self.assertEqual(response.status_code, 401)
        self.assertGreaterEqual(secured, 6)

    def test_uppsalas_own_work_is_refused_to_another_county(self):
        rnd = self.open_round()
        assessment = Assessment.objects.filter(round=rnd, organisation=self.uppsala).first()
        assert assessment is not None
        own = [
            reverse("followup:assessment", args=[assessment.pk]),
            reverse("followup:history", args=[assessment.pk]),
            reverse("organisations:edit", args=[self.uppsala.pk]),
            reverse("contacts:edit", args=[self.uppsala_contact.pk]),
            reverse("contacts:delete", args=[self.uppsala_contact.pk]),
            reverse("contacts:create", args=[self.uppsala.pk]),
        ]
        check_owned(self, own, self.cora, [self.sven])
        # A viewer of Uppsala reads the assessment but cannot change it.
        self.client.force_login(self.vera)
        path = reverse("followup:assessment", args=[assessment.pk])
        self.assertEqual(self.client.get(path).status_code, 200)
        response = self.client.post(path, {"action": "save", "version": assessment.version})
        self.assertIn(response.status_code, {403, 404})
        assessment.refresh_from_db()
        self.assertEqual(assessment.version, 1)

    def test_uppsalas_indicator_update_is_changed_by_uppsala_and_published_by_rus(self):
        Indicator.objects.create(code="ghg", name_sv="Utsläpp", unit="t", area_levels=["county"])
        rnd = rounds.round_open(
            year=2026, season="spring", deadline=date(2026, 4, 30), user=self.alice
        )
        update = rnd.updates.get(organisation=self.uppsala)
        own = [
            reverse("indicators:update", args=[update.pk]),
            reverse("indicators:update_history", args=[update.pk]),
        ]
        check_owned(self, own, self.cora, [self.sven])
        # Opening and publishing rounds is RUS's: refused to everyone else, and nothing moves.
        for user in (self.cora, self.vera, self.sven, self.olle):
            self.client.force_login(user)
            with self.subTest(who=user.username, page="indicators:round_publish"):
                path = reverse("indicators:round_publish", args=[rnd.pk])
                response = self.client.post(path, {"confirm": "on", "reason": "Nu."})
                self.assertIn(response.status_code, {403, 404})
            with self.subTest(who=user.username, page="indicators:rounds"):
                response = self.client.post(
                    reverse("indicators:rounds"),
                    {"year": 2027, "season": "spring", "deadline": "2027-04-30"},
                )
                self.assertIn(response.status_code, {403, 404})
        rnd.refresh_from_db()
        self.assertIsNone(rnd.published_at)
        self.assertEqual(UpdateRound.objects.count(), 1)
        self.client.force_login(self.alice)
        path = reverse("indicators:round_publish", args=[rnd.pk])
        self.assertEqual(
            self.client.post(path, {"confirm": "on", "reason": "Nu."}).status_code, 302
        )
        rnd.refresh_from_db()
        self.assertIsNotNone(rnd.published_at)

    def test_the_follow_up_is_published_by_rus_administrators_only(self):
        rnd = self.open_round()
        assessment = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        followup.assessment_save_and_submit(
            assessment=assessment,
            data=COMPLETE,
            expected_version=assessment.version,
            user=self.cora,
        )
        assessment.refresh_from_db()
        followup.assessment_approve(
            assessment=assessment, expected_version=assessment.version, user=self.rita
        )
        path = reverse("followup:publish", args=[rnd.year])
        ready = {"confirm": "on", "reason": "Nu."}
        for user in (self.cora, self.vera, self.sven, self.olle, self.rita):
            with self.subTest(who=user.username):
                self.client.force_login(user)
                self.assertIn(self.client.post(path, ready).status_code, {403, 404})
        assessment.refresh_from_db()
        self.assertEqual(assessment.state, "approved")
        # The same form publishes when an administrator sends it.
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(path, ready).status_code, 302)
        assessment.refresh_from_db()
        self.assertEqual(assessment.state, "published")

    def test_rus_own_operations_are_changed_by_rus_only(self):
        year = timezone.localdate().year
        pages = [
            reverse("strategy:operations_plan_new"),
            reverse("strategy:member_new"),
            reverse("strategy:rate_edit"),
        ]
        check_owned(self, pages, self.alice, [self.cora, self.sven, self.vera, self.olle])
        # The operations page and its reimbursement list are read by RUS's members only.
        reading = [
            reverse("strategy:operations"),
            reverse("strategy:reimbursement_download", args=[year, "csv"]),
        ]
        check_owned(self, reading, self.rita, [self.cora, self.sven, self.vera, self.olle])


class OtherPartsMatrixTests(TestCase):
    """Object rows for an action programme (Uppsala's county board) and a region's strategy
    and project (Region Uppsala): another organisation's coordinator is refused their
    change pages, reading and writing; the owner reaches them."""

    uppsala: Any
    region: Any
    strategy: Any
    cora: Any
    sven: Any
    vera: Any
    rebecka: Any

    def setUp(self):
        create_region(self)
        self.programme = actions.programme_save(
            programme=None,
            organisation=self.uppsala,
            data={"title": "Åtgärdsprogram", "starts": 2025, "ends": 2028, "status": "draft"},
        )
        self.project = create_project(self.strategy)

    def test_an_action_programme_is_changed_by_its_county_only(self):
        pk = self.programme.pk
        paths = [
            reverse("actions:programme_edit", args=[pk]),
            reverse("actions:programme_import", args=[pk]),
            reverse("actions:measure_create", args=[pk]),
            reverse("actions:enquiry_create", args=[pk]),
        ]
        others = [self.sven, self.vera, self.rebecka]
        check_owned(self, paths, self.cora, others)
        # Documents are only ever POSTed (from the programme's page).
        upload = reverse("actions:document_upload", args=[pk])
        for other in others:
            with self.subTest(path=upload, who=other.username):
                self.client.force_login(other)
                self.assertIn(self.client.post(upload, {}).status_code, {403, 404})

    def test_a_strategy_and_its_projects_are_changed_by_their_region_only(self):
        pk, slug = self.strategy.pk, self.project.slug
        paths = [
            reverse("strategy:strategy_edit", args=[pk]),
            reverse("strategy:goal_new", args=[pk]),
            reverse("strategy:project_new", args=[pk]),
            reverse("strategy:project_edit", args=[slug]),
            reverse("strategy:budget", args=[slug]),
        ]
        check_owned(self, paths, self.rebecka, [self.cora, self.sven])

    def test_an_enquiry_and_its_measures_are_handled_by_their_county_only(self):
        measure_title = "Laddplatser vid pendlarparkeringar"
        measure = actions.measure_save(
            programme=self.programme,
            measure=None,
            data={
                "code": "1.1",
                "title": measure_title,
                "lead": self.uppsala,
                "status": MeasureStatus.STARTED,
            },
        )
        enquiry = actions.enquiry_open(
            programme=self.programme,
            year=2026,
            deadline=timezone.localdate() + timedelta(days=30),
            user=self.cora,
        )
        request = enquiry.requests.get()
        paths = [
            reverse("actions:measure_edit", args=[measure.pk]),
            reverse("actions:enquiry", args=[enquiry.pk]),
            reverse("actions:enquiry_actor", args=[enquiry.pk, request.pk]),
            reverse("actions:enquiry_publish", args=[enquiry.pk]),
        ]
        check_owned(self, paths, self.cora, [self.sven, self.rebecka])
        # Uppsala's viewer follows the enquiry but changes nothing in it, even with forms
        # that change it when its coordinator sends them.
        edit, publish = paths[0], paths[3]
        changed = {
            "code": "1.1",
            "title": "Laddplatser vid alla pendlarparkeringar",
            "lead": self.uppsala.pk,
            "status": MeasureStatus.STARTED,
            "version": 1,
        }
        ready = {"confirm": "on", "reason": "Nu."}
        self.client.force_login(self.vera)
        for path in paths[1:3]:
            with self.subTest(path=path, who="vera"):
                self.assertEqual(self.client.get(path).status_code, 200)
        for path, form in ((edit, changed), (publish, ready)):
            with self.subTest(path=path, who="vera", method="post"):
                self.assertIn(self.client.post(path, form).status_code, {403, 404})
        measure.refresh_from_db()
        enquiry.refresh_from_db()
        self.assertEqual((measure.title, enquiry.published_at), (measure_title, None))
        self.client.force_login(self.cora)
        for path, form in ((edit, changed), (publish, ready)):
            self.assertEqual(self.client.post(path, form).status_code, 302)
        measure.refresh_from_db()
        enquiry.refresh_from_db()
        self.assertEqual(measure.title, changed["title"])
        self.assertIsNotNone(enquiry.published_at)

    def test_plans_status_reports_and_the_portfolio_belong_to_their_region(self):
        strategies.load_plan_templates()
        plan = strategies.plan_create(
            template=PlanTemplate.objects.get(key="handlingsplan"),
            organisation=self.region,
            strategy=self.strategy,
            year=2026,
            title="Handlingsplan för klimat",
            user=self.rebecka,
        )
        goal = strategies.goal_save(
            strategy=self.strategy,
            goal=None,
            data={"parent": None, "number": 1, "name_sv": "Klimat"},
        )
        report = self.project.reports.order_by("number").first()
        assert report is not None
        pk = self.strategy.pk
        paths = [
            reverse("strategy:plan_new", args=[pk]),
            reverse("strategy:portfolio", args=[pk]),
            reverse("strategy:goal_edit", args=[pk, goal.pk]),
            reverse("strategy:plan_history", args=[plan.pk]),
            reverse("strategy:report", args=[report.pk]),
            reverse("strategy:report_history", args=[report.pk]),
        ]
        check_owned(self, paths, self.rebecka, [self.cora, self.sven])
        # Recording the trust survey is only ever POSTed (from the strategy's page).
        trust = reverse("strategy:trust_update", args=[pk])
        for other in (self.cora, self.sven):
            with self.subTest(path=trust, who=other.username):
                self.client.force_login(other)
                self.assertIn(self.client.post(trust).status_code, {403, 404})


# Pages a personal link opens, by the purpose its token must be made for.
LINK_PAGES = {
    "actions:report": actions.REPORT_LINK,
    "calendar:personal_feed": calendar.FEED_LINK,
    "calendar:registration": calendar.REGISTRATION_LINK,
    "contacts:unsubscribe": contacts.UNSUBSCRIBE,
    "strategy:report_link": strategies.REPORT_LINK,
    "surveys:answer": surveys.LINK,
}


class PersonalLinkMatrixTests(TestCase):
    """The role "someone holding another person's link": a genuine, unexpired link made for
    one purpose opens no other link page, and one made for someone rus does not know opens
    nothing; reading and writing, and nothing is changed."""

    def test_every_page_a_link_opens_is_in_the_table(self):
        opened_by_token = {key for key, route in site_patterns() if "<str:token>" in route}
        self.assertEqual(opened_by_token, set(LINK_PAGES))

    def test_a_link_opens_only_the_page_it_was_made_for(self):
        # A real, active person: a link about them made for another purpose would open the
        # calendar feed were the purpose not checked, and every page looks only at the
        # number in the subject.
        someone = User.objects.create_user("someone", "someone@example.org", PASSWORD)
        changes = LogEntry.objects.count()
        for key, purpose in LINK_PAGES.items():
            for other in LINK_PAGES.values():
                if other == purpose:
                    continue
                token = links.make(other, f"user:{someone.pk}", days=30)
                path = reverse(key, args=[token])
                for method in ("get", "post"):
                    with self.subTest(page=key, link=other, method=method):
                        response = getattr(self.client, method)(path)
                        # The feed answers every link it cannot open with 404; the others
                        # say why on a page (400: not a link made for this page).
                        expected = 404 if key == "calendar:personal_feed" else 400
                        self.assertEqual(response.status_code, expected)
        self.assertEqual(LogEntry.objects.count(), changes)

    def test_a_link_about_someone_rus_does_not_know_opens_nothing(self):
        changes = LogEntry.objects.count()
        for key, purpose in LINK_PAGES.items():
            token = links.make(purpose, "nobody:987654", days=30)
            path = reverse(key, args=[token])
            for method in ("get", "post"):
                with self.subTest(page=key, method=method):
                    response = getattr(self.client, method)(path)
                    if key == "contacts:unsubscribe":
                        # A genuine link of someone since erased says only that.
                        self.assertEqual(response.context["gone"], True)
                    else:
                        self.assertEqual(response.status_code, 404)
        self.assertEqual(LogEntry.objects.count(), changes)
