"""A region's development strategy followed up: its goal tree (a framework of goals of its
own), action plans written from templates, projects with budgets, grants and status reports;
and RUS's own operations (activity plan and report, the working group and what the county
boards are reimbursed for its time) on the same machinery."""

from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rus.workflow.models import Reviewable, State

# The names of the levels of a strategy's goal tree, by depth below the vision.
GOAL_LEVELS = (
    pgettext_lazy("strategy", "Overall goal"),
    pgettext_lazy("strategy", "Sub-goal"),
    pgettext_lazy("strategy", "Priority"),
)


def _pick(sv: str, en: str) -> str:
    return en if get_language() == "en" and en else sv


class Strategy(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    framework = models.OneToOneField(
        "goals.Framework",
        verbose_name=_("goal framework"),
        on_delete=models.PROTECT,
        related_name="strategy",
    )
    title = models.CharField(_("title"), max_length=300)
    vision = models.TextField(_("vision"), blank=True)
    starts = models.PositiveSmallIntegerField(_("first year"))
    ends = models.PositiveSmallIntegerField(_("last year"))
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public site with its goal pages.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["organisation__name", "-starts"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:strategy", args=[self.pk])


class PlanKind(models.TextChoices):
    ACTION_PLAN = "action_plan", _("Action plan")
    ACTIVITY_PLAN = "activity_plan", _("Activity plan")
    ACTIVITY_REPORT = "activity_report", _("Activity report")


class PlanTemplate(models.Model):
    """A template plans are written from: its sections and its checklist (data, kept by
    the strategy's owners in the admin; seeded from ``data/plan_templates.json``)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    kind = models.CharField(_("kind of plan"), max_length=20, choices=PlanKind.choices)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")

    def __str__(self) -> str:
        return _pick(self.name_sv, self.name_en)


class TemplateSection(models.Model):
    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("heading"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["template", "sort_order"]
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="strategy_tsection_key")
        ]

    def __str__(self) -> str:
        return self.title


class TemplateCheck(models.Model):
    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="checks"
    )
    key = models.SlugField(_("key"), max_length=60)
    text = models.CharField(_("checklist item"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["template", "sort_order"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="strategy_tcheck_key")
        ]

    def __str__(self) -> str:
        return self.text


class Plan(Reviewable):
    """An action plan of a strategy, or RUS's yearly activity plan or report: sections of
    text and a checklist copied from a template, written by the organisation and reviewed
    (a region's plans by its own coordinators, RUS's by the working group's reviewers)."""

    Kind = PlanKind

    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = ("title", "owner")
    M2M_FIELDS: ClassVar[dict[str, str]] = {"goals": "code"}
    REQUIRED_FOR_SUBMIT: ClassVar[tuple[str, ...]] = ("title", "owner")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("Who answers for the plan.")
    )
    goals = models.ManyToManyField(
        "goals.Goal", verbose_name=_("goals"), blank=True, related_name="plans"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("strategy:plan", args=[self.pk])

    # --- the review workflow ---------------------------------------------------------
    def workflow_is_open(self) -> bool:
        return True

    @property
    def workflow_organisation(self) -> Any:
        return self.organisation

    @property
    def review_organisation(self) -> Any:
        return self.strategy.organisation if self.strategy is not None else None

    def workflow_title(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.year})"

    def snapshot(self) -> dict[str, Any]:
        data = super().snapshot()
        if self.pk:
            data["sections"] = {s.key: s.text for s in self.sections.all()}
            data["checks"] = {c.key: [c.done, c.comment] for c in self.checks.all()}
        else:
            data["sections"], data["checks"] = {}, {}
        return data

    def apply(self, data: dict[str, Any]) -> list[str]:
        if "checks" in data:
            # Kept until saved, so that readiness is judged on the checklist being saved.
            self._pending_checks = dict(data["checks"])
        return super().apply({k: v for k, v in data.items() if k not in ("sections", "checks")})

    def apply_related(self, data: dict[str, Any]) -> None:
        super().apply_related(data)
        for section in self.sections.all():
            if section.key in data.get("sections", {}):
                section.text = data["sections"][section.key]
                section.save(update_fields=["text"])
        for check in self.checks.all():
            if check.key in data.get("checks", {}):
                check.done, check.comment = data["checks"][check.key]
                check.save(update_fields=["done", "comment"])

    def submit_problems(self) -> list[ValidationError]:
        problems = super().submit_problems()
        pending: dict[str, Any] = getattr(self, "_pending_checks", {})
        for check in self.checks.filter(required=True) if self.pk else []:
            done = pending[check.key][0] if check.key in pending else check.done
            if not done:
                problems.append(
                    ValidationError(
                        _("The checklist item “%(item)s” is required and still open."),
                        code="incomplete",
                        params={"item": check.text},
                    )
                )
        return problems

    @property
    def public(self) -> bool:
        """An approved plan of a public strategy is shown on its goal pages."""
        return (
            self.state in (State.APPROVED, State.PUBLISHED)
            and self.strategy is not None
            and self.strategy.public
        )


class PlanSection(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("heading"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    text = models.TextField(_("text"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["plan", "sort_order"]
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="strategy_psection_key")
        ]

    def __str__(self) -> str:
        return self.title


class PlanCheck(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="checks"
    )
    key = models.SlugField(_("key"), max_length=60)
    text = models.CharField(_("checklist item"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    done = models.BooleanField(_("done"), default=False)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["plan", "sort_order"]
        verbose_name = _("plan checklist item")
        verbose_name_plural = _("plan checklist items")
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="strategy_pcheck_key")]

    def __str__(self) -> str:
        return self.text


class Project(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="projects"
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    owner = models.CharField(_("project owner"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts = models.DateField(_("start"))
    ends = models.DateField(_("end"))
    goals = models.ManyToManyField(
        "goals.Goal", verbose_name=_("goals"), blank=True, related_name="projects"
    )
    action_plan = models.ForeignKey(
        Plan,
        verbose_name=_("action plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    grant_percent = models.DecimalField(
        _("grant (per cent of booked costs)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    grant_cap = models.PositiveBigIntegerField(_("grant at most (SEK)"), null=True, blank=True)
    report_interval_months = models.PositiveSmallIntegerField(
        _("months between status reports"), default=4
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after the period)"), default=30
    )
    contact_name = models.CharField(_("project leader"), max_length=200, blank=True)
    contact_email = models.EmailField(_("project leader's e-mail"), blank=True)
    public = models.BooleanField(
        _("shown on the public site"),
        default=True,
        help_text=_("The project, its budget and its approved status reports."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["strategy", "starts", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:project", args=[self.slug])

    @property
    def organisation(self) -> Any:
        return self.strategy.organisation

    def years(self) -> list[int]:
        return list(range(self.starts.year, self.ends.year + 1))


class SubGoal(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="subgoals"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("sub-goal"), max_length=300)
    activities = models.TextField(
        _("activities"), blank=True, help_text=_("One activity per line.")
    )

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("project sub-goal")
        verbose_name_plural = _("project sub-goals")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="strategy_subgoal_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def activity_list(self) -> list[str]:
        return [line.strip() for line in self.activities.splitlines() if line.strip()]


class CostLine(models.Model):
    """Booked costs of one category in one year, in whole kronor."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="costs"
    )
    category = models.CharField(_("cost category"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(_("amount (SEK)"))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["project", "sort_order", "year"]
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "category", "year"], name="strategy_cost_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.year}: {self.amount}"


class FinancingLine(models.Model):
    """Financing from one financier in one year, in whole kronor."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="financing"
    )
    financier = models.CharField(_("financier"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(_("amount (SEK)"))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["project", "sort_order", "year"]
        verbose_name = _("financing")
        verbose_name_plural = _("financing")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "financier", "year"], name="strategy_financing_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financier} {self.year}: {self.amount}"


class Progress(models.TextChoices):
    """How a sub-goal is going; each with a symbol, so that colour is never the only sign."""

    NOT_STARTED = "not_started", pgettext_lazy("progress", "Not started")
    ON_TRACK = "on_track", pgettext_lazy("progress", "On track")
    AT_RISK = "at_risk", pgettext_lazy("progress", "At risk")
    OFF_TRACK = "off_track", pgettext_lazy("progress", "Off track")
    DONE = "done", pgettext_lazy("progress", "Done")


PROGRESS_SYMBOLS = {
    Progress.NOT_STARTED: "○",
    Progress.ON_TRACK: "●",
    Progress.AT_RISK: "▲",
    Progress.OFF_TRACK: "■",
    Progress.DONE: "✓",
}


class StatusReport(Reviewable):
    """A project's report for one period: how each sub-goal is going and what has been spent,
    written by the project leader (through a personal link, or logged in) and reviewed by
    the region."""

    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = ("summary", "spent")
    REQUIRED_FOR_SUBMIT: ClassVar[tuple[str, ...]] = ("summary", "spent")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due = models.DateField(_("due"))
    summary = models.TextField(_("summary of the period"), blank=True)
    spent = models.PositiveBigIntegerField(
        _("costs booked so far (SEK)"),
        null=True,
        blank=True,
        help_text=_("All costs booked from the start of the project to the end of the period."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="strategy_report_number")
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.period_start}–{self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:report", args=[self.pk])

    @property
    def subject(self) -> str:
        """The subject of the project leader's personal link (see ``rus.lib.links``)."""
        return f"strategy.report:{self.pk}"

    def workflow_is_open(self) -> bool:
        return True

    @property
    def workflow_organisation(self) -> Any:
        return self.project.strategy.organisation

    @property
    def review_organisation(self) -> Any:
        return self.project.strategy.organisation

    def workflow_title(self) -> str:
        return _("%(project)s: status report %(number)d") % {
            "project": self.project.title,
            "number": self.number,
        }

    def notification_recipients(self, action: str) -> list[Any] | None:
        """A returned report goes back to the project leader, with a fresh personal link;
        other transitions go to the region's coordinators."""
        if action != "return":
            return None
        if not self.project.contact_email:
            return None
        from rus.outbox.services import Recipient
        from rus.strategy.services import report_link

        return [
            Recipient(
                email=self.project.contact_email,
                name=self.project.contact_name,
                person=self.subject,
                context={"item_url": report_link(self), "start_url": ""},
            )
        ]

    def snapshot(self) -> dict[str, Any]:
        data = super().snapshot()
        data["progress"] = (
            {str(p.subgoal.number): [p.status, p.comment] for p in self.progress.all()}
            if self.pk
            else {}
        )
        return data

    def apply(self, data: dict[str, Any]) -> list[str]:
        if "progress" in data:
            self._pending_progress = dict(data["progress"])
        return super().apply({k: v for k, v in data.items() if k != "progress"})

    def apply_related(self, data: dict[str, Any]) -> None:
        if "progress" not in data:
            return
        subgoals = {str(s.number): s for s in self.project.subgoals.all()}
        for number, (status, comment) in data["progress"].items():
            if number in subgoals:
                SubGoalStatus.objects.update_or_create(
                    report=self,
                    subgoal=subgoals[number],
                    defaults={"status": status, "comment": comment},
                )

    def submit_problems(self) -> list[ValidationError]:
        problems = super().submit_problems()
        pending: dict[str, Any] | None = getattr(self, "_pending_progress", None)
        given = (
            {n for n, (status, _c) in pending.items() if status}
            if pending is not None
            else {str(p.subgoal.number) for p in self.progress.all() if p.status}
        )
        for subgoal in self.project.subgoals.all():
            if str(subgoal.number) not in given:
                problems.append(
                    ValidationError(
                        _("Say how sub-goal %(number)d is going before submitting."),
                        code="incomplete",
                        params={"number": subgoal.number},
                    )
                )
        return problems

    def overdue(self, today: date) -> bool:
        return self.state in (State.DRAFT, State.RETURNED) and self.due < today


class SubGoalStatus(models.Model):
    report = models.ForeignKey(
        StatusReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="progress"
    )
    subgoal = models.ForeignKey(
        SubGoal, verbose_name=_("sub-goal"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=Progress.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "subgoal__number"]
        verbose_name = _("sub-goal status")
        verbose_name_plural = _("sub-goal statuses")
        constraints = [
            models.UniqueConstraint(fields=["report", "subgoal"], name="strategy_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subgoal}: {self.get_status_display()}"

    @property
    def symbol(self) -> str:
        return PROGRESS_SYMBOLS.get(Progress(self.status), "") if self.status else ""


class TrustMeasure(models.Model):
    """How a strategy's partnership survey becomes one of its indicators: the share of
    answers to one question in the top options, per edition of the survey series."""

    strategy = models.OneToOneField(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="trust"
    )
    series = models.SlugField(_("survey series"), max_length=80)
    question_code = models.CharField(_("question code"), max_length=40)
    options = models.CharField(
        _("option codes counted"),
        max_length=200,
        help_text=_("Comma-separated, for example “4,5” for the two highest steps of a scale."),
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("trust measure")
        verbose_name_plural = _("trust measures")

    def __str__(self) -> str:
        return f"{self.strategy}: {self.series} {self.question_code}"

    def option_codes(self) -> list[str]:
        return [c.strip() for c in self.options.split(",") if c.strip()]


class WorkingGroupMember(models.Model):
    """A member of RUS's working group in a year: the county board that employs them, the
    share of full time they give RUS (for which the board is reimbursed) and what they
    answer for."""

    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("county board"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    share_percent = models.PositiveSmallIntegerField(_("share of full time (per cent)"))
    lead = models.BooleanField(_("leads the working group"), default=False)
    objectives = models.ManyToManyField(
        "goals.Goal", verbose_name=_("objectives responsible for"), blank=True, related_name="+"
    )
    areas = models.CharField(_("other areas of responsibility"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-year", "-lead", "organisation__name", "name"]
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organisation", "name"], name="strategy_member_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(share_percent__lte=100), name="strategy_member_share"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation}, {self.year})"


class ReimbursementRate(models.Model):
    """What a full-time year of a working-group member costs, as reimbursed that year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    annual_cost = models.PositiveBigIntegerField(_("cost of a full-time year (SEK)"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reimbursement rate")
        verbose_name_plural = _("reimbursement rates")

    def __str__(self) -> str:
        return f"{self.year}: {self.annual_cost}"
