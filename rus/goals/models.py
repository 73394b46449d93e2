from django.db import models
from django.utils.translation import gettext_lazy as _

from rus.lib.i18n import pick_language


class Framework(models.Model):
    """A framework of goals: the environmental objectives, Agenda 2030, a regional strategy."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_sv, self.name_en)


class Goal(models.Model):
    """One node of a framework's goal tree."""

    class Kind(models.TextChoices):
        GENERATIONAL_GOAL = "generational", _("Generational goal")
        OBJECTIVE = "objective", _("Environmental quality objective")
        SPECIFICATION = "specification", _("Specification (precisering)")
        INTERIM_TARGET = "interim_target", _("Interim target (etappmål)")
        SDG = "sdg", _("Sustainable development goal")
        SDG_TARGET = "sdg_target", _("SDG target")
        STRATEGY_GOAL = "strategy_goal", _("Strategy goal")

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="goals"
    )
    code = models.CharField(_("code"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    name_sv = models.CharField(_("name (Swedish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    text_sv = models.TextField(_("text (Swedish)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    links: "models.ManyToManyField[Goal, GoalLink]" = models.ManyToManyField(
        "self",
        verbose_name=_("linked goals"),
        through="GoalLink",
        symmetrical=False,
        related_name="linked_from",
        blank=True,
    )

    class Meta:
        ordering = ["framework", "sort_order", "code"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="goal_unique_code")
        ]

    def __str__(self) -> str:
        if self.number is not None and self.kind == self.Kind.OBJECTIVE:
            return f"{self.number}. {self.name}"
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_sv, self.name_en)

    @property
    def text(self) -> str:
        return pick_language(self.text_sv, self.text_en)


class GoalLink(models.Model):
    """A crosswalk between goals of different frameworks (e.g. an objective and an SDG target)."""

    source = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="outgoing_links"
    )
    target = models.ForeignKey(
        Goal, verbose_name=_("linked goal"), on_delete=models.CASCADE, related_name="incoming_links"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("goal link")
        verbose_name_plural = _("goal links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="goallink_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.source} ↔ {self.target}"
