"""People the follow-up reaches, their roles, and the lists that rules make of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Role(models.Model):
    """A role a contact has (miljömålssamordnare, styrgrupp …); roles are data, kept by RUS."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_sv"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_sv


class Contact(models.Model):
    """A person an organisation names as contact for one or more roles."""

    class LegalBasis(models.TextChoices):
        # GDPR art. 6.1: a county board's contacts are processed for its public task.
        PUBLIC_TASK = "public_task", _("Public task (art. 6.1 e)")
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (art. 6.1 f)")
        CONSENT = "consent", _("Consent (art. 6.1 a)")

    class Language(models.TextChoices):
        SV = "sv", _("Swedish")
        EN = "en", _("English")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.SV
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), related_name="contacts")
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=30,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
        help_text=_("Why rus may keep this person's details (GDPR art. 6)."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], name="contacts_contact_unique_email"
            )
        ]
        indexes = [models.Index(fields=["email"], name="contacts_contact_email")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def person(self) -> str:
        """Who the contact is to the outbox, so that erasure finds every delivery."""
        return f"contact:{self.pk}"


class ContactList(models.Model):
    """A list of contacts defined by rules, never kept by hand: its members are whoever
    matches one of its rules now."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service list: members cannot leave it")
        OPTIONAL = "optional", _("Optional list: members may unsubscribe")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("contact list")
        verbose_name_plural = _("contact lists")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_sv

    @property
    def optional(self) -> bool:
        return self.kind == self.Kind.OPTIONAL


class ListRule(models.Model):
    """Contacts with one of ``roles`` at an organisation of one of ``organisation_kinds`` in
    one of ``areas`` (or within it); an empty condition matches everyone."""

    contact_list = models.ForeignKey(
        ContactList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="rules"
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="+")
    organisation_kinds = models.JSONField(_("kinds of organisation"), default=list, blank=True)
    areas = models.ManyToManyField(
        "areas.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["contact_list", "pk"]
        verbose_name = _("list rule")
        verbose_name_plural = _("list rules")

    def __str__(self) -> str:
        return f"{self.contact_list}: {self.pk}"


class Unsubscription(models.Model):
    """An address that left an optional list; it holds for every later send to that list."""

    class Via(models.TextChoices):
        LINK = "link", _("Unsubscribe link")
        ONE_CLICK = "one_click", _("Mail program (one click)")
        STAFF = "staff", _("Changed by staff")

    contact_list = models.ForeignKey(
        ContactList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="unsubscribed"
    )
    email = models.CharField(_("e-mail"), max_length=254)
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    created_at = models.DateTimeField(_("unsubscribed at"), default=timezone.now)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["contact_list", "email"], name="contacts_unsubscription_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_list}: {self.pk}"


class Erasure(models.Model):
    """That a person's data was erased on request: when, by whom and how much, and a keyed
    digest of the address (not the address) so that later imports and sends skip them."""

    digest = models.CharField(_("digest"), max_length=64, unique=True)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    counts = models.JSONField(_("rows changed"), default=dict)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"{self.erased_at:%Y-%m-%d}"
