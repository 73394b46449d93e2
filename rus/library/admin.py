from django.contrib import admin

from rus.lib.admin import PublicDataAdmin
from rus.library.models import Document, FundingDeadline, FundingSource, GoodExample, NewsPost


@admin.register(Document)
class DocumentAdmin(PublicDataAdmin):
    list_display = ["title", "kind", "audience", "published_on"]
    list_filter = ["kind", "audience"]
    search_fields = ["title", "summary", "tags"]
    filter_horizontal = ["goals"]


@admin.register(GoodExample)
class GoodExampleAdmin(PublicDataAdmin):
    list_display = ["title", "organisation", "published_on"]
    search_fields = ["title", "text"]
    filter_horizontal = ["goals"]
    raw_id_fields = ["organisation"]


class DeadlineInline(admin.TabularInline):
    model = FundingDeadline
    extra = 1


@admin.register(FundingSource)
class FundingSourceAdmin(PublicDataAdmin):
    list_display = ["title", "funder", "eligible"]
    search_fields = ["title", "funder", "description"]
    filter_horizontal = ["goals"]
    inlines = [DeadlineInline]


@admin.register(NewsPost)
class NewsPostAdmin(PublicDataAdmin):
    list_display = ["title", "published_at"]
    search_fields = ["title", "body"]
