from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An organisation taking part in the follow-up; it belongs to an area.

    ``key`` is a stable natural key (``lst-03``, ``kommun-0380``) so that reference data can
    be reloaded without creating duplicates when a name changes.
    """

    class Kind(models.TextChoices):
        COUNTY_BOARD = "lansstyrelse", _("County administrative board")
        FOREST_AGENCY = "skogsstyrelsen", _("Swedish Forest Agency")
        EPA = "naturvardsverket", _("Swedish Environmental Protection Agency")
        MUNICIPALITY = "kommun", _("Municipality")
        REGION = "region", _("Region")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        NETWORK = "network", _("Network")

    key = models.SlugField(_("key"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="organisations"
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Applicability(models.Model):
    """That an organisation assesses a goal for an area in the regional follow-up.

    Rows are seeded from reference data and then belong to the administrators: switching
    ``active`` off keeps a row from being seeded again.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="applicabilities",
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    goal = models.ForeignKey(
        "goals.Goal", verbose_name=_("goal"), on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("assessed"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["area__code", "goal__sort_order", "organisation__name"]
        verbose_name = _("applicability")
        verbose_name_plural = _("applicability")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "area", "goal"], name="applicability_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.area} · {self.goal}"
