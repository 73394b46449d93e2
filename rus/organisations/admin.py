from django.contrib import admin

from rus.lib.admin import PublicDataAdmin
from rus.organisations.models import Applicability, Organisation


@admin.register(Organisation)
class OrganisationAdmin(PublicDataAdmin):
    list_display = ["name", "kind", "area", "key"]
    list_filter = ["kind"]
    search_fields = ["name", "key", "area__code", "area__name"]
    list_select_related = ["area"]
    raw_id_fields = ["area"]


@admin.register(Applicability)
class ApplicabilityAdmin(PublicDataAdmin):
    list_display = ["organisation", "area", "goal", "active"]
    list_editable = ["active"]
    list_filter = ["active", "organisation__kind", "goal__framework", "goal"]
    search_fields = ["organisation__name", "area__name", "goal__name_sv"]
    list_select_related = ["organisation", "area", "goal"]
    raw_id_fields = ["organisation", "area", "goal"]
