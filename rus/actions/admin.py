from django.contrib import admin

from rus.actions.models import Measure, Programme, Report, Sector
from rus.lib.admin import ReadOnlyAdmin


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    """Sectors are plain data."""

    list_display = ["name_sv", "name_en", "key", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "starts", "ends", "status"]
    list_filter = ["status", "organisation"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "programme", "lead", "status", "good_example"]
    list_filter = ["status", "good_example", "programme__organisation"]
    search_fields = ["title", "code"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["measure", "organisation", "enquiry", "status", "state"]
    list_filter = ["state", "enquiry"]
