from django.contrib import admin

from rus.areas.models import Area
from rus.lib.admin import PublicDataAdmin


@admin.register(Area)
class AreaAdmin(PublicDataAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
