from django.contrib import admin

from rus.indicators.models import ImportBatch, Indicator, IndicatorTarget, Observation
from rus.lib.admin import PublicDataAdmin, ReadOnlyAdmin


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    exclude = ["version"]
    raw_id_fields = ["area"]


@admin.register(Indicator)
class IndicatorAdmin(PublicDataAdmin):
    list_display = ["code", "name_sv", "unit", "dpsir", "direction", "additive"]
    list_filter = ["dpsir", "direction", "additive"]
    search_fields = ["code", "name_sv", "name_en", "kolada_id"]
    filter_horizontal = ["goals"]
    inlines = [TargetInline]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "source",
        "indicator",
        "state",
        "created",
        "revised",
        "unchanged",
    ]
    list_filter = ["kind", "state", "indicator"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    # Values change only through imports and rounds, so that every change has a batch record
    # (and the open-data caches, keyed on the latest batch, stay right).
    list_display = [
        "indicator",
        "area",
        "period",
        "gender",
        "dimensions",
        "value",
        "flag",
        "is_current",
    ]
    list_filter = ["indicator", "is_current", "flag", "gender"]
    search_fields = ["area__code", "area__name", "period"]
    list_select_related = ["indicator", "area"]
    raw_id_fields = ["area", "batch"]
    show_full_result_count = False
