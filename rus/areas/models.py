from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A geographical area: Sweden, a county (län) or a municipality (kommun).

    ``code`` is SCB's: two digits for a county, four for a municipality, ``00`` for Sweden.
    """

    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        COUNTY = "county", _("County")
        MUNICIPALITY = "municipality", _("Municipality")

    code = models.CharField(_("code"), max_length=10, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    shape = models.TextField(
        _("shape"), blank=True, help_text=_("SVG path of the area's outline, for maps.")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return self.name
