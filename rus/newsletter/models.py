"""The newsletter "Nytt från RUS": issues made of blocks, sent to contact lists."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Issue(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few lines at the top. A blank line starts a new paragraph."),
    )
    lists = models.ManyToManyField(
        "contacts.ContactList", verbose_name=_("send to"), related_name="+", blank=True
    )
    contact_name = models.CharField(_("questions to (name)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("questions to (e-mail)"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # What was sent, kept as sent: the web version shows it, whatever is edited later.
    sent_html = models.TextField(_("sent content"), blank=True)
    message = models.ForeignKey(
        "outbox.Message",
        verbose_name=_("outbox message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("newsletter:issue", args=[self.number])

    @property
    def editable(self) -> bool:
        return self.state != self.State.SENT


class Block(models.Model):
    class Kind(models.TextChoices):
        HEADING = "heading", _("Heading")
        TEXT = "text", _("Text")
        LINK = "link", _("Link")
        EVENT = "event", _("Event")
        PUBLICATION = "publication", _("Publication")
        IMAGE = "image", _("Image")

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="blocks"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "A blank line starts a new paragraph; web addresses become links. Simple HTML "
            "(bold, italics, lists, links) is kept, anything else removed."
        ),
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    link_text = models.CharField(_("link text"), max_length=200, blank=True)
    starts_on = models.DateField(_("date"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    image = models.ImageField(_("image"), upload_to="newsletter/", blank=True)
    alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )

    class Meta:
        ordering = ["issue", "position", "pk"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()
