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
