from django import forms
from django.utils.translation import gettext_lazy as _

from rus.lib.versioned import VersionedForm
from rus.organisations.models import Organisation


class OrganisationProfileForm(VersionedForm, forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("The organisation's public web address, starting with https://"),
    )

    class Meta:
        model = Organisation
        fields = ["website", "email", "description"]
        help_texts = {
            "email": _("A shared address for questions about the follow-up."),
        }
