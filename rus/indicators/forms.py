from django import forms
from django.utils.translation import gettext_lazy as _

from rus.areas.models import Area


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
