from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rus.actions.models import Measure
from rus.followup.models import Assessment, FollowUpRound, Reached, Trend
from rus.indicators.models import Indicator
from rus.lib.versioned import VersionedForm
from rus.workflow.forms import PublishConfirmForm


class RoundForm(forms.ModelForm):
    deadline = forms.DateField(
        label=_("Deadline for the counties"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: 30 November of the year."),
    )
    report_date = forms.DateField(
        label=_("Date of the national report"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: 31 March the following year."),
    )

    class Meta:
        model = FollowUpRound
        fields = ["year", "deadline", "report_date", "carry_forward_reached"]

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 2000 and 2100."), code="year")
        return year


class AssessmentForm(VersionedForm, forms.ModelForm):
    indicators = forms.ModelMultipleChoiceField(
        label=_("Cited indicators"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their current data and computed progress are shown beside the form."),
    )

    class Meta:
        model = Assessment
        fields = [
            "reached",
            "trend",
            "summary",
            "justification",
            "actions",
            "generational_goal",
            "indicators",
            "measures",
        ]
        widgets = {
            "reached": forms.RadioSelect,
            "trend": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "justification": forms.Textarea(attrs={"rows": 10}),
            "actions": forms.Textarea(attrs={"rows": 6}),
            "generational_goal": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "summary": _("Required before submitting. A few sentences for the national summary."),
            "justification": _(
                "Required before submitting. Why the objective is or is not reached, and the "
                "development in the environment."
            ),
            "actions": _("Measures taken in the county, for example from its action programme."),
            "generational_goal": _("How the county's work contributes to the generational goal."),
        }

    measures = forms.ModelMultipleChoiceField(
        label=_("Measures of the county's action programmes"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Measures linked to this objective; their latest reported status is shown."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicators"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Indicator.objects.order_by("name_sv")
        measures = self.fields["measures"]
        assert isinstance(measures, forms.ModelMultipleChoiceField)
        instance = self.instance
        available = (
            Measure.objects.filter(
                programme__organisation__area=instance.area, goals=instance.goal
            ).order_by("programme__title", "code")
            if instance.pk
            else Measure.objects.none()
        )
        measures.queryset = available
        if not available.exists():
            # No programme measures for this county and objective: nothing to cite.
            del self.fields["measures"]
        for name, choices in (("reached", Reached.choices), ("trend", Trend.choices)):
            choice = self.fields[name]
            assert isinstance(choice, forms.ChoiceField)
            # Radio buttons without an empty "---" option; a draft may leave both open.
            choice.choices = list(choices)
            choice.required = False
        instance = self.instance
        if instance.pk and instance.round.carry_forward_reached and instance.reached:
            self.fields["reached"].disabled = True
            self.fields["reached"].show_hidden_initial = False
            self.fields["reached"].help_text = _(
                "Carried forward from last year; reassessed in the in-depth evaluation years."
            )


class PublishForm(PublishConfirmForm):
    national_summary = forms.CharField(
        label=_("National summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Shown at the top of the national compilation."),
    )
    field_order = ["national_summary", "reason", "confirm"]
