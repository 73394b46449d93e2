from django.contrib import admin

from rus.lib.admin import ReadOnlyAdmin
from rus.workflow.models import Comment, Version


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["content_type", "object_id", "number", "state", "saved_by", "saved_at"]
    list_filter = ["content_type", "state"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["content_type", "object_id", "kind", "author", "created_at"]
    list_filter = ["content_type", "kind"]
