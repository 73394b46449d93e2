from django import forms
from django.utils.translation import gettext_lazy as _

from rus.lib.versioned import VersionedForm
from rus.organisations.models import Contact, Organisation


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


class ContactForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "role"]

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.rebind_kwargs = {"organisation": organisation}
        if self.instance.pk is None:
            self.fields["version"].required = False

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        email, role = cleaned.get("email"), cleaned.get("role")
        if email and role:
            clash = Contact.objects.filter(
                organisation=self.organisation, email__iexact=email, role=role
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(
                    _("This organisation already has a contact with this e-mail and role."),
                    code="duplicate",
                )
        return cleaned


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
