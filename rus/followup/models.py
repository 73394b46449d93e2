from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rus.workflow.models import Reviewable, ReviewRound, State, field_label

if TYPE_CHECKING:
    from rus.organisations.models import Organisation


def default_deadline(year: int) -> date:
    return date(year, 11, 30)


def default_report_date(year: int) -> date:
    return date(year + 1, 3, 31)


class Reached(models.TextChoices):
    YES = "ja", _("Yes, the objective is reached or will be")
    NEAR = "nara", _("Close to being reached")
    NO = "nej", _("No, not reached")


class Trend(models.TextChoices):
    POSITIVE = "positiv", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negativ", _("Negative")
    UNCLEAR = "oklar", _("Unclear")


REACHED_SHORT = {Reached.YES: _("Yes"), Reached.NEAR: _("Close"), Reached.NO: _("No")}

# Symbols go with the words everywhere, so that no judgement is told by colour alone.
REACHED_SYMBOLS = {Reached.YES: "✔", Reached.NEAR: "◐", Reached.NO: "✖"}
TREND_SYMBOLS = {Trend.POSITIVE: "↗", Trend.NEUTRAL: "→", Trend.NEGATIVE: "↘", Trend.UNCLEAR: "?"}


class FollowUpRound(ReviewRound):
    """The regional annual follow-up (RÅU) of one year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    report_date = models.DateField(_("date of the national report"))
    carry_forward_reached = models.BooleanField(
        _("carry the 'reached' judgement forward"),
        default=False,
        help_text=_(
            "In years between the in-depth evaluations, whether each objective is reached is "
            "carried forward unchanged; only the trend and the texts are reassessed."
        ),
    )
    national_summary = models.TextField(_("national summary"), blank=True)
    imported = models.BooleanField(
        _("imported history"), default=False, help_text=_("Judgements read from published pages.")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")

    def __str__(self) -> str:
        return f"RÅU {self.year}"

    def items(self) -> Any:
        return self.assessments.select_related("round")

    def check_reopenable(self) -> None:
        if self.imported:
            raise ValidationError(
                _("An imported earlier year has no texts to correct in rus."), code="imported"
            )


class AssessmentTemplate(models.Model):
    """Text RUS gives the counties to start from for one objective."""

    goal = models.OneToOneField("goals.Goal", verbose_name=_("objective"), on_delete=models.CASCADE)
    summary = models.TextField(_("summary"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")

    def __str__(self) -> str:
        return str(self.goal)


class Assessment(Reviewable):
    """One organisation's judgement of one objective for one area in one year."""

    State = State
    CONTENT_FIELDS = (
        "reached",
        "trend",
        "summary",
        "justification",
        "actions",
        "generational_goal",
    )
    M2M_FIELDS = {"indicators": "code", "measures": "code"}
    # The texts RUS's template asks every county for.
    REQUIRED_FOR_SUBMIT = ("trend", "summary", "justification")

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="assessments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="assessments"
    )
    goal = models.ForeignKey(
        "goals.Goal",
        verbose_name=_("objective"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    reached = models.CharField(_("reached"), max_length=10, choices=Reached.choices, blank=True)
    trend = models.CharField(
        _("trend in the environment"), max_length=10, choices=Trend.choices, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    actions = models.TextField(_("actions taken"), blank=True)
    generational_goal = models.TextField(_("contribution to the generational goal"), blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        verbose_name=_("cited indicators"),
        blank=True,
        related_name="assessments",
    )
    measures = models.ManyToManyField(
        "actions.Measure",
        verbose_name=_("measures cited as actions taken"),
        blank=True,
        related_name="assessments",
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    started = models.BooleanField(_("started"), default=False)

    class Meta:
        ordering = ["round", "area__code", "goal__sort_order"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "area", "goal"], name="assessment_unique"
            )
        ]
        indexes = [models.Index(fields=["round", "state"], name="assessment_round_state")]

    def __str__(self) -> str:
        return f"{self.round} · {self.area} · {self.goal}"

    def get_absolute_url(self) -> str:
        return reverse("followup:assessment", args=[self.pk])

    # --- the review workflow ---------------------------------------------------------
    def workflow_is_open(self) -> bool:
        return self.round.state == FollowUpRound.State.OPEN

    @property
    def workflow_organisation(self) -> "Organisation":
        return self.organisation

    def workflow_title(self) -> str:
        return f"{self.goal}, {self.area.name} {self.round.year}"

    def submit_problems(self) -> list[ValidationError]:
        problems = super().submit_problems()
        if not self.reached and not self.round.carry_forward_reached:
            problems.insert(
                0,
                ValidationError(
                    _("“%(field)s” must be filled in before submitting."),
                    code="incomplete",
                    params={"field": field_label(Assessment, "reached")},
                ),
            )
        return problems

    # --- display ---------------------------------------------------------------------
    @property
    def reached_short(self) -> str:
        return str(REACHED_SHORT[Reached(self.reached)]) if self.reached else ""

    @property
    def reached_symbol(self) -> str:
        return REACHED_SYMBOLS.get(self.reached, "")  # type: ignore[call-overload]

    @property
    def trend_symbol(self) -> str:
        return TREND_SYMBOLS.get(self.trend, "")  # type: ignore[call-overload]
