from django.contrib import admin

from rus.followup.models import Assessment, AssessmentComment, AssessmentTemplate, FollowUpRound


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "state", "deadline", "report_date", "carry_forward_reached", "imported"]
    exclude = ["version"]


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(admin.ModelAdmin):
    list_display = ["goal"]
    exclude = ["version"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["round", "area", "goal", "organisation", "reached", "trend", "state"]
    list_filter = ["round", "state", "reached", "trend", "goal"]
    search_fields = ["area__name", "organisation__name"]
    list_select_related = ["round", "area", "goal", "organisation"]
    raw_id_fields = ["organisation", "area", "goal"]
    exclude = ["version"]


@admin.register(AssessmentComment)
class AssessmentCommentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "author", "created_at"]
    raw_id_fields = ["assessment", "parent"]
