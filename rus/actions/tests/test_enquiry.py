"""An action programme from Excel, its yearly enquiry through personal links and the outbox,
and the figures it gives, checked against shares computed here."""

import re
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from rus.accounts.models import Membership, User
from rus.actions import selectors, services
from rus.actions.models import ActorRequest, Enquiry, Measure, Programme, Report
from rus.actions.tests.helpers import ACTORS, columns, contact_of, link_in, rows, table
from rus.lib import links
from rus.organisations.models import Organisation
from rus.outbox import services as outbox
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.referencedata.services import load_reference_data
from rus.test import PASSWORD

TODAY = timezone.localdate()


class EnquiryTestCase(TestCase):
    board: Organisation
    cora: User
    programme: Programme

    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=settings.RUS_DATA_DIR)
        cls.board = Organisation.objects.get(key="lst-03")
        cls.cora = User.objects.create_user("cora", "cora@example.org", PASSWORD)
        Membership.objects.create(user=cls.cora, organisation=cls.board, role="coordinator")
        cls.programme = services.programme_save(
            programme=None,
            organisation=cls.board,
            data={
                "title": "Åtgärdsprogram för miljömålen i Uppsala län 2025–2028",
                "starts": 2025,
                "ends": 2028,
                "status": Programme.Status.ADOPTED,
                "target_percent": 95,
                "target_kind": Programme.TargetKind.STARTED,
                "target_own": True,
            },
        )
        report = services.import_programme(table(), columns(), programme=cls.programme)
        assert report.ok, report.problems

    def setUp(self):
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)

    def open_and_invite(self) -> Enquiry:
        enquiry = services.enquiry_open(
            programme=self.programme, year=2026, deadline=TODAY + timedelta(days=30), user=self.cora
        )
        services.invite(enquiry=enquiry, user=self.cora)
        outbox.deliver_due()
        return enquiry

    def answer(self, link: str, statuses: dict[str, tuple[str, int]]) -> Client:
        """Answer through a link as a browser would: the form's fields as the page names them."""
        client = Client(enforce_csrf_checks=False)
        path = link.replace("http://127.0.0.1:8000", "")
        page = client.get(path)
        self.assertEqual(page.status_code, 200)
        token = path.rstrip("/").rsplit("/", 1)[1]
        subject = links.read(token, services.REPORT_LINK).subject
        request = ActorRequest.objects.get(pk=int(subject.split(":")[1]))
        data = {"action": "submit"}
        for report in request.reports.select_related("measure"):
            status, share = statuses[report.measure.code]
            self.assertContains(page, f'name="r{report.pk}-status"')
            data.update(
                {
                    f"r{report.pk}-status": status,
                    f"r{report.pk}-share_done": str(share),
                    f"r{report.pk}-comment": f"Läget för {report.measure.code}.",
                    f"r{report.pk}-version": str(report.version),
                }
            )
        response = client.post(path, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return client


class ProgrammeEnquiryTests(EnquiryTestCase):
    def test_import_enquire_answer_and_the_figures(self):
        self.assertEqual(self.programme.measures.count(), 50)
        self.assertEqual(len({m.lead_id for m in self.programme.measures.all()}), 10)
        self.assertTrue(
            Organisation.objects.filter(name="Upplands Energi AB", kind="company").exists()
        )

        enquiry = self.open_and_invite()
        self.assertEqual(enquiry.requests.count(), 10)
        self.assertEqual(
            sorted(self.smtp.inbox.recipients()), sorted(contact_of(a) for a in ACTORS)
        )
        # Three actors answer through the links in their mails.
        data = rows()
        lead_of = {r[0]: r[3] for r in data}
        chosen = {
            "Uppsala kommun": ("genomford", 100),
            "Länsstyrelsen i Uppsala län": ("paborjad", 40),
            "Upplands Energi AB": ("avbruten", 10),
        }
        answered: dict[str, str] = {}
        for actor, (status, share) in chosen.items():
            (mail,) = self.smtp.inbox.to(contact_of(actor))
            codes = {code for code, lead in lead_of.items() if lead == actor}
            # The county board also takes part in every fifth measure.
            if actor == "Länsstyrelsen i Uppsala län":
                codes |= {r[0] for r in data if r[5] == actor}
            # The mail lists the actor's measures, and no others.
            listed = set(re.findall(r"^- (\S+) Åtgärd", mail.get_content(), re.M))
            self.assertEqual(listed, codes)
            self.answer(link_in(mail), {code: (status, share) for code in codes})
            for code in codes:
                if lead_of[code] == actor:
                    answered[code] = status
        services.approve_submitted(enquiry=enquiry, user=self.cora)
        services.enquiry_publish(
            enquiry=enquiry, user=self.cora, reason="Alla som svarat är klara."
        )

        # Shares computed here from the rows and the answers, rounded half up.
        counts = Counter(answered.values())
        counts["no_report"] = 50 - len(answered)
        figures = selectors.figures(self.programme, 2026, public=True)
        for key in ("genomford", "paborjad", "avbruten", "no_report"):
            with self.subTest(status=key):
                self.assertEqual(figures.overall.counts[key], counts[key])
                self.assertEqual(
                    dict((k, s) for k, _n, s in figures.overall.cells())[key],
                    int(100 * counts[key] / 50 + 0.5),
                )
        # The county board's own target: 95 % of its measures started; it led 5 and started all.
        own = [c for c, lead in lead_of.items() if lead == "Länsstyrelsen i Uppsala län"]
        assert figures.target is not None
        self.assertEqual(figures.target[:2], (95, 100))
        self.assertEqual(len(own), 5)
        # The public page shows the same.
        page = self.client.get(self.programme.get_absolute_url()).content.decode()
        self.assertIn(
            f"<td>{counts['genomford']}</td><td>{int(100 * counts['genomford'] / 50 + 0.5)} %</td>",
            page,
        )
        # The measures took their leading actor's status.
        self.assertEqual(
            Measure.objects.get(programme=self.programme, code=own[0]).status, "paborjad"
        )

    def test_inviting_again_sends_nothing_twice(self):
        enquiry = self.open_and_invite()
        self.assertEqual(services.invite(enquiry=enquiry, user=self.cora), 0)
        outbox.deliver_due()
        self.assertEqual(len(self.smtp.inbox.recipients()), 10)


class LinkBoundaryTests(EnquiryTestCase):
    """A link opens one actor's measures in one enquiry, and only while its window is open."""

    def setUp(self):
        super().setUp()
        self.enquiry = self.open_and_invite()
        self.uppsala = ActorRequest.objects.get(
            enquiry=self.enquiry, organisation__key="kommun-0380"
        )
        self.heby = ActorRequest.objects.get(enquiry=self.enquiry, organisation__key="kommun-0331")
        self.link = link_in(self.smtp.inbox.to(contact_of("Uppsala kommun"))[0]).replace(
            "http://127.0.0.1:8000", ""
        )

    def test_another_actors_measures_can_be_neither_read_nor_changed(self):
        page = self.client.get(self.link).content.decode()
        for report in self.uppsala.reports.select_related("measure"):
            self.assertIn(report.measure.title, page)
        for report in self.heby.reports.select_related("measure"):
            self.assertNotIn(f"r{report.pk}-status", page)
        foreign = self.heby.reports.first()
        response = self.client.post(
            self.link,
            {
                "action": "save",
                f"r{foreign.pk}-status": "genomford",
                f"r{foreign.pk}-share_done": "100",
                f"r{foreign.pk}-comment": "Kapat",
                f"r{foreign.pk}-version": str(foreign.version),
            },
        )
        self.assertIn(response.status_code, (200, 302))
        foreign.refresh_from_db()
        self.assertEqual((foreign.status, foreign.comment), ("", ""))
        with self.assertRaises(ValidationError):
            services.actor_save(
                request=self.uppsala,
                entries={foreign.pk: {"status": "genomford", "version": foreign.version}},
                submit=False,
            )

    def test_after_the_window_closes_nothing_changes_unless_extended(self):
        report = self.uppsala.reports.first()
        Enquiry.objects.filter(pk=self.enquiry.pk).update(deadline=TODAY - timedelta(days=1))
        page = self.client.get(self.link)
        self.assertContains(page, "Rapporteringen stängde")
        self.assertNotContains(page, f'name="r{report.pk}-status"')
        response = self.client.post(
            self.link,
            {
                "action": "submit",
                f"r{report.pk}-status": "paborjad",
                f"r{report.pk}-version": str(report.version),
            },
        )
        self.assertEqual(response.status_code, 302)
        report.refresh_from_db()
        self.assertEqual(report.status, "")
        # The county board extends the window for this actor: a new link comes, the old one
        # no longer opens.
        services.request_update(
            request=self.uppsala,
            data={"extended_until": TODAY + timedelta(days=7)},
            expected_version=self.uppsala.version,
            user=self.cora,
        )
        outbox.deliver_due()
        old = self.client.get(self.link)
        self.assertContains(old, "Länken gäller inte längre", status_code=410)
        new = link_in(self.smtp.inbox.to(contact_of("Uppsala kommun"))[-1]).replace(
            "http://127.0.0.1:8000", ""
        )
        self.assertNotEqual(new, self.link)
        self.assertContains(self.client.get(new), f'name="r{report.pk}-status"')

    def test_expired_and_tampered_links_get_the_clear_page(self):
        token = self.link.rstrip("/").rsplit("/", 1)[1]
        tampered = reverse(
            "actions:report", args=[token[:-2] + ("xx" if not token.endswith("xx") else "yy")]
        )
        self.assertContains(self.client.get(tampered), "Länken är inte hel", status_code=400)
        expired = links.make(
            services.REPORT_LINK, self.uppsala.subject, expires=timezone.now() - timedelta(hours=1)
        )
        self.assertContains(
            self.client.get(reverse("actions:report", args=[expired])),
            "Länken har slutat gälla",
            status_code=410,
        )


class ImportProblemTests(EnquiryTestCase):
    def test_a_malformed_file_is_refused_row_by_row_and_nothing_is_stored(self):
        data = rows(4)
        data[0][3] = "Okänd aktör AB"  # an unknown actor without its kind
        data[1][8] = "17"  # no seventeenth objective
        data[2][10], data[2][11] = "2028", "2025"  # ends before it starts
        data[3][0] = data[2][0]  # the same code twice
        data[3][12] = "tusen kronor"
        programme = services.programme_save(
            programme=None,
            organisation=self.board,
            data={"title": "Nytt program", "starts": 2027, "ends": 2030, "status": "draft"},
        )
        report = services.import_programme(table(data, "nytt.xlsx"), columns(), programme=programme)
        self.assertEqual(
            report.problems,
            [
                "nytt.xlsx, rad 2, kolumn Ansvarig: okänd aktör 'Okänd aktör AB'; ange dess typ "
                "(kommun, länsstyrelse, region, företag, förening, organisation, nätverk, "
                "myndighet) i kolumnen för aktörstyp för att lägga till den",
                "nytt.xlsx, rad 3, kolumn Miljömål: '17' är inte numret på ett miljömål (1–16)",
                "nytt.xlsx, rad 4, kolumn Slutår: slutåret är före startåret",
                "nytt.xlsx, rad 5, kolumn Kod: koden 1.3 finns också på rad 4",
            ],
        )
        self.assertFalse(programme.measures.exists())
        self.assertFalse(Organisation.objects.filter(name="Okänd aktör AB").exists())

    def test_the_columns_are_guessed_from_swedish_headings(self):
        self.assertEqual(
            columns(),
            {
                "code": "Kod",
                "title": "Åtgärd",
                "description": "Beskrivning",
                "lead": "Ansvarig",
                "lead_kind": "Aktörstyp",
                "participants": "Medverkande",
                "contact_name": "Kontaktperson",
                "contact_email": "E-post",
                "goals": "Miljömål",
                "sector": "Sektor",
                "starts": "Startår",
                "ends": "Slutår",
                "cost": "Kostnad",
                "funding": "",
                "status": "Status",
            },
        )

    def test_reimporting_the_same_file_changes_nothing(self):
        before = {m.code: (m.title, m.lead_id, m.version) for m in self.programme.measures.all()}
        report = services.import_programme(table(), columns(), programme=self.programme)
        self.assertEqual((report.created, report.updated), (0, 50))
        after = {m.code: (m.title, m.lead_id) for m in self.programme.measures.all()}
        self.assertEqual(after, {k: v[:2] for k, v in before.items()})


class OutputTests(EnquiryTestCase):
    """What the county board uploads, and what leaves rus: PDF, API, the assessment."""

    def setUp(self):
        super().setUp()
        self.enquiry = self.open_and_invite()

    def test_many_statuses_at_once_are_stored_on_the_actors_behalf(self):
        from rus.lib.tabular import read_table

        text = "kod;status;andel;kommentar\n1.1;genomförd;100;Klart\n1.2;påbörjad;50 %;\n"
        report = services.bulk_status(
            enquiry=self.enquiry, table=read_table(text.encode(), "status.csv"), user=self.cora
        )
        self.assertEqual((report.updated, report.problems), (2, []))
        stored = {
            r.measure.code: (r.status, r.share_done, r.state)
            for r in Report.objects.filter(
                enquiry=self.enquiry, measure__code__in=["1.1", "1.2"]
            ).select_related("measure")
            if r.organisation_id == r.measure.lead_id
        }
        self.assertEqual(
            stored, {"1.1": ("genomford", 100, "approved"), "1.2": ("paborjad", 50, "approved")}
        )
        bad = services.bulk_status(
            enquiry=self.enquiry,
            table=read_table(b"kod;status;andel\n9.9;klar;\n1.3;kanske;200\n", "fel.csv"),
            user=self.cora,
        )
        self.assertEqual(
            bad.problems,
            [
                "fel.csv, rad 2, kolumn kod: ingen åtgärd 9.9 med aktören (den ansvariga "
                "aktören) i den här rapporteringen",
                "fel.csv, rad 3, kolumn status: statusen ska vara en av: ej påbörjad, påbörjad, "
                "genomförd, avbruten",
                "fel.csv, rad 3, kolumn andel: '200' är inte en hel procentsats från 0 till 100",
            ],
        )

    def test_pdf_api_and_the_assessment(self):
        from pypdf import PdfReader

        services.approve_submitted(enquiry=self.enquiry, user=self.cora)
        pdf = self.client.get(reverse("actions:figures_pdf", args=[self.programme.pk]))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        import io

        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        self.assertIn(self.programme.title, text)
        api = self.client.get("/api/v1/measures?county=03&objective=2").json()
        expected = sorted(r[0] for r in rows() if "2" in [x.strip() for x in r[8].split(",")])
        self.assertEqual(sorted(m["code"] for m in api["items"]), expected)
        self.assertTrue(all(m["county"] == "03" for m in api["items"]))
        # A county cites its measures in its assessment of the objective.
        from rus.followup import services as followup

        rnd = followup.round_open(year=2026, user=self.cora)
        assessment = rnd.assessments.get(organisation=self.board, goal__number=2)
        self.client.force_login(self.cora)
        page = self.client.get(assessment.get_absolute_url())
        measure = Measure.objects.get(programme=self.programme, code=expected[0])
        self.assertContains(page, f'value="{measure.pk}"')
        followup.assessment_save(
            assessment=assessment,
            data={"measures": [measure]},
            expected_version=assessment.version,
            user=self.cora,
        )
        shown = self.client.get(assessment.get_absolute_url()).content.decode()
        self.assertIn(f"{measure.code} {measure.title}", shown)
