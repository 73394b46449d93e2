"""Admin pages for data the public sees.

Every change bumps the data version, so cached public pages and open-data answers change at
once; records that carry a version are saved only if nobody saved since the form was opened
(the same rule as on rus's own pages).
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import F, Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rus.lib.caching import bump_data_version

CONFLICT = _(
    "Someone else saved this while you were editing. Open it again to see their change, "
    "then make yours."
)


def _versioned(model: type[Model]) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


class VersionedAdminForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        if not self.instance.pk:
            return version
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if version is None or stored.values_list("version", flat=True).first() != version:
            raise forms.ValidationError(CONFLICT, code="conflict")
        return version


class PublicDataAdmin(admin.ModelAdmin):
    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if _versioned(self.model) and "form" not in kwargs:
            kwargs["form"] = type("VersionedForm", (VersionedAdminForm, self.form), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [f for f in super().get_fields(request, obj) if f != "version"]
        return [*fields, "version"] if _versioned(self.model) else fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and _versioned(self.model):
            # The conditional update is the claim: of two saves from one version, one wins.
            # (A list's inline edit has no version field: it is counted, not checked.)
            expected = form.cleaned_data.get("version")
            rows = type(obj)._default_manager.filter(pk=obj.pk)
            if expected is not None:
                rows = rows.filter(version=expected)
            if not rows.update(version=F("version") + 1):
                raise forms.ValidationError(CONFLICT, code="conflict")
            obj.version = (
                type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk)
            )
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Runs after every save of the form (the record, then its inlines): one bump.
        super().save_related(request, form, formsets, change)
        bump_data_version()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        bump_data_version()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        bump_data_version()


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through rus's services (workflow records, imported
    values, contacts): the admin shows them and changes nothing."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
