"""Which column of an uploaded table holds what: one form for every import that lets people
map columns (indicator values, action programmes), with guesses from the headings."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def normalise(heading: str) -> str:
    return " ".join(heading.strip().lower().replace("_", " ").split())


def guess_columns(header: Iterable[str], aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """For each target, the first heading that is one of its aliases (case, spaces and
    underscores aside); a heading is given to one target only."""
    by_text: dict[str, str] = {}
    for heading in header:
        by_text.setdefault(normalise(heading), heading)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for name, candidates in aliases.items():
        for candidate in candidates:
            match = by_text.get(normalise(candidate))
            if match is not None and match not in taken:
                found[name] = match
                taken.add(match)
                break
    return found


@dataclass(frozen=True)
class Target:
    label: Any
    required: bool = False
    aliases: tuple[str, ...] = ()
    help_text: Any = ""


class ColumnsForm(forms.Form):
    """A choice of file column per target; subclasses set ``TARGETS``. Required targets must
    be chosen, and no column may serve two targets."""

    TARGETS: Mapping[str, Target] = {}

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns: list[tuple[str, Any]] = [(c, c) for c in header if c]
        none: list[tuple[str, Any]] = [("", _("(none)"))]
        # A required target nothing was guessed for starts blank, so that the first column is
        # never taken for it unnoticed.
        choose: list[tuple[str, Any]] = [("", _("— choose a column —"))]
        guesses = guess_columns(header, {n: t.aliases for n, t in self.TARGETS.items()})
        for name, target in self.TARGETS.items():
            if not target.required:
                choices = none + columns
            else:
                choices = columns if name in guesses else choose + columns
            self.fields[name] = forms.ChoiceField(
                label=target.label,
                required=target.required,
                choices=choices,
                help_text=target.help_text,
                initial=guesses.get(name, ""),
            )

    def chosen_columns(self) -> list[str]:
        return [self.cleaned_data.get(n) or "" for n in self.TARGETS if self.cleaned_data.get(n)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used = self.chosen_columns()
        if len(used) != len(set(used)):
            raise forms.ValidationError(
                _("Each column can be used for one thing only."), code="double_use"
            )
        return data

    def columns(self) -> dict[str, str]:
        """Target → chosen column ("" where none)."""
        return {n: self.cleaned_data.get(n) or "" for n in self.TARGETS}
