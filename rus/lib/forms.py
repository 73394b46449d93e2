"""Form fields shared by every form in rus."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rus.lib.numbers import format_number, format_plain, parse_decimal, parse_number


class FormInvalid(Exception):
    """Raised by API endpoints whose body failed the Django form that defines validity; the
    API answers it as RFC 9457 problem details with each field's messages."""

    def __init__(self, errors: Any) -> None:
        super().__init__("invalid")
        self.errors = errors


class NumberField(forms.CharField):
    """A number typed the Swedish or the English way (see ``rus.lib.numbers``); the same
    strings are accepted here as in every file import."""

    default_error_messages = {
        "invalid": _(
            "Enter a number, such as 1 350 000,5 or 1350000.5 (decimal comma or point, "
            "thousands separated by spaces)."
        ),
    }

    def __init__(self, *, decimal: bool = False, **kwargs: Any) -> None:
        self.decimal = decimal
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
            return format_plain(value)
        return value

    def to_python(self, value: Any) -> float | Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        parsed = parse_decimal(text) if self.decimal else parse_number(text)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class KronorField(NumberField):
    """Whole kronor, 0 or more, typed as any number in rus is ("1 350 000")."""

    default_error_messages = {
        "invalid": _("Enter whole kronor, such as 1 350 000 or 1350000."),
        "negative": _("An amount cannot be negative."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(decimal=True, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        # Amounts are read more easily grouped ("1 350 000"); the grouping is one this field
        # reads back. English groups with commas, which no rus number may contain: plain there.
        english = (get_language() or "sv")[:2] == "en"
        if isinstance(value, int | Decimal) and not isinstance(value, bool) and not english:
            return format_number(value, 0)
        return super().prepare_value(value)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(value or "").strip()
        # "215 000 kr", "215 000 SEK" and "215 000:-" are how people write amounts.
        for suffix in ("kronor", "kr.", "kr", "sek", ":-"):
            if text.lower().endswith(suffix):
                text = text[: -len(suffix)].strip()
                break
        parsed = super().to_python(text)
        if parsed is None:
            return None
        if not isinstance(parsed, Decimal) or parsed != parsed.to_integral_value():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if parsed < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return int(parsed)
