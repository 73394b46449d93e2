from django.urls import path

from rus.indicators import views
from rus.indicators.models import UpdateRound
from rus.workflow.views import reopen_round

app_name = "indicators"

urlpatterns = [
    path("indikatorer/", views.indicator_list, name="list"),
    path("indikatorer/importera/", views.import_start, name="import"),
    path("indikatorer/importera/<int:pk>/", views.import_preview, name="import_preview"),
    path("indikatorer/importera/<int:pk>/lage/", views.import_progress, name="import_progress"),
    path("indikatorer/importer/<int:pk>/", views.batch_detail, name="batch"),
    path("indikatorer/omgangar/", views.round_list, name="rounds"),
    path("indikatorer/omgangar/<int:pk>/", views.round_detail, name="round"),
    path("indikatorer/omgangar/<int:pk>/publicera/", views.round_publish, name="round_publish"),
    path(
        "indikatorer/omgangar/<int:pk>/oppna-igen/",
        reopen_round,
        {
            "model": UpdateRound,
            "lookup": "pk",
            "template": "indicators/round_reopen.html",
            "back": "indicators:round",
        },
        name="round_reopen",
    ),
    path("indikatorer/uppdateringar/<int:pk>/", views.update_edit, name="update"),
    path(
        "indikatorer/uppdateringar/<int:pk>/versioner/", views.update_history, name="update_history"
    ),
    path("indikatorer/<slug:code>/", views.indicator_detail, name="detail"),
    path("indikatorer/<slug:code>/data.csv", views.indicator_download, {"kind": "csv"}, name="csv"),
    path(
        "indikatorer/<slug:code>/data-excel.csv",
        views.indicator_download,
        {"kind": "excel-csv"},
        name="excel_csv",
    ),
    path(
        "indikatorer/<slug:code>/data.xlsx", views.indicator_download, {"kind": "xlsx"}, name="xlsx"
    ),
]
