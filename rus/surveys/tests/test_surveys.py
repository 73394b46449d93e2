"""Surveys: invitations through the outbox, answers through personal links, results checked
against counts and half-up shares computed here."""

import io
import re
from datetime import timedelta

import openpyxl
from django.conf import settings
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from rus.accounts.models import Membership, User
from rus.organisations.models import Organisation
from rus.outbox import services as outbox
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.referencedata.services import load_reference_data
from rus.surveys import services
from rus.surveys.models import Response, Survey
from rus.surveys.tests.helpers import (
    CODES,
    QUESTIONS,
    RESPONDENTS,
    boards_with_contacts,
    choice,
    definition,
    expected_table,
)
from rus.test import PASSWORD

LINK = re.compile(r"https?://\S+/enkater/svar/\S+/")


class SurveyTestCase(TestCase):
    admin: User
    boards: list[Organisation]

    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=settings.RUS_DATA_DIR)
        cls.boards = boards_with_contacts()
        cls.admin = User.objects.create_user("alice", "alice@example.org", PASSWORD)
        Membership.objects.create(
            user=cls.admin, organisation=Organisation.objects.get(key="rus"), role="administrator"
        )

    def setUp(self):
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)

    def open_survey(self, **kwargs) -> Survey:
        survey, _created = services.import_definition(definition(**kwargs), label="enkat.json")
        survey.closes_on = timezone.localdate() + timedelta(days=14)
        survey.save()
        services.set_state(survey=survey, state=Survey.State.OPEN)
        services.invite(survey=survey, user=self.admin, organisations=self.boards)
        outbox.deliver_due()
        return survey

    def link_for(self, board: Organisation) -> str:
        (mail,) = self.smtp.inbox.to(f"samordnare-{board.area.code}@example.org")
        found = LINK.search(mail.get_content())
        assert found, mail.get_content()
        return found.group(0).replace("http://127.0.0.1:8000", "")

    def answer_pattern(self, survey: Survey) -> None:
        for i, board in enumerate(self.boards[:RESPONDENTS]):
            data = {"action": "submit"}
            for q in range(QUESTIONS):
                c = choice(i, q)
                if c is not None:
                    data[f"m{q + 1:02d}"] = CODES[c]
            response = Client().post(self.link_for(board), data)
            self.assertEqual(response.status_code, 302, response.content[:3000])


class ResultsTests(SurveyTestCase):
    def test_counts_bases_and_half_up_shares_everywhere(self):
        survey = self.open_survey()
        self.assertEqual(len(self.smtp.inbox.recipients()), 21)
        self.answer_pattern(survey)
        expected = expected_table()
        # The pattern holds a share on exactly .5 that Python's round would get wrong.
        self.assertIn(("m01", "genomfort", 1, 8, 13), expected)
        self.assertEqual(round(100 * 1 / 8), 12)

        # survey_results
        out = io.StringIO()
        call_command("survey_results", survey.slug, stdout=out)
        lines = out.getvalue().strip().splitlines()
        self.assertEqual(lines[0], "question,option,count,base,percent")
        self.assertEqual(lines[1:], [",".join(str(v) for v in row) for row in expected])

        # The Excel export
        client = Client()
        client.force_login(self.admin)
        xlsx = client.get(reverse("surveys:results_download", args=[survey.slug, "xlsx"]))
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
        values = list(sheet.iter_rows(values_only=True))
        self.assertEqual(values[0], ("question", "option", "count", "base", "percent"))
        self.assertEqual([tuple(v) for v in values[1:]], expected)

        # The results page: every count, base and share, in Swedish.
        page = client.get(reverse("surveys:results", args=[survey.slug])).content.decode()
        for q in range(QUESTIONS):
            code = f"m{q + 1:02d}"
            rows = [r for r in expected if r[0] == code]
            base = rows[0][3]
            self.assertIn(f"Besvarad av {base}; {RESPONDENTS - base} svarade inte", page)
            block = page.split(f'<span class="tag">{code}</span>', 1)[1].split("</table>", 1)[0]
            for (_q, _o, count, _b, share), text in zip(
                rows, ["Genomfört", "På gång", "Ej aktuellt"], strict=True
            ):
                self.assertIn(
                    f'<th scope="row">{text}</th><td>{count}</td><td>{share} %</td>', block
                )

        # The API: administrators before publication, everyone after.
        api = f"/api/v1/surveys/{survey.slug}/results"
        self.assertEqual(Client().get(api).status_code, 404)
        body = client.get(api).json()
        self.assertEqual(
            [
                (r["question"], r["option"], r["count"], r["base"], r["percent"])
                for r in body["results"]
            ],
            expected,
        )
        services.publish_results(survey=survey, publish=True)
        self.assertEqual(Client().get(api).json()["respondents"], RESPONDENTS)
        self.assertEqual(
            Client().get(reverse("surveys:results", args=[survey.slug])).status_code, 200
        )

    def test_a_new_edition_is_compared_question_by_question(self):
        survey = self.open_survey()
        self.answer_pattern(survey)
        copy = services.copy_survey(
            survey=survey, slug="arbetssatt-2027", edition=2027, user=self.admin
        )
        self.assertEqual(
            list(copy.questions.values_list("code", flat=True)),
            list(survey.questions.values_list("code", flat=True)),
        )
        from rus.surveys import selectors

        result = selectors.results(copy)
        self.assertEqual(result.previous, survey)
        first = result.questions[0]
        self.assertEqual(
            [r.previous for r in first.rows],
            [row[4] for row in expected_table() if row[0] == "m01"],
        )


class AnswerTests(SurveyTestCase):
    def test_a_second_submission_updates_and_invalid_answers_are_refused(self):
        survey = self.open_survey()
        link = self.link_for(self.boards[0])
        client = Client()
        client.post(link, {"action": "submit", "m01": "genomfort"})
        client.post(link, {"action": "submit", "m01": "pa-gang", "m02": "ej-aktuellt"})
        self.assertEqual(Response.objects.filter(survey=survey).count(), 1)
        response = Response.objects.get(survey=survey)
        self.assertEqual(
            sorted((a.question.code, a.option.code) for a in response.answers.all()),
            [("m01", "pa-gang"), ("m02", "ej-aktuellt")],
        )
        refused = client.post(link, {"action": "submit", "m01": "kanske"})
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "Välj ett giltigt alternativ")
        self.assertEqual(response.answers.get(question__code="m01").option.code, "pa-gang")

    def test_text_in_a_number_question_and_required_questions(self):
        survey, _ = services.import_definition(
            {
                "slug": "tillit",
                "title": "Tillit",
                "questions": [
                    {"code": "antal", "text": "Hur många?", "kind": "number", "required": True},
                    {"code": "betyg", "text": "Hur väl?", "kind": "scale", "min": 1, "max": 5},
                ],
            },
            label="tillit.json",
        )
        services.set_state(survey=survey, state=Survey.State.OPEN)
        services.invite(survey=survey, user=self.admin, organisations=self.boards[:1])
        outbox.deliver_due()
        link = self.link_for(self.boards[0])
        page = Client().post(link, {"action": "submit", "antal": "ganska många", "betyg": "6"})
        self.assertContains(page, "&#x27;ganska många&#x27; är inte ett tal")
        self.assertContains(page, "Välj ett giltigt alternativ")
        missing = Client().post(link, {"action": "submit", "betyg": "4"})
        self.assertContains(missing, "frågan måste besvaras")
        self.assertFalse(Response.objects.filter(survey=survey, submitted=True).exists())
        done = Client().post(link, {"action": "submit", "antal": "1 250,5", "betyg": "4"})
        self.assertEqual(done.status_code, 302)
        self.assertEqual(
            str(Response.objects.get(survey=survey).answers.get(question__code="antal").number),
            "1250.5000",
        )


class AnonymityTests(SurveyTestCase):
    """In an anonymous survey no page, export or API ties an answer to whoever gave it."""

    def test_no_output_names_a_respondent(self):
        data = definition(slug="anonym-2026", anonymous=True)
        data["questions"] = [
            *data["questions"][:3],
            {"code": "ovrigt", "text": "Något mer?", "kind": "text"},
        ]
        survey, _ = services.import_definition(data, label="anonym.json")
        services.set_state(survey=survey, state=Survey.State.OPEN)
        services.invite(survey=survey, user=self.admin, organisations=self.boards)
        outbox.deliver_due()
        answered = self.boards[:12]
        for i, board in enumerate(answered):
            Client().post(
                self.link_for(board),
                {
                    "action": "submit",
                    "m01": CODES[0] if i < 10 else CODES[1],
                    "m02": CODES[i % 3],
                    "ovrigt": "Vi arbetar vidare med detta.",
                },
            )
        self.assertEqual(Response.objects.filter(survey=survey, submitted=True).count(), 12)
        # What is stored: no invitation, no organisation, nothing to order them by.
        for response in Response.objects.filter(survey=survey):
            self.assertIsNone(response.invitation_id)
            self.assertIsNone(response.organisation_id)
            self.assertEqual(len(response.key), 64)
        # Another link for an invitation that has answered (a reminder's) cannot answer again.
        first = survey.invitations.get(organisation=answered[0])
        fresh = services.answer_link(first).replace("http://127.0.0.1:8000", "")
        again = Client().post(fresh, {"action": "submit", "m01": CODES[2]})
        self.assertContains(again, "redan besvarats med en annan länk")
        self.assertEqual(Response.objects.filter(survey=survey).count(), 12)

        services.publish_results(survey=survey, publish=True)
        admin = Client()
        admin.force_login(self.admin)
        outputs = {}
        for who, client in (("admin", admin), ("public", Client())):
            for path in (
                reverse("surveys:results", args=[survey.slug]),
                reverse("surveys:results", args=[survey.slug]) + "?typ=lansstyrelse",
                reverse("surveys:results_download", args=[survey.slug, "csv"]),
                reverse("surveys:results_download", args=[survey.slug, "excel-csv"]),
                f"/api/v1/surveys/{survey.slug}/results",
            ):
                outputs[(who, path)] = client.get(path).content.decode("utf-8-sig")
            xlsx = client.get(reverse("surveys:results_download", args=[survey.slug, "xlsx"]))
            sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
            outputs[(who, "xlsx")] = repr(list(sheet.iter_rows(values_only=True)))
            pdf = client.get(reverse("surveys:results_download", args=[survey.slug, "pdf"]))
            from pypdf import PdfReader

            outputs[(who, "pdf")] = "".join(
                p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages
            )
        # Raw answers do not exist for an anonymous survey.
        self.assertEqual(
            admin.get(reverse("surveys:raw", args=[survey.slug, "xlsx"])).status_code, 404
        )
        names = set()
        for board in self.boards:
            names |= {
                board.name,
                board.area.name,
                f"samordnare-{board.area.code}@example.org",
                f"Samordnare {board.area.name}",
            }
        for where, text in outputs.items():
            for name in names:
                with self.subTest(where=where, name=name):
                    self.assertNotIn(name, text)
        # Small groups are not shown: m01 has 10, 2 and 0 of 12, so the 2 is hidden, and, as
        # one choice adds up to the base, the 10 too (else 12 - 10 - 0 gives the 2 away).
        # m02 has 4, 4 and 4: all hidden. The free text is not published.
        api = Client().get(f"/api/v1/surveys/{survey.slug}/results").json()["results"]
        m01 = {r["option"]: r["count"] for r in api if r["question"] == "m01"}
        self.assertEqual(m01, {"genomfort": None, "pa-gang": None, "ej-aktuellt": 0})
        m02 = {r["option"]: r["percent"] for r in api if r["question"] == "m02"}
        self.assertEqual(m02, {"genomfort": None, "pa-gang": None, "ej-aktuellt": None})
        public_page = outputs[("public", reverse("surveys:results", args=[survey.slug]))]
        self.assertNotIn("Vi arbetar vidare med detta", public_page)


class FileTests(SurveyTestCase):
    def test_definition_and_answers_from_files_and_the_results_command(self):
        import json
        import tempfile
        from pathlib import Path

        from django.core.management.base import CommandError

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "tillit.json"
            path.write_text(
                json.dumps(
                    {
                        "slug": "tillit-2026",
                        "title": "Tillit till det regionala utvecklingsarbetet",
                        "questions": [
                            {
                                "code": "tillit",
                                "text": "Hur stor är din tillit?",
                                "kind": "scale",
                                "options": [1, 2, 3, 4, 5],
                                "required": True,
                            },
                            {
                                "code": "kanaler",
                                "text": "Var hör du om arbetet?",
                                "kind": "multiple",
                                "options": ["Webben", "Möten", "Nyhetsbrev"],
                            },
                            {"code": "antal", "text": "Hur många möten?", "kind": "number"},
                        ],
                    }
                ),
                encoding="utf-8",
            )
            call_command("import_survey", str(path), stdout=io.StringIO())
            answers = Path(tmp) / "svar.csv"
            answers.write_text(
                "organisation,tillit,kanaler,antal\n"
                'lst-03,4,"Webben; Möten",3\n'
                "Länsstyrelsen i Skåne län,5,Nyhetsbrev,\n"
                'lst-01,2,,"1,5"\n',
                encoding="utf-8",
            )
            call_command("import_responses", "tillit-2026", str(answers), stdout=io.StringIO())
            bad = Path(tmp) / "fel.csv"
            bad.write_text(
                "organisation;tillit;kanaler;antal;okand\nlst-99;7;Webben;många;x\n",
                encoding="utf-8",
            )
            with self.assertRaises(CommandError) as ctx:
                call_command("import_responses", "tillit-2026", str(bad), stdout=io.StringIO())
        self.assertEqual(
            str(ctx.exception).splitlines(),
            [
                "fel.csv, rad 1, kolumn okand: ingen fråga har koden okand",
                "fel.csv, rad 2, kolumn organisation: okänd organisation 'lst-99'",
                "fel.csv, rad 2, kolumn tillit: '7' är inte ett av alternativen för tillit",
                "fel.csv, rad 2, kolumn antal: 'många' är inte ett tal",
            ],
        )
        self.assertEqual(Response.objects.filter(survey__slug="tillit-2026").count(), 3)
        out = io.StringIO()
        call_command("survey_results", "tillit-2026", stdout=out)
        self.assertEqual(
            out.getvalue().splitlines(),
            [
                "question,option,count,base,percent",
                "tillit,1,0,3,0",
                "tillit,2,1,3,33",
                "tillit,3,0,3,0",
                "tillit,4,1,3,33",
                "tillit,5,1,3,33",
                # Several choices: shares of respondents, here adding up past 100.
                "kanaler,webben,1,2,50",
                "kanaler,moten,1,2,50",
                "kanaler,nyhetsbrev,1,2,50",
            ],
        )
