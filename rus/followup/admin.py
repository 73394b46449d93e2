from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from rus.followup import services
from rus.followup.models import Assessment, AssessmentTemplate, FollowUpRound
from rus.lib.admin import ReadOnlyAdmin, VersionedAdminForm


class RoundAdminForm(VersionedAdminForm):
    class Meta:
        model = FollowUpRound
        fields = ["deadline", "report_date", "carry_forward_reached", "national_summary"]


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(admin.ModelAdmin):
    """Rounds are opened, published and reopened from the round overview, which shows what
    each step does; here only their dates and texts are edited, through the service."""

    form = RoundAdminForm
    list_display = ["year", "state", "deadline", "report_date", "carry_forward_reached", "imported"]
    fields = [
        "version",
        "year",
        "state",
        "deadline",
        "report_date",
        "carry_forward_reached",
        "national_summary",
        "published_at",
        "publish_reason",
        "reopened_at",
        "reopen_reason",
        "imported",
    ]
    readonly_fields = [
        "year",
        "state",
        "published_at",
        "publish_reason",
        "reopened_at",
        "reopen_reason",
        "imported",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.round_update(
            rnd=FollowUpRound.objects.get(pk=obj.pk),
            data={f: form.cleaned_data[f] for f in form.changed_data if f != "version"},
            expected_version=form.cleaned_data["version"],
        )


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(admin.ModelAdmin):
    list_display = ["goal"]
    exclude = ["version"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Read-only: judgements are written, reviewed and published on their own pages, where
    every change is versioned and the workflow's rules hold."""

    list_display = ["round", "area", "goal", "organisation", "reached", "trend", "state", "open"]
    list_filter = ["round", "state", "reached", "trend", "goal"]
    search_fields = ["area__name", "organisation__name"]
    list_select_related = ["round", "area", "goal", "organisation"]

    @admin.display(description=_("page"))
    def open(self, obj: Assessment) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("followup:assessment", args=[obj.pk]), _("Open the page")
        )
