import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rus.lib.i18n import pick_language
from rus.workflow.models import Reviewable, ReviewRound, State

# A period of an observation: a year, a month, a quarter or a half year. The year is the
# first group.
PERIOD = re.compile(r"^(\d{4})(?:-(?:0[1-9]|1[0-2]|Q[1-4]|H[12]))?$")
validate_period = RegexValidator(
    PERIOD, _("Give a period such as 2023, 2023-05, 2023-Q2 or 2023-H1."), code="period"
)


class Indicator(models.Model):
    class Dpsir(models.TextChoices):
        DRIVER = "D", _("Driving force")
        PRESSURE = "P", _("Pressure")
        STATE = "S", _("State")
        IMPACT = "I", _("Impact")
        RESPONSE = "R", _("Response")

    class Direction(models.TextChoices):
        POSITIVE = "positive", _("Higher is better")
        NEGATIVE = "negative", _("Lower is better")
        NONE = "none", _("Neither higher nor lower is better in itself")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    dpsir = models.CharField(_("DPSIR type"), max_length=1, choices=Dpsir.choices, blank=True)
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=Direction.choices, default=Direction.NEGATIVE
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    caveat_sv = models.TextField(
        _("caveat (Swedish)"), blank=True, help_text=_("What a reader must know to read the data.")
    )
    caveat_en = models.TextField(_("caveat (English)"), blank=True)
    responsible = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    goals = models.ManyToManyField(
        "goals.Goal", verbose_name=_("linked goals"), blank=True, related_name="indicators"
    )
    area_levels = models.JSONField(_("area levels"), default=list, blank=True)
    additive = models.BooleanField(
        _("additive"),
        default=False,
        help_text=_("Values of municipalities add up to their county, and counties to Sweden."),
    )
    kolada_id = models.CharField(_("Kolada KPI id"), max_length=20, blank=True, db_index=True)
    external_ids = models.JSONField(_("other external ids"), default=dict, blank=True)
    base_year = models.PositiveIntegerField(_("base year for progress"), default=2015)
    auto_progress = models.BooleanField(
        _("compute progress from the data"),
        default=True,
        help_text=_("Off: the status chosen below is shown instead, as Open SDG allows."),
    )
    manual_progress = models.CharField(
        _("progress status set by hand"),
        max_length=30,
        blank=True,
        choices=[
            ("target_achieved", _("Target achieved")),
            ("substantial_progress", _("On track")),
            ("moderate_progress", _("Progress, but acceleration needed")),
            ("limited_progress", _("Limited progress")),
            ("deterioration", _("Moving away from the target")),
            ("not_available", _("Cannot be assessed")),
        ],
    )
    natural_limit = models.FloatField(_("natural limit"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_sv, self.name_en)

    @property
    def description(self) -> str:
        return pick_language(self.description_sv, self.description_en)

    @property
    def caveat(self) -> str:
        return pick_language(self.caveat_sv, self.caveat_en)


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Empty: the target holds for every area."),
    )
    value = models.FloatField(_("target value"))
    year = models.PositiveIntegerField(_("target year"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.year})"


class ImportBatch(models.Model):
    """One import of observations: who, when, from where, and what it did."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        KOLADA = "kolada", _("Kolada")
        NATURVARDSVERKET = "nvv", _("Naturvårdsverket")
        DERIVED = "derived", _("Derived")
        AGGREGATE = "aggregate", _("Aggregated")
        MANUAL = "manual", _("Entered by hand")

    class State(models.TextChoices):
        DRY_RUN = "dry_run", _("Dry run")
        STORED = "stored", _("Stored")
        REJECTED = "rejected", _("Rejected")

    class Job(models.TextChoices):
        CHECK = "check", _("Check")
        STORE = "store", _("Store")

    class Phase(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        READING = "reading", _("Reading the file")
        CHECKING = "checking", _("Checking the values")
        STORING = "storing", _("Storing the values")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped")

    RUNNING = (Phase.QUEUED, Phase.READING, Phase.CHECKING, Phase.STORING)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=500)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        null=True,
        related_name="batches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("new values"), default=0)
    revised = models.PositiveIntegerField(_("revised values"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged values"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    upload = models.FileField(_("uploaded file"), upload_to="imports/%Y/", blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # An upload checked or stored by the task worker: what was asked, how far it has come.
    job = models.CharField(_("job"), max_length=10, choices=Job.choices, blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, blank=True)
    progress = models.PositiveBigIntegerField(_("rows so far"), default=0)
    failure = models.TextField(_("why it stopped"), blank=True)
    sample = models.JSONField(_("first revised values"), default=list, blank=True)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source} ({self.created_at:%Y-%m-%d %H:%M})"


class Observation(models.Model):
    """One value in tidy long form. Revisions are kept: only one row per key is current.

    ``dimensions`` is a canonical text key such as ``sector=Transporter`` (several joined
    by ``;`` in sorted order); the empty string is the headline series.
    """

    class Gender(models.TextChoices):
        TOTAL = "T", _("Total")
        WOMEN = "K", _("Women")
        MEN = "M", _("Men")

    class Flag(models.TextChoices):
        NONE = "", _("Final")
        PRELIMINARY = "preliminary", _("Preliminary")
        REVISED = "revised", _("Revised")
        MISSING = "missing", _("Missing")
        CONFIDENTIAL = "confidential", _("Confidential")

    # Imports resolve codes to ids by joins and write millions of rows at a time: the keys
    # are checked there, set-wise, not by a trigger per row. The indicator is the first column
    # of the indexes below, so it needs no index of its own.
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="observations",
        db_constraint=False,
        db_index=False,
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="observations",
        db_constraint=False,
    )
    period = models.CharField(_("period"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.TOTAL
    )
    dimensions = models.CharField(_("dimensions"), max_length=200, blank=True, default="")
    value = models.FloatField(_("value"), null=True, blank=True)
    flag = models.CharField(
        _("status"), max_length=20, choices=Flag.choices, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import batch"),
        on_delete=models.PROTECT,
        related_name="observations",
        db_constraint=False,
    )
    is_current = models.BooleanField(_("current"), default=True)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "gender", "dimensions"],
                condition=models.Q(is_current=True),
                name="observation_one_current",
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "area", "is_current"], name="obs_series"),
            models.Index(fields=["indicator", "year", "is_current"], name="obs_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area_id} {self.period}: {self.value}"


class UpdateRound(ReviewRound):
    """A spring or autumn round in which counties update their indicator values."""

    class Season(models.TextChoices):
        SPRING = "spring", _("Spring")
        AUTUMN = "autumn", _("Autumn")

    year = models.PositiveSmallIntegerField(_("year"))
    season = models.CharField(_("season"), max_length=10, choices=Season.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("published values"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-year", "-season"]
        verbose_name = _("update round")
        verbose_name_plural = _("update rounds")
        constraints = [
            models.UniqueConstraint(fields=["year", "season"], name="round_unique_season")
        ]

    def __str__(self) -> str:
        return f"{self.get_season_display()} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:round", args=[self.pk])

    def items(self) -> Any:
        return self.updates.select_related("round")


class IndicatorUpdate(Reviewable):
    """One county's update of one indicator in a round: its new values and its comment."""

    State = State
    CONTENT_FIELDS = ("comment",)

    round = models.ForeignKey(
        UpdateRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="updates"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="updates"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="indicator_updates",
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("county comment"), blank=True)

    class Meta:
        ordering = ["round", "area__code", "indicator__code"]
        verbose_name = _("indicator update")
        verbose_name_plural = _("indicator updates")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "indicator", "area"], name="update_unique_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.indicator} · {self.area}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:update", args=[self.pk])

    def workflow_is_open(self) -> bool:
        return self.round.state == UpdateRound.State.OPEN

    @property
    def workflow_organisation(self) -> Any:
        return self.organisation

    def workflow_title(self) -> str:
        return f"{self.indicator.name}, {self.area.name} ({self.round})"

    def snapshot(self) -> dict[str, Any]:
        data = super().snapshot()
        data["values"] = (
            [[v.period, v.value, v.flag] for v in self.values.order_by("period")] if self.pk else []
        )
        return data

    def apply(self, data: dict[str, Any]) -> list[str]:
        if "values" in data:
            # Kept until saved, so that completeness is judged on the values being saved.
            self._pending_values = list(data["values"])
        return super().apply({k: v for k, v in data.items() if k != "values"})

    def apply_related(self, data: dict[str, Any]) -> None:
        if "values" not in data:
            return
        self.values.all().delete()
        RoundValue.objects.bulk_create(
            RoundValue(update=self, period=v.period, value=v.value, flag=v.flag)
            for v in data["values"]
        )

    def submit_problems(self) -> list[ValidationError]:
        pending = getattr(self, "_pending_values", None)
        if (not pending) if pending is not None else (self.pk and not self.values.exists()):
            return [
                ValidationError(_("Enter at least one value before submitting."), code="incomplete")
            ]
        return []


class RoundValue(models.Model):
    """A value entered in a round; it becomes an observation when the round is published."""

    update = models.ForeignKey(
        IndicatorUpdate, verbose_name=_("update"), on_delete=models.CASCADE, related_name="values"
    )
    period = models.CharField(_("period"), max_length=10)
    value = models.FloatField(_("value"), null=True, blank=True)
    flag = models.CharField(
        _("status"), max_length=20, choices=Observation.Flag.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["period"]
        verbose_name = _("round value")
        verbose_name_plural = _("round values")
        constraints = [
            models.UniqueConstraint(fields=["update", "period"], name="roundvalue_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.update}: {self.period} = {self.value}"


class ClimatePlan(models.Model):
    """A municipality's climate plan as Klimatkollen's crowd-sourced list records it: text,
    not a number (its name, the year adopted and a link), shown on the area's pages."""

    area = models.OneToOneField(
        "areas.Area",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="climate_plan",
    )
    adopted_year = models.PositiveSmallIntegerField(_("year adopted"), null=True, blank=True)
    name = models.TextField(_("name, validity and comment"), blank=True)
    # As the list gives it: mostly a web address, a few paths on Klimatkollen's own site.
    link = models.CharField(_("link"), max_length=1000, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["area__code"]
        verbose_name = _("climate plan")
        verbose_name_plural = _("climate plans")

    def __str__(self) -> str:
        return f"{self.area}: {self.name or '–'}"

    @property
    def found(self) -> bool:
        return self.adopted_year is not None

    @property
    def web_link(self) -> str:
        return self.link if self.link.startswith(("https://", "http://")) else ""
