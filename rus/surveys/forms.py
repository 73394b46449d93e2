from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rus.contacts.models import ContactList
from rus.lib.versioned import VersionedForm
from rus.organisations.models import Organisation
from rus.surveys import services
from rus.surveys.models import Option, Question, Section, Survey


class SurveyForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title_sv",
            "title_en",
            "slug",
            "series",
            "edition",
            "intro_sv",
            "intro_en",
            "anonymous",
            "opens_on",
            "closes_on",
        ]
        widgets = {
            "intro_sv": forms.Textarea(attrs={"rows": 4}),
            "intro_en": forms.Textarea(attrs={"rows": 4}),
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["version"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing day is before the opening day."))
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title_sv", "title_en"]


def _condition_label(option: Option) -> str:
    return f"{option.question.code} = {option.text}"


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For one or several choices: one option per line, “Svensk text | English text”."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "code",
            "kind",
            "text_sv",
            "text_en",
            "help_sv",
            "help_en",
            "required",
            "section",
            "options_text",
            "scale_min",
            "scale_max",
            "show_if",
        ]
        widgets = {
            "text_sv": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "help_sv": forms.Textarea(attrs={"rows": 2}),
            "help_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        section = self.fields["section"]
        assert isinstance(section, forms.ModelChoiceField)
        section.queryset = survey.sections.all()
        show_if = self.fields["show_if"]
        assert isinstance(show_if, forms.ModelChoiceField)
        earlier = survey.questions.filter(kind__in=Question.CHOICE_KINDS)
        if self.instance.pk:
            earlier = earlier.filter(position__lt=self.instance.position)
        show_if.queryset = Option.objects.filter(question__in=earlier).select_related("question")
        show_if.label_from_instance = _condition_label  # type: ignore[method-assign,assignment]
        show_if.help_text = _("Leave empty to always show the question.")
        if (
            self.instance.pk
            and self.instance.has_options
            and self.instance.kind != Question.Kind.SCALE
        ):
            self.initial["options_text"] = "\n".join(
                f"{o.text_sv} | {o.text_en}" if o.text_en else o.text_sv
                for o in self.instance.options.all()
            )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        clash = self.survey.questions.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another question has the code %(code)s.") % {"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        options = services.parse_options(data.get("options_text", ""))
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
            self.add_error("options_text", _("Give at least two options, one per line."))
        if kind == Question.Kind.SCALE and (
            data.get("scale_min") is None or data.get("scale_max") is None
        ):
            self.add_error("scale_max", _("A scale needs a lowest and a highest value."))
        self.options = options
        return data


class CopyForm(forms.Form):
    slug = forms.SlugField(label=_("Short name of the new edition"))
    edition = forms.IntegerField(label=_("Edition (year)"), min_value=2000, max_value=2100)


class InviteForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Every organisation of these kinds"),
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Its coordinator gets the invitation, else another contact, else its address."),
    )
    contact_list = forms.ModelChoiceField(
        label=_("…or everyone on a contact list"),
        queryset=ContactList.objects.all(),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("kinds") and not data.get("contact_list"):
            raise forms.ValidationError(_("Choose kinds of organisation or a contact list."))
        return data


class AnswerForm(forms.Form):
    """A respondent's answers: one field per question, named by its code. Which options
    exist is checked by the fields; conditions and required questions by
    ``services.clean_answers``, the same check the import of answers uses."""

    def __init__(self, *args: Any, survey: Survey, submit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.submit = submit
        self.questions = list(
            survey.questions.select_related("section", "show_if__question").prefetch_related(
                "options"
            )
        )
        for q in self.questions:
            choices = [(o.code, o.text) for o in q.options.all()]
            if q.kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
                field: forms.Field = forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, required=False
                )
            elif q.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, required=False
                )
            elif q.kind == Question.Kind.NUMBER:
                field = forms.CharField(
                    required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
                )
            else:
                field = forms.CharField(
                    required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
                )
            field.label = q.text
            field.help_text = q.help
            self.fields[q.code] = field

    def raw(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for q in self.questions:
            value = self.cleaned_data.get(q.code)
            if isinstance(value, list):
                out[q.code] = [str(v) for v in value]
            elif value not in (None, ""):
                out[q.code] = [str(value)]
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _cleaned, problems = services.clean_answers(self.survey, self.raw(), submit=self.submit)
        for code, message in problems.items():
            if code in self.fields and code not in self.errors:
                self.add_error(code, message)
        return data
