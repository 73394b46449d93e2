from django.contrib import admin

from rus.referencedata.models import SourceFile


@admin.register(SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ["path", "sha256", "loaded_at"]
    readonly_fields = ["path", "sha256", "loaded_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
