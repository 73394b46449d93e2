"""Regional action programmes (åtgärdsprogram): measures, the actors who carry them out, and
their yearly reports, asked for through personal links and reviewed by the county board."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rus.workflow.models import Reviewable, ReviewRound, State


class Sector(models.Model):
    """A sector of society a programme or measure concerns; data, kept by RUS."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_sv"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_sv


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "ej_paborjad", pgettext_lazy("measure", "Not started")
    STARTED = "paborjad", pgettext_lazy("measure", "Started")
    COMPLETED = "genomford", pgettext_lazy("measure", "Completed")
    DISCONTINUED = "avbruten", pgettext_lazy("measure", "Discontinued")


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        CONSULTATION = "consultation", _("Out for consultation")
        ADOPTED = "adopted", _("Adopted")
        ENDED = "ended", _("Ended")

    class TargetKind(models.TextChoices):
        STARTED = "started", _("started or completed")
        COMPLETED = "completed", _("completed")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("county board"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    title = models.CharField(_("title"), max_length=300)
    starts = models.PositiveSmallIntegerField(_("first year"))
    ends = models.PositiveSmallIntegerField(_("last year"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        "goals.Goal", verbose_name=_("objectives"), blank=True, related_name="programmes"
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    target_percent = models.PositiveSmallIntegerField(
        _("target (per cent)"),
        null=True,
        blank=True,
        help_text=_("For example 95, for “95 per cent of the county board's measures started”."),
    )
    target_kind = models.CharField(
        _("target counts measures"),
        max_length=10,
        choices=TargetKind.choices,
        default=TargetKind.STARTED,
    )
    target_own = models.BooleanField(
        _("target only for the county board's own measures"), default=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["organisation__name", "-starts", "title"]
        verbose_name = _("action programme")
        verbose_name_plural = _("action programmes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:programme", args=[self.pk])

    @property
    def public(self) -> bool:
        """A programme is a public document once adopted."""
        return self.status in (self.Status.ADOPTED, self.Status.ENDED)


class ProgrammeDocument(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="programmes/%Y/")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["programme", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="measures"
    )
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        "goals.Goal", verbose_name=_("objectives"), blank=True, related_name="measures"
    )
    targets = models.ManyToManyField(
        "goals.Goal", verbose_name=_("Agenda 2030 targets"), blank=True, related_name="+"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.SET_NULL, null=True, blank=True
    )
    lead = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("leading actor"),
        on_delete=models.PROTECT,
        related_name="led_measures",
    )
    participants = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("actors taking part"),
        blank=True,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    starts = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    ends = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    cost = models.DecimalField(
        _("estimated cost (SEK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    funding = models.CharField(_("funding"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name=_("indicators of its effect"), blank=True
    )
    good_example = models.BooleanField(_("good example"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["programme", "code"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="actions_measure_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actions:measure", args=[self.pk])

    def actors(self) -> list[Any]:
        """The leading actor first, then those taking part."""
        return [self.lead, *[o for o in self.participants.all() if o.pk != self.lead_id]]


class Enquiry(ReviewRound):
    """A year's reporting window of a programme: every actor reports on its measures by the
    deadline (``deadline`` is the closing day); the county board reviews and publishes."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="enquiries"
    )
    year = models.PositiveSmallIntegerField(_("year reported on"))
    opens_on = models.DateField(_("opens"), default=timezone.localdate)
    message = models.TextField(
        _("message to the actors"),
        blank=True,
        help_text=_("A few lines in the invitation, above the link."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["programme", "-year"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="actions_enquiry_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("actions:enquiry", args=[self.pk])

    def items(self) -> Any:
        return self.reports.select_related("measure", "request__enquiry", "enquiry")

    def accepting(self, today: Any = None) -> bool:
        """Whether the window is open today for everyone (extensions aside)."""
        today = today or timezone.localdate()
        return self.state == self.State.OPEN and self.opens_on <= today <= self.deadline


class ActorRequest(models.Model):
    """One actor's part of an enquiry: to whom the personal link went, and any extension."""

    enquiry = models.ForeignKey(
        Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="requests"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("actor"), on_delete=models.PROTECT
    )
    name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["enquiry", "organisation__name"]
        verbose_name = _("request to an actor")
        verbose_name_plural = _("requests to actors")
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry", "organisation"], name="actions_request_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enquiry}: {self.organisation}"

    @property
    def subject(self) -> str:
        """The subject of this request's personal links (see ``rus.lib.links``)."""
        return f"actions.request:{self.pk}"

    @property
    def closes_on(self) -> Any:
        if self.extended_until and self.extended_until > self.enquiry.deadline:
            return self.extended_until
        return self.enquiry.deadline

    def accepting(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        enquiry = self.enquiry
        return enquiry.state == Enquiry.State.OPEN and enquiry.opens_on <= today <= self.closes_on


class Report(Reviewable):
    """What one actor reports on one measure for one year."""

    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = ("status", "share_done", "comment")
    REQUIRED_FOR_SUBMIT: ClassVar[tuple[str, ...]] = ("status",)

    enquiry = models.ForeignKey(
        Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="reports"
    )
    request = models.ForeignKey(
        ActorRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="reports"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="reports"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("actor"), on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices, blank=True)
    share_done = models.PositiveSmallIntegerField(_("share done (per cent)"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["enquiry", "measure__code", "organisation__name"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry", "measure", "organisation"], name="actions_report_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.organisation} {self.enquiry.year}"

    def get_absolute_url(self) -> str:
        return reverse("actions:enquiry_actor", args=[self.enquiry_id, self.request_id])

    def workflow_is_open(self) -> bool:
        return self.request.accepting()

    @property
    def workflow_organisation(self) -> Any:
        return self.organisation

    @property
    def review_organisation(self) -> Any:
        return self.enquiry.programme.organisation

    def workflow_title(self) -> str:
        return f"{self.measure.code} {self.measure.title} ({self.enquiry.year})"

    def notification_recipients(self, action: str) -> list[Any] | None:
        """An actor has no account: a returned report goes back to the address its link
        went to, with a fresh link; approvals are not mailed one by one."""
        if action != "return" or not self.request.email:
            return []
        from rus.actions.services import report_link
        from rus.outbox.services import Recipient

        return [
            Recipient(
                email=self.request.email,
                name=self.request.name,
                person=f"actions.request:{self.request_id}",
                context={"item_url": report_link(self.request), "start_url": ""},
            )
        ]

    @property
    def reported(self) -> bool:
        return self.state in (State.SUBMITTED, State.APPROVED, State.PUBLISHED)
