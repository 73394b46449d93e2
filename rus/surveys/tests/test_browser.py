"""A respondent answers a survey with a conditional question by keyboard only, in Chromium;
the administrator's pages and the public ones pass axe-core."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from rus.browser import BrowserTestCase
from rus.contacts.models import Contact
from rus.outbox import services as outbox
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.surveys import services
from rus.surveys.models import Option, Question, Response, Survey
from rus.test import PASSWORD, create_cast


class SurveyInBrowserTests(BrowserTestCase):
    def setUp(self):
        create_cast(self)
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        survey, _ = services.import_definition(
            {
                "slug": "handlingsplaner-2026",
                "title": "Handlingsplaner för miljömålen",
                "questions": [
                    {
                        "code": "plan",
                        "text": "Har länet en handlingsplan?",
                        "kind": "single",
                        "options": ["Ja", "Nej"],
                        "required": True,
                    },
                    {"code": "antagen", "text": "Vilket år antogs den?", "kind": "number"},
                    {
                        "code": "delar",
                        "text": "Vilka delar omfattar den?",
                        "kind": "multiple",
                        "options": ["Klimat", "Natur", "Vatten"],
                    },
                    {
                        "code": "tillit",
                        "text": "Hur väl fungerar samverkan?",
                        "kind": "scale",
                        "min": 1,
                        "max": 5,
                    },
                    {"code": "ovrigt", "text": "Något mer?", "kind": "text"},
                ],
            },
            label="plan.json",
        )
        # "antagen" is asked only of those who have a plan.
        Question.objects.filter(survey=survey, code="antagen").update(
            show_if=Option.objects.get(question__survey=survey, question__code="plan", code="ja")
        )
        survey.closes_on = timezone.localdate() + timedelta(days=10)
        survey.save()
        services.set_state(survey=survey, state=Survey.State.OPEN)
        self.survey = survey

    def tab_to(self, page, selector: str) -> None:
        for _ in range(80):
            if page.evaluate(
                f"document.activeElement && document.activeElement.matches({selector!r})"
            ):
                return
            page.keyboard.press("Tab")
        self.fail(f"Tab never reached {selector}")

    def test_a_respondent_answers_with_the_keyboard_only(self):
        services.invite(survey=self.survey, user=None, organisations=[self.uppsala])  # type: ignore[attr-defined]
        outbox.deliver_due()
        contact = Contact.objects.get(organisation=self.uppsala)  # type: ignore[attr-defined]
        (mail,) = self.smtp.inbox.to(contact.email)
        link = next(line for line in mail.get_content().splitlines() if "/enkater/svar/" in line)
        page = self.new_page()
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(link.strip().replace("http://127.0.0.1:8000", self.live_server_url))
        # The conditional question waits for its answer.
        self.assertTrue(page.is_hidden("#q-antagen"))
        self.assert_accessible(page)
        self.tab_to(page, 'input[name="plan"]')
        page.keyboard.press("Space")  # the first option, "Ja"
        self.assertTrue(page.is_visible("#q-antagen"))
        self.tab_to(page, 'input[name="antagen"]')
        page.keyboard.type("2024")
        self.tab_to(page, 'input[name="delar"]')
        page.keyboard.press("Space")  # Klimat
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # Vatten
        self.tab_to(page, 'input[name="tillit"]')
        page.keyboard.press("ArrowRight")  # from 1 to 2 …
        page.keyboard.press("ArrowRight")  # … to 3
        self.tab_to(page, 'textarea[name="ovrigt"]')
        page.keyboard.type("Planen ses över 2027.")
        self.tab_to(page, 'button[value="submit"]')
        with page.expect_navigation():
            page.keyboard.press("Enter")
        self.assertIn("Tack! Dina svar har tagits emot", page.inner_text("main"))
        self.assert_accessible(page)
        response = Response.objects.get(survey=self.survey, submitted=True)
        answers = sorted(
            (a.question.code, a.option.code if a.option_id else str(a.number or a.text))
            for a in response.answers.select_related("question", "option")
        )
        self.assertEqual(
            answers,
            [
                ("antagen", "2024.0000"),
                ("delar", "klimat"),
                ("delar", "vatten"),
                ("ovrigt", "Planen ses över 2027."),
                ("plan", "ja"),
                ("tillit", "3"),
            ],
        )

    def test_the_administrators_pages_and_the_public_ones(self):
        page = self.new_page()
        page.goto(self.live_server_url + reverse("login"))
        page.fill("#id_username", "alice")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(self.live_server_url + reverse("accounts:start"))
        page.click("text=Handlingsplaner för miljömålen")
        self.assert_accessible(page)
        for link in (
            "Lägg till ett avsnitt",
            "Förhandsvisning",
            "Bjud in och följ svaren",
            "Resultat",
        ):
            page.click(f"main a:text-is('{link}')")
            self.assert_accessible(page)
            self.assert_no_sideways_scroll(page)
            page.go_back()
        page.select_option("#new-kind", label="Flera val")
        page.click("button:text-is('Lägg till')")
        self.assert_accessible(page)
        page.goto(self.live_server_url + reverse("surveys:list_manage"))
        self.assert_accessible(page)
        page.click("text=Ny enkät")
        self.assert_accessible(page)
        services.publish_results(survey=self.survey, publish=True)
        public = self.new_page()
        for path in (
            reverse("surveys:public_list"),
            reverse("surveys:results", args=[self.survey.slug]),
        ):
            public.goto(self.live_server_url + path)
            self.assert_accessible(public)
