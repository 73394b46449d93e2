from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        default="sv",
        help_text=_("The language of the mail rus sends you."),
    )


class Membership(models.Model):
    """A user's role in an organisation.

    Administrators and reviewers (the RUS working group) act nationally; coordinators change
    their own organisation's data; viewers read it.
    """

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator (RUS)")
        REVIEWER = "reviewer", _("Reviewer (RUS working group)")
        COORDINATOR = "coordinator", _("Coordinator")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
