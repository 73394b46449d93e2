from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rus.actions.models import ActorRequest, Measure, MeasureStatus, Programme, Sector
from rus.actions.services import IMPORT_COLUMNS
from rus.goals.models import Goal
from rus.lib.mapping import ColumnsForm, Target
from rus.lib.versioned import VersionedForm
from rus.organisations.models import Organisation


def objectives() -> Any:
    return Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE).order_by(
        "number"
    )


class ProgrammeForm(VersionedForm, forms.ModelForm):
    goals = forms.ModelMultipleChoiceField(
        label=_("Objectives"),
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Programme
        fields = [
            "title",
            "starts",
            "ends",
            "status",
            "decided_on",
            "description",
            "goals",
            "sectors",
            "target_percent",
            "target_kind",
            "target_own",
        ]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = self.fields["goals"]
        assert isinstance(goals, forms.ModelMultipleChoiceField)
        goals.queryset = objectives()
        if self.instance.pk is None:
            self.fields["version"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The last year is before the first."))
        if data.get("target_percent") is not None and data["target_percent"] > 100:
            self.add_error("target_percent", _("A share is at most 100 per cent."))
        return data


class MeasureForm(VersionedForm, forms.ModelForm):
    goals = forms.ModelMultipleChoiceField(
        label=_("Objectives"),
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Measure
        fields = [
            "code",
            "title",
            "description",
            "goals",
            "targets",
            "sector",
            "lead",
            "participants",
            "contact_name",
            "contact_email",
            "starts",
            "ends",
            "cost",
            "funding",
            "status",
            "indicators",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "participants": forms.SelectMultiple(attrs={"size": 6}),
            "targets": forms.SelectMultiple(attrs={"size": 6}),
            "indicators": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.rebind_kwargs = {"programme": programme}
        goals = self.fields["goals"]
        assert isinstance(goals, forms.ModelMultipleChoiceField)
        goals.queryset = objectives()
        targets = self.fields["targets"]
        assert isinstance(targets, forms.ModelMultipleChoiceField)
        targets.queryset = Goal.objects.filter(kind=Goal.Kind.SDG_TARGET).order_by(
            "sort_order", "code"
        )
        # Actors of the county first: its municipalities, its board, others in it.
        area = programme.organisation.area
        actors = Organisation.objects.filter(area=area) | Organisation.objects.filter(
            area__parent=area
        )
        for name in ("lead", "participants"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = actors.distinct().order_by("name")
        if self.instance.pk is None:
            self.fields["version"].required = False
            self.initial.setdefault("lead", programme.organisation.pk)

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        clash = Measure.objects.filter(programme=self.programme, code=code).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(
                _("The programme already has a measure %(code)s.") % {"code": code}
            )
        return code


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word or Excel; at most 20 MB."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".pdf", ".docx", ".doc", ".xlsx", ".odt", ".ods")):
            raise forms.ValidationError(_("Upload a PDF, Word, Excel or OpenDocument file."))
        return upload


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx) or CSV (comma or semicolon, UTF-8), one measure per row."),
    )


class ImportMappingForm(ColumnsForm):
    TARGETS = {
        name: Target(label, required=required, aliases=aliases)
        for name, (label, required, aliases) in IMPORT_COLUMNS.items()
    }


class EnquiryForm(forms.Form):
    year = forms.IntegerField(label=_("Year reported on"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(
        label=_("Closes"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day actors can report; you can extend it for one actor."),
    )
    message = forms.CharField(
        label=_("Message to the actors"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("A few lines in the invitation, above the link."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            self.add_error("deadline", _("The closing day is before the opening day."))
        return data

    @classmethod
    def defaults(cls, programme: Programme) -> dict[str, Any]:
        today = timezone.localdate()
        return {
            "year": today.year - 1 if today.month < 7 else today.year,
            "opens_on": today,
            "deadline": today + timedelta(days=30),
        }


class ReportEntryForm(forms.Form):
    """One measure in an actor's report. ``version`` is the report's."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("– choose –")), *MeasureStatus.choices],
        required=False,
    )
    share_done = forms.IntegerField(
        label=_("Share done (per cent)"), min_value=0, max_value=100, required=False
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done this year, and what comes next."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RequestForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ActorRequest
        fields = ["name", "email", "extended_until"]
        widgets = {"extended_until": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "email": _("A new address gets a new link; the old one stops working."),
            "extended_until": _("A later closing day for this actor only; it gets a new link."),
        }


class StatusUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Columns kod and status, and optionally andel, kommentar and aktör (for an actor "
            "other than the leading one)."
        ),
    )
