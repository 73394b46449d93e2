from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceFile(models.Model):
    """The checksum of a reference-data file as last loaded, so unchanged files are skipped."""

    path = models.CharField(_("path"), max_length=300, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("reference-data file")
        verbose_name_plural = _("reference-data files")

    def __str__(self) -> str:
        return self.path
