"""A region's coordinator and RUS's administrator do their work in Chromium, from the page
they land on after login, by clicking; every new page passes axe-core (WCAG 2.1 AA)."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from rus.accounts.models import Membership, User
from rus.browser import BrowserTestCase
from rus.organisations.models import Organisation
from rus.strategy import services
from rus.strategy.models import Plan, PlanTemplate, Project
from rus.strategy.tests.helpers import COSTS, FINANCING
from rus.test import create_cast, make_user
from rus.workflow.models import State


class StrategyInBrowserTests(BrowserTestCase):
    def setUp(self):
        create_cast(self)
        self.region = Organisation.objects.create(
            key="region-03",
            kind="region",
            name="Region Uppsala",
            area=self.uppsala_county,  # type: ignore[attr-defined]
        )
        make_user("rebecka", self.region, Membership.Role.COORDINATOR)
        self.strategy = services.strategy_save(
            strategy=None,
            organisation=self.region,
            data={
                "title": "Uppsalastrategin",
                "vision": "Ett hållbart län.",
                "starts": 2021,
                "ends": 2030,
            },
        )
        self.goal = services.goal_save(
            strategy=self.strategy,
            goal=None,
            data={"parent": None, "number": 1, "name_sv": "Klimat"},
        )
        services.load_plan_templates()
        self.plan = services.plan_create(
            template=PlanTemplate.objects.get(key="handlingsplan"),
            organisation=self.region,
            strategy=self.strategy,
            year=2026,
            title="Handlingsplan för klimat",
            goals=[self.goal],
            user=None,
        )
        today = timezone.localdate()
        self.late = services.project_save(
            project=None,
            strategy=self.strategy,
            data={
                "slug": "sen",
                "title": "Laddinfrastruktur",
                "owner": "Energikontoret",
                "starts": today - timedelta(days=250),
                "ends": today + timedelta(days=400),
                "contact_email": "led@x.org",
                "subgoals": [("Bygga laddpunkter", "")],
            },
        )
        self.project = services.project_save(
            project=None,
            strategy=self.strategy,
            data={
                "slug": "kompetenslyft",
                "title": "Kompetenslyft",
                "owner": "Region Uppsala",
                "starts": today - timedelta(days=30),
                "ends": today + timedelta(days=700),
                "grant_percent": Decimal(42),
                "grant_cap": 2_000_000,
                "goals": [self.goal],
            },
        )

    def test_the_region_coordinators_work(self):
        page = self.login("rebecka")
        self.assert_accessible(page)
        page.click("main a:text-is('Projektportfölj')")
        self.assert_accessible(page)
        rows = page.locator("main tbody tr th a").all_inner_texts()
        self.assertEqual(rows[0], "Laddinfrastruktur")
        self.assertIn("Statusrapport försenad", page.locator("main tbody tr").first.inner_text())
        # The overdue report, from the dashboard.
        page.click("main tbody tr >> nth=0 >> text=/Rapport 1 skulle in/")
        self.assert_accessible(page)
        page.go_back()
        page.click("main a:text-is('Kompetenslyft')")
        self.assert_accessible(page)
        page.click("text=Ändra budgeten")
        self.assert_accessible(page)
        year = date.today().year
        for prefix, rows_ in (("cost", COSTS), ("fin", FINANCING)):
            for i, (name, amounts) in enumerate(list(rows_.items())[:2]):
                page.fill(f"#id_{prefix}_{i}_name", name)
                page.fill(f"#id_{prefix}_{i}_{year}", f"{amounts[2022]:,}".replace(",", " "))
        page.click("text=Spara budgeten")
        self.assertIn("Budgeten sparades", page.inner_text("main"))
        self.assertEqual(
            services.project_budget(Project.objects.get(slug="kompetenslyft")).costs.total,
            1_200_000 + 800_000,
        )
        self.assert_accessible(page)
        page.click("text=Ändra projektet")
        self.assert_accessible(page)
        page.goto(self.live_server_url + reverse("accounts:start"))
        page.click("text=Handlingsplan: Handlingsplan för klimat (2026)")
        self.assert_accessible(page)
        page.fill("#id_owner", "Enheten för hållbar utveckling")
        page.check("#id_check_ekologisk")
        page.click("text=Markera klar och skicka för godkännande")
        self.assertIn("är obligatorisk och ännu inte avbockad", page.inner_text("main"))
        self.assert_accessible(page)
        self.assertEqual(Plan.objects.get(pk=self.plan.pk).state, State.DRAFT)
        page.click(".breadcrumbs a:text-is('Uppsalastrategin')")
        self.assert_accessible(page)
        for link in ("Ny handlingsplan", "Nytt mål", "Ändra strategin"):
            page.click(f"main a:text-is('{link}')")
            self.assert_accessible(page)
            page.go_back()
        page.click("main a:text-is('1 Klimat')")
        self.assert_accessible(page)
        page.click("text=Ändra målet")
        self.assert_accessible(page)
        page.goto(self.live_server_url + reverse("strategy:project_new", args=[self.strategy.pk]))
        self.assert_accessible(page)
        # The public pages, and the project leader's page through the link, at phone width.
        public = self.new_page()
        public.set_viewport_size({"width": 390, "height": 800})
        report = self.late.reports.get(number=1)
        link = services.report_link(report).replace("http://127.0.0.1:8000", self.live_server_url)
        for url in (
            self.live_server_url + reverse("strategy:strategies"),
            self.live_server_url + self.strategy.get_absolute_url(),
            self.live_server_url + reverse("strategy:goal", args=[self.strategy.pk, self.goal.pk]),
            self.live_server_url + self.project.get_absolute_url(),
            link,
        ):
            public.goto(url)
            self.assert_accessible(public)
            self.assert_no_sideways_scroll(public)

    def test_rus_operations_from_the_administrators_start_page(self):
        User.objects.filter(username="alice").update(is_superuser=False)
        page = self.login("alice")
        page.click("main a:text-is('RUS verksamhet')")
        self.assert_accessible(page)
        page.click("text=Ange kostnaden för ett heltidsår")
        self.assert_accessible(page)
        page.fill("#id_annual_cost", "950 000")
        page.click("main button[type=submit]")
        page.click("text=Lägg till en medlem")
        self.assert_accessible(page)
        page.fill("#id_name", "Karin Ledare")
        page.select_option("#id_organisation", label="Länsstyrelsen i Uppsala län")
        page.fill("#id_share_percent", "80")
        page.check("#id_lead")
        page.click("main button[type=submit]")
        self.assertIn("760", page.inner_text("main"))  # 80 % of 950 000 = 760 000
        self.assert_accessible(page)
        page.click("text=Ny verksamhetsplan eller verksamhetsberättelse")
        self.assert_accessible(page)
        page.select_option("#id_template", label="Verksamhetsplan för RUS")
        page.fill("#id_title", "Verksamhetsplan 2027")
        page.fill("#id_year", "2027")
        page.click("main button[type=submit]")
        self.assertIn("Planen skapades från mallen", page.inner_text("main"))
        self.assert_accessible(page)
