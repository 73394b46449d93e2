from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class FollowUpRound(models.Model):
    """The regional annual follow-up (RÅU) of one year."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    deadline = models.DateField(_("deadline for the counties"))
    report_date = models.DateField(_("date of the national report"))
    carry_forward_reached = models.BooleanField(
        _("carry the 'reached' judgement forward"),
        default=False,
        help_text=_(
            "In years between the in-depth evaluations, whether each objective is reached is "
            "carried forward unchanged; only the trend and the texts are reassessed."
        ),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    national_summary = models.TextField(_("national summary"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
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


class Assessment(models.Model):
    """One organisation's judgement of one objective for one area in one year."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

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
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    source = models.CharField(_("source"), max_length=500, blank=True)
    started = models.BooleanField(_("started"), default=False)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

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

    @property
    def editable(self) -> bool:
        return self.round.state == FollowUpRound.State.OPEN and self.state in (
            self.State.DRAFT,
            self.State.RETURNED,
        )

    @property
    def reached_short(self) -> str:
        return str(REACHED_SHORT[Reached(self.reached)]) if self.reached else ""

    @property
    def reached_symbol(self) -> str:
        return REACHED_SYMBOLS.get(self.reached, "")  # type: ignore[call-overload]

    @property
    def trend_symbol(self) -> str:
        return TREND_SYMBOLS.get(self.trend, "")  # type: ignore[call-overload]


class AssessmentVersion(models.Model):
    """Every saved state of an assessment's judgement and texts."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    state = models.CharField(_("state"), max_length=10, choices=Assessment.State.choices)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.SET_NULL, null=True
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["assessment", "number"]
        verbose_name = _("assessment version")
        verbose_name_plural = _("assessment versions")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="assessmentversion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} v{self.number}"


class AssessmentComment(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
