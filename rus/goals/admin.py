from django.contrib import admin

from rus.goals.models import Framework, Goal, GoalLink
from rus.lib.admin import PublicDataAdmin


@admin.register(Framework)
class FrameworkAdmin(PublicDataAdmin):
    list_display = ["code", "name_sv", "name_en"]


class GoalLinkInline(admin.TabularInline):
    model = GoalLink
    fk_name = "source"
    raw_id_fields = ["target"]
    extra = 0


@admin.register(Goal)
class GoalAdmin(PublicDataAdmin):
    list_display = ["code", "name_sv", "kind", "framework", "parent"]
    list_filter = ["framework", "kind"]
    search_fields = ["code", "name_sv", "name_en"]
    list_select_related = ["framework", "parent"]
    raw_id_fields = ["parent"]
    inlines = [GoalLinkInline]
