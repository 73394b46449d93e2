from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rus.areas.models import Area
from rus.contacts.models import Contact, ContactList, Role
from rus.lib.versioned import VersionedForm


class ContactForm(VersionedForm, forms.ModelForm):
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=Role.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The roles decide which lists the person is on."),
    )

    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "language", "roles", "legal_basis", "note"]

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.rebind_kwargs = {"organisation": organisation}
        if self.instance.pk is None:
            self.fields["version"].required = False

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        clash = Contact.objects.filter(organisation=self.organisation, email__iexact=email).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(
                _("%(organisation)s already has a contact with this e-mail address.")
                % {"organisation": self.organisation},
                code="duplicate",
            )
        return email


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon, UTF-8) or Excel (.xlsx) with the columns namn, e-post and "
            "roller, and optionally organisation, telefon, språk and rättslig grund."
        ),
    )
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        help_text=_("For rows without an organisation column."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file; store nothing"), required=False, initial=True
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations


class ContactListForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ContactList
        fields = ["name_sv", "name_en", "key", "kind", "description"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = ContactList.Kind.choices
        if self.instance.pk is None:
            self.fields["version"].required = False


class RuleForm(forms.Form):
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=Role.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: any role."),
    )
    organisation_kinds = forms.MultipleChoiceField(
        label=_("Kinds of organisation"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: any kind."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Counties"),
        queryset=Area.objects.filter(level=Area.Level.COUNTY).order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("None chosen: the whole country. A county includes its municipalities."),
    )
    delete = forms.BooleanField(label=_("Remove this rule"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from rus.organisations.models import Organisation

        super().__init__(*args, **kwargs)
        field = self.fields["organisation_kinds"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = Organisation.Kind.choices


RuleFormSet = forms.formset_factory(RuleForm, extra=1)


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))


class EraseForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_(
            "I have checked that the person asked for erasure and that rus has no duty to keep "
            "the data. Erasure cannot be undone."
        )
    )
