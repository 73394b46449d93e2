"""The versioned save, as the person editing sees it.

Every editable record carries a version; a save names the version it started from and is
refused if someone saved in between (``rus.lib.concurrency``). This module decides what the
refused person sees: their own input is kept, the other person's changes to fields they did
not touch are taken into the form, and fields both changed are shown side by side. Saving
again then stores only what this person actually changed.

Forms mix in ``VersionedForm``: it adds the hidden ``version`` field and renders each
field's starting value as a hidden input, so the form knows what the person started from.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class VersionedForm(forms.BaseForm):
    """Adds ``version`` and remembers each field's starting value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            if name != "version" and not f.disabled:
                f.show_hidden_initial = True
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _text(f: forms.Field, value: Any) -> str | frozenset[str]:
    prepared = f.prepare_value(value)
    if isinstance(prepared, list | tuple | set | frozenset):
        return frozenset(str(v) for v in prepared)
    if prepared is None:
        return ""
    return str(prepared).replace("\r\n", "\n").strip()


def _parsed(f: forms.Field, raw: Any) -> str | frozenset[str]:
    try:
        return _text(f, f.to_python(raw))
    except ValidationError:
        if isinstance(raw, list | tuple):
            return frozenset(str(v) for v in raw)
        return "" if raw is None else str(raw).replace("\r\n", "\n").strip()


@dataclass
class Merge:
    """The outcome of a refused save: the form to show again and what happened."""

    form: forms.BaseForm
    taken: list[str] = field(default_factory=list)
    clashes: list[tuple[str, Any]] = field(default_factory=list)


def merge(
    form: forms.BaseForm, stored: Mapping[str, Any], stored_version: int, error: ValidationError
) -> Merge:
    """Rebind ``form`` after a conflict. ``stored`` holds the saved values by field name (as
    a form's ``initial`` would); the form starts from ``stored_version``."""
    data = form.data.copy()  # type: ignore[attr-defined]
    result = Merge(form)
    for name, f in form.fields.items():
        if name == "version" or f.disabled or name not in stored:
            continue
        bound = form[name]
        base_raw = f.hidden_widget().value_from_datadict(
            form.data, form.files, bound.html_initial_name
        )
        mine = _parsed(f, bound.data) != _parsed(f, base_raw)
        theirs = _text(f, stored[name]) != _parsed(f, base_raw)
        new_base = f.prepare_value(stored[name])
        if theirs and not mine:
            _put(data, name, new_base)
            result.taken.append(str(f.label))
        elif theirs and mine and _text(f, stored[name]) != _parsed(f, bound.data):
            result.clashes.append((name, stored[name]))
        _put(data, bound.html_initial_name, new_base)
    data["version"] = str(stored_version)
    rebound = form.__class__(data, form.files, **_rebind_kwargs(form))
    rebound.full_clean()
    rebound.add_error(None, error)
    if result.taken:
        rebound.add_error(
            None,
            _("Their changes to %(fields)s are now in the form.")
            % {"fields": ", ".join(result.taken)},
        )
    for name, value in result.clashes:
        rebound.add_error(
            name,
            _(
                "Both of you changed this. Theirs: “%(value)s”. Keep yours, take theirs or merge "
                "them, then save again."
            )
            % {"value": _display(rebound.fields[name], value)},
        )
    result.form = rebound
    return result


def _display(f: forms.Field, value: Any) -> str:
    choices = getattr(f, "choices", None)
    prepared = f.prepare_value(value)
    if choices is not None and not isinstance(prepared, list | tuple):
        labels = {str(k): str(v) for k, v in choices}
        return labels.get(str(prepared), str(prepared))
    if isinstance(prepared, list | tuple):
        return ", ".join(str(v) for v in value) or "–"
    return str(prepared or "–")


def _put(data: Any, name: str, value: Any) -> None:
    if isinstance(value, list | tuple | set | frozenset):
        data.setlist(name, [str(v) for v in value])
    else:
        data[name] = "" if value is None else str(value)


def _rebind_kwargs(form: forms.BaseForm) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"prefix": form.prefix, "initial": form.initial}
    instance = getattr(form, "instance", None)
    if instance is not None:
        kwargs["instance"] = instance
    kwargs.update(getattr(form, "rebind_kwargs", {}))
    return kwargs


F = TypeVar("F", bound=forms.BaseForm)


def save_versioned(
    form: F,
    save: Callable[[dict[str, Any]], object],
    stored: Callable[[], tuple[Mapping[str, Any], int] | None],
) -> tuple[bool, F]:
    """Validate and save. Returns whether it was saved, and the form to show: on a
    conflict, the merged form (see ``merge``). ``stored`` gives the saved values and version
    now."""
    if not form.is_valid():
        return False, form
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        if getattr(exc, "code", None) != "conflict":
            form.add_error(None, exc)
            return False, form
        now = stored()
        if now is None:
            raise
        values, version = now
        return False, cast(F, merge(form, values, version, exc).form)
    return True, form


def model_values(instance: Any, form: forms.BaseForm) -> dict[str, Any]:
    """A record's stored values for the fields of ``form``, as its initial would be."""
    from django.forms.models import model_to_dict

    names = [n for n in form.fields if n != "version"]
    return model_to_dict(instance, fields=names)


def stored_record(
    model: Any, pk: Any, form: forms.BaseForm, *, version_of: Callable[[Any], int] | None = None
) -> Callable[[], tuple[Mapping[str, Any], int] | None]:
    """The ``stored`` reader of ``save_versioned`` for a model instance: its values now and
    its version (or, with ``version_of``, the version of what it belongs to)."""

    def read() -> tuple[Mapping[str, Any], int] | None:
        current = model._default_manager.filter(pk=pk).first() if pk else model()
        if current is None:
            return None
        version = version_of(current) if version_of else int(current.version)
        return model_values(current, form), version

    return read
