from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from rus.workflow.models import Comment, Version


class ReadOnly(admin.ModelAdmin):
    """Versions and comments are written by the workflow only; the admin shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Version)
class VersionAdmin(ReadOnly):
    list_display = ["content_type", "object_id", "number", "state", "saved_by", "saved_at"]
    list_filter = ["content_type", "state"]


@admin.register(Comment)
class CommentAdmin(ReadOnly):
    list_display = ["content_type", "object_id", "kind", "author", "created_at"]
    list_filter = ["content_type", "kind"]
