"""Who may reach what: every URL pattern of rus and every API operation, for every role.

Each pattern must be named in exactly one class below, so a new URL cannot escape this test:
add it to the class its people expect, and the rows for every role follow. Patterns are
requested with values their converters accept; objects that decide access by whom they
belong to (an assessment, a contact, an organisation) are also requested with real objects
of Uppsala's, by a coordinator of another county, a viewer and a reviewer.
"""

import re
from collections.abc import Iterator
from typing import Any

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rus.actions import services as actions
from rus.api.main import api
from rus.followup.models import Assessment
from rus.followup.tests.helpers import FollowUpTestCase
from rus.strategy.tests.helpers import create_project, create_region

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


class OtherPartsMatrixTests(TestCase):
    """Object rows for an action programme (Uppsala's county board) and a region's strategy
    and project (Region Uppsala): another organisation's coordinator is refused their
    change pages, reading and writing; the owner reaches them."""

    uppsala: Any
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
