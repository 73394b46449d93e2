from django.urls import path

from rus.front import views
from rus.front.feeds import PublicationsFeed
from rus.lib.caching import public_page

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    path("mal/<int:number>/", views.objective, name="objective"),
    path("lan/<str:code>/", views.county, name="county"),
    path("kommun/<str:code>/", views.municipality, name="municipality"),
    path("oppna-data/", views.open_data, name="open_data"),
    path("sok/", views.search, name="search"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("publiceringar.atom", public_page(PublicationsFeed()), name="feed"),
]
