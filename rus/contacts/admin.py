from django.contrib import admin

from rus.contacts.models import Contact, ContactList, Erasure, Role
from rus.lib.admin import ReadOnlyAdmin


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    """Roles are plain data; lists refer to them, so a role in use cannot be deleted
    without its rules changing (the pages say which lists use it)."""

    list_display = ["name_sv", "name_en", "key", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name_sv", "name_en", "key"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "email", "legal_basis"]
    list_filter = ["roles", "organisation__kind", "legal_basis"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(ContactList)
class ContactListAdmin(ReadOnlyAdmin):
    list_display = ["name_sv", "kind", "key"]


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["erased_at", "erased_by", "counts"]
