"""Surveys (enkäter): questions in sections, invitations with personal links, responses.

An anonymous survey keeps who was invited (and whether they answered) apart from what was
answered: a response has no invitation, organisation or time of day, and is found again only
through a random key carried in the respondent's link and never stored (see ``services``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(sv: str, en: str) -> str:
    return en if get_language() == "en" and en else sv


class Survey(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Being written")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    series = models.SlugField(
        _("series"),
        max_length=80,
        help_text=_("The same for every edition, so that their answers can be compared."),
    )
    edition = models.PositiveSmallIntegerField(_("edition (year)"))
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    intro_sv = models.TextField(_("introduction (Swedish)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Who answered is kept apart from what was answered; small groups are not shown."
        ),
    )
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-edition", "title_sv"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:results", args=[self.slug])

    @property
    def title(self) -> str:
        return _in_language(self.title_sv, self.title_en)

    @property
    def intro(self) -> str:
        return _in_language(self.intro_sv, self.intro_en)

    def accepting(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.state == self.State.OPEN
            and (self.opens_on is None or self.opens_on <= today)  # type: ignore[operator]
            and (self.closes_on is None or today <= self.closes_on)  # type: ignore[operator]
        )

    @property
    def results_public(self) -> bool:
        return self.results_published_at is not None

    def previous_edition(self) -> "Survey | None":
        return (
            Survey.objects.filter(series=self.series, edition__lt=self.edition)
            .order_by("-edition")
            .first()
        )


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_sv, self.title_en)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SCALE = "scale", _("Rating scale")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE)

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Stays the same in every edition, so that years can be compared."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_sv = models.TextField(_("question (Swedish)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    help_sv = models.TextField(_("help (Swedish)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    scale_min = models.SmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("scale to"), null=True, blank=True)
    show_if = models.ForeignKey(
        "Option",
        verbose_name=_("show only after the answer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="surveys_question_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def text(self) -> str:
        return _in_language(self.text_sv, self.text_en)

    @property
    def help(self) -> str:
        return _in_language(self.help_sv, self.help_en)

    @property
    def has_options(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    text_sv = models.CharField(_("option (Swedish)"), max_length=300)
    text_en = models.CharField(_("option (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="surveys_option_code")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _in_language(self.text_sv, self.text_en)


class Invitation(models.Model):
    """Who was asked, and whether they have answered; in an anonymous survey nothing here
    leads to the answer."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    # A day, not a moment: times of day could be matched to an anonymous response.
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "organisation__name", "email"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="surveys_invitation_email")
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.organisation or self.email}"

    @property
    def subject(self) -> str:
        return f"surveys.invitation:{self.pk}"


class Response(models.Model):
    """One respondent's answers. In an anonymous survey: no invitation, no organisation, a
    random id (no order to match), only the kind of organisation, and the hash of a key that
    only the respondent's link holds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    organisation_kind = models.CharField(_("kind of organisation"), max_length=20, blank=True)
    key = models.CharField(_("key"), max_length=64, blank=True)
    submitted = models.BooleanField(_("submitted"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key"], condition=~models.Q(key=""), name="surveys_response_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.pk}"


class Answer(models.Model):
    """One answer to one question: an option (one row per option chosen), a number or a text."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    option = models.ForeignKey(
        Option, verbose_name=_("option"), on_delete=models.CASCADE, null=True, blank=True
    )
    number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "option"], name="surveys_answer_option")]

    def __str__(self) -> str:
        return f"{self.question.code}"
