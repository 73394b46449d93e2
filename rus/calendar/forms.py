from django import forms
from django.utils.translation import gettext_lazy as _


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class OccurrenceChangeForm(forms.Form):
    """An administrator cancels or moves one occurrence of a recurring event."""

    cancelled = forms.BooleanField(label=_("Cancel this occurrence"), required=False)
    new_date = forms.DateField(
        label=_("Move to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    new_start_time = forms.TimeField(
        label=_("New start"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
