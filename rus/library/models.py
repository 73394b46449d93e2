"""The library: guidance and reports, good examples, funding sources ("Var finns
pengarna?") and news."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    MUNICIPALITIES = "kommuner", _("Municipalities")
    COUNTY_BOARDS = "lansstyrelser", _("County boards")
    BUSINESS = "naringsliv", _("Businesses")
    ASSOCIATIONS = "foreningar", _("Associations")
    EVERYONE = "alla", _("Everyone")


class Document(models.Model):
    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance")
        REPORT = "report", _("Report")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    file = models.FileField(_("file"), upload_to="library/%Y/", blank=True)
    url = models.URLField(_("web address"), blank=True)
    audience = models.CharField(_("for"), max_length=15, choices=Audience.choices)
    tags = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("objectives"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_on = models.DateField(_("published"), default=timezone.localdate)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("guidance and reports")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:document", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class GoodExample(models.Model):
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("what was done, and what came of it"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("objectives"), blank=True)
    url = models.URLField(_("read more"), blank=True)
    published_on = models.DateField(_("published"), default=timezone.localdate)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("good example")
        verbose_name_plural = _("good examples")

    def __str__(self) -> str:
        return self.title


class FundingSource(models.Model):
    title = models.CharField(_("name"), max_length=300)
    funder = models.CharField(_("funder"), max_length=300)
    eligible = models.CharField(_("who may apply"), max_length=300)
    description = models.TextField(_("description"))
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("objectives"), blank=True)
    min_amount = models.DecimalField(
        _("smallest grant (SEK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    max_amount = models.DecimalField(
        _("largest grant (SEK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    url = models.URLField(_("web address"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:funding_source", args=[self.pk])


class FundingDeadline(models.Model):
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    day = models.DateField(_("last day to apply"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["source", "day"]
        verbose_name = _("application deadline")
        verbose_name_plural = _("application deadlines")

    def __str__(self) -> str:
        return f"{self.source}: {self.day}"


class NewsPost(models.Model):
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("news post")
        verbose_name_plural = _("news")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:news_post", args=[self.pk])
