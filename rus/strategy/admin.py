from django.contrib import admin

from rus.lib.admin import ReadOnlyAdmin
from rus.strategy.models import (
    Plan,
    PlanTemplate,
    Project,
    ReimbursementRate,
    StatusReport,
    Strategy,
    TemplateCheck,
    TemplateSection,
    TrustMeasure,
    WorkingGroupMember,
)


class TemplateSectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 1


class TemplateCheckInline(admin.TabularInline):
    model = TemplateCheck
    extra = 1


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    """Templates are data: their sections and checklist are copied into each new plan, so
    a change applies to plans created after it."""

    list_display = ["name_sv", "kind", "key"]
    inlines = [TemplateSectionInline, TemplateCheckInline]


@admin.register(TrustMeasure)
class TrustMeasureAdmin(admin.ModelAdmin):
    list_display = ["strategy", "series", "question_code", "options", "indicator"]


@admin.register(Strategy)
class StrategyAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "starts", "ends", "public"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "organisation", "year", "state"]
    list_filter = ["kind", "state"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["title", "slug", "strategy", "starts", "ends"]
    search_fields = ["title", "slug"]


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "number", "due", "state"]
    list_filter = ["state"]


@admin.register(WorkingGroupMember)
class WorkingGroupMemberAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "year", "share_percent", "lead"]
    list_filter = ["year"]


@admin.register(ReimbursementRate)
class ReimbursementRateAdmin(ReadOnlyAdmin):
    list_display = ["year", "annual_cost"]
