from django.contrib import admin

from rus.lib.admin import ReadOnlyAdmin
from rus.surveys.models import Invitation, Survey


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["title_sv", "slug", "edition", "state", "anonymous"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["survey", "organisation", "email", "invited_at", "answered_on"]
    list_filter = ["survey"]
