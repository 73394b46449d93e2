from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rus.areas.models import Area
from rus.indicators.imports import FLAGS_WITHOUT_VALUE, ColumnMapping
from rus.indicators.models import Indicator, Observation, UpdateRound, validate_period
from rus.lib.forms import NumberField
from rus.lib.mapping import ColumnsForm, Target
from rus.lib.versioned import VersionedForm


class CatalogueForm(forms.Form):
    """The indicator catalogue's filters (GET, works without JavaScript)."""

    LEVELS = [
        ("", _("All levels")),
        ("country", _("Sweden")),
        ("county", _("Counties")),
        ("municipality", _("Municipalities")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    mal = forms.TypedChoiceField(label=_("Objective"), required=False, coerce=int, empty_value=None)
    niva = forms.ChoiceField(label=_("Area level"), required=False, choices=LEVELS)
    kalla = forms.ChoiceField(label=_("Source"), required=False)

    def __init__(self, *args: Any, objectives: list[Any], sources: list[str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        objective = self.fields["mal"]
        assert isinstance(objective, forms.TypedChoiceField)
        objective.choices = [
            ("", _("All objectives")),
            (0, _("The generational goal")),
            *[(g.number, str(g)) for g in objectives],
        ]
        source = self.fields["kalla"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = [("", _("All sources")), *[(s, s) for s in sources]]


class SeriesSelectionForm(forms.Form):
    """What an indicator page shows. Every field has a default, so a bare URL works."""

    omrade = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.all(),
        to_field_name="code",
        required=False,
        help_text=_("Choose one or more areas to compare."),
    )
    dimension = forms.ChoiceField(label=_("Breakdown"), required=False)
    karta = forms.ChoiceField(
        label=_("Map"),
        required=False,
        choices=[("county", _("Counties")), ("municipality", _("Municipalities"))],
    )
    ar = forms.ChoiceField(label=_("Map year"), required=False)

    def __init__(
        self, *args: object, dimensions: list[tuple[str, str]], years: list[str], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        dimension_field = self.fields["dimension"]
        year_field = self.fields["ar"]
        assert isinstance(dimension_field, forms.ChoiceField)
        assert isinstance(year_field, forms.ChoiceField)
        dimension_field.choices = [("", _("Total")), *dimensions]
        year_field.choices = [(y, y) for y in reversed(years)]
        self.fields["omrade"].widget.attrs["size"] = 8


MAX_UPLOAD = 50 * 1024 * 1024
GUESSES = {
    "area": (
        "area",
        "omrade",
        "område",
        "kommunkod",
        "kommun",
        "lanskod",
        "lan",
        "län",
        "länskod",
        "kod",
        "regionkod",
        "municipality",
    ),
    "period": ("period", "year", "ar", "år", "tid", "time"),
    "value": ("value", "varde", "värde", "ghg_t_co2e", "obs_value"),
    "gender": ("gender", "kon", "kön", "sex"),
    "flag": ("flag", "status"),
    "note": ("note", "anmarkning", "anmärkning", "kommentar", "comment"),
}


class UploadForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon separated, UTF-8) or Excel (.xlsx), one value per row."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Indicator.objects.order_by("name_sv")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."), code="file_type")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB."), code="file_size")
        return upload


class MappingForm(ColumnsForm):
    """Which column of the uploaded file holds what."""

    TARGETS = {
        "area": Target(_("Area code (SCB)"), required=True, aliases=GUESSES["area"]),
        "period": Target(_("Period"), aliases=GUESSES["period"]),
        "value": Target(_("Value"), required=True, aliases=GUESSES["value"]),
        "gender": Target(_("Gender (T, K, M)"), aliases=GUESSES["gender"]),
        "flag": Target(_("Status"), aliases=GUESSES["flag"]),
        "note": Target(_("Note"), aliases=GUESSES["note"]),
    }

    period_value = forms.CharField(
        label=_("…or the same period for every row"),
        validators=[validate_period],
        required=False,
        help_text=_("For example 2023."),
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Breakdown columns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Columns such as sector that split the value; rows without them are the total."
        ),
    )

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, header=header, **kwargs)
        dimensions = self.fields["dimensions"]
        assert isinstance(dimensions, forms.MultipleChoiceField)
        dimensions.choices = [(c, c) for c in header if c]
        # The period field comes right after the period column.
        order = ["area", "period", "period_value", "value", "gender", "flag", "note"]
        self.order_fields([*order, "dimensions"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("period") and not data.get("period_value"):
            raise forms.ValidationError(
                _("Choose the period column or give one period for every row."), code="no_period"
            )
        used = self.chosen_columns()
        for column in data.get("dimensions") or []:
            if column in used:
                raise forms.ValidationError(
                    _("The column %(column)s cannot be both a breakdown and something else."),
                    code="double_use",
                    params={"column": column},
                )
        return data

    def mapping(self) -> ColumnMapping:
        d = self.cleaned_data
        return ColumnMapping(
            area=d["area"],
            value=d["value"],
            period=d.get("period") or "",
            period_value=d.get("period_value") or "",
            gender=d.get("gender") or "",
            flag=d.get("flag") or "",
            note=d.get("note") or "",
            dimensions={c: c for c in d.get("dimensions") or []},
        )


class RoundForm(forms.ModelForm):
    class Meta:
        model = UpdateRound
        fields = ["season", "year", "deadline"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}


class RoundValueForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), validators=[validate_period], required=False, show_hidden_initial=True
    )
    value = NumberField(label=_("Value"), required=False, show_hidden_initial=True)
    flag = forms.ChoiceField(
        label=_("Status"),
        choices=Observation.Flag.choices,
        required=False,
        show_hidden_initial=True,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("period")
            and data.get("value") is None
            and data.get("flag") not in FLAGS_WITHOUT_VALUE
        ):
            self.add_error(
                "value",
                forms.ValidationError(
                    _("Give a value, or mark it missing or confidential."), code="required"
                ),
            )
        if data.get("value") is not None and not data.get("period"):
            self.add_error(
                "period",
                forms.ValidationError(_("Which period is the value for?"), code="required"),
            )
        return data


class BaseRoundValueFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen = set()
        for form in self.forms:
            period = form.cleaned_data.get("period") if hasattr(form, "cleaned_data") else None
            if period:
                if period in seen:
                    raise forms.ValidationError(
                        _("Each period can be given once."), code="duplicate"
                    )
                seen.add(period)


RoundValueFormSet = forms.formset_factory(RoundValueForm, formset=BaseRoundValueFormSet, extra=3)


class UpdateForm(VersionedForm, forms.Form):
    comment = forms.CharField(
        label=_("County comment"),
        widget=forms.Textarea,
        required=False,
        help_text=_("What the values show for the county, and anything readers should know."),
    )
