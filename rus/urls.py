from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, include, path

from rus.api.main import api
from rus.calendar import views as calendar_views
from rus.front import views as front_views
from rus.front.sitemaps import SITEMAPS

handler404 = "rus.api.errors.page_not_found"
handler500 = "rus.front.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("kalender.ics", calendar_views.public_feed, name="calendar_feed"),
    path("healthz", front_views.health, name="health"),
    path("readyz", front_views.ready, name="ready"),
    path("", include("rus.opendata.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("rus.front.urls")),
    path(
        "logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("rus.accounts.urls")),
    path("", include("rus.outbox.urls")),
    path("", include("rus.organisations.urls")),
    path("", include("rus.contacts.urls")),
    path("", include("rus.newsletter.urls")),
    path("", include("rus.indicators.urls")),
    path("", include("rus.followup.urls")),
    path("", include("rus.actions.urls")),
    path("", include("rus.surveys.urls")),
    path("", include("rus.calendar.urls")),
    path("", include("rus.library.urls")),
    path("", include("rus.strategy.urls")),
    prefix_default_language=False,
)
