from django.urls import path, re_path

from rus.opendata import views

app_name = "opendata"

IDS = r"[^/]+"

urlpatterns = [
    path("kolada/v3/kpi", views.kpi_list, name="kolada_kpi"),
    path("kolada/v3/kpi/", views.kpi_list),
    re_path(rf"^kolada/v3/kpi/(?P<ids>{IDS})/?$", views.kpi_list, name="kolada_kpi_ids"),
    path("kolada/v3/municipality", views.municipality_list, name="kolada_municipality"),
    path("kolada/v3/municipality/", views.municipality_list),
    re_path(rf"^kolada/v3/municipality/(?P<ids>{IDS})/?$", views.municipality_list),
    path("kolada/v3/data", views.data, name="kolada_data"),
    path("kolada/v3/data/", views.data),
    re_path(
        rf"^kolada/v3/data/kpi/(?P<kpi>{IDS})/municipality/(?P<municipality>{IDS})/year/(?P<year>{IDS})/?$",
        views.data,
    ),
    re_path(
        rf"^kolada/v3/data/kpi/(?P<kpi>{IDS})/municipality/(?P<municipality>{IDS})/?$", views.data
    ),
    re_path(rf"^kolada/v3/data/kpi/(?P<kpi>{IDS})/year/(?P<year>{IDS})/?$", views.data),
    re_path(
        rf"^kolada/v3/data/municipality/(?P<municipality>{IDS})/year/(?P<year>{IDS})/?$", views.data
    ),
    re_path(rf"^sdmx/rest/data/(?P<flow>{IDS})/?$", views.sdmx_data, name="sdmx_data"),
    re_path(
        rf"^sdmx/rest/data/(?P<flow>{IDS})/(?P<key>[^/]*)/?$", views.sdmx_data, name="sdmx_data_key"
    ),
]
