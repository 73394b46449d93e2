from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row whose number changes whenever anything the public may see has changed.

    Cached public pages and open-data answers are keyed on it, and their ETag and
    Last-Modified come from it, so a change reaches every app server at once.
    """

    number = models.PositiveBigIntegerField(_("number"), default=1)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M})"


class LinkVersion(models.Model):
    """The current version of the personal links for one purpose and subject; links made
    with an earlier version no longer open (see ``rus.lib.links``)."""

    purpose = models.CharField(_("purpose"), max_length=40)
    subject = models.CharField(_("subject"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal link version")
        verbose_name_plural = _("personal link versions")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "subject"], name="lib_link_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.subject} v{self.version}"
