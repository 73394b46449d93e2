from django.urls import path

from rus.followup import views
from rus.followup.models import FollowUpRound
from rus.workflow.views import reopen_round

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", views.index, name="index"),
    path("uppfoljning/<int:year>/", views.compilation, name="compilation"),
    path(
        "uppfoljning/<int:year>/sammanstallning.pdf", views.compilation_pdf, name="compilation_pdf"
    ),
    path(
        "uppfoljning/<int:year>/sammanstallning.csv",
        views.compilation_download,
        {"kind": "csv"},
        name="compilation_csv",
    ),
    path(
        "uppfoljning/<int:year>/sammanstallning-excel.csv",
        views.compilation_download,
        {"kind": "excel-csv"},
        name="compilation_excel_csv",
    ),
    path(
        "uppfoljning/<int:year>/sammanstallning.xlsx",
        views.compilation_download,
        {"kind": "xlsx"},
        name="compilation_xlsx",
    ),
    path("uppfoljning/<int:year>/oversikt/", views.dashboard, name="dashboard"),
    path("uppfoljning/<int:year>/bedomningar/", views.assessment_list, name="assessments"),
    path("uppfoljning/<int:year>/publicera/", views.publish, name="publish"),
    path(
        "uppfoljning/<int:year>/oppna-igen/",
        reopen_round,
        {
            "model": FollowUpRound,
            "lookup": "year",
            "template": "followup/reopen.html",
            "back": "followup:dashboard",
        },
        name="reopen",
    ),
    path("uppfoljning/<int:year>/lan/<str:code>/", views.county, name="county"),
    path(
        "uppfoljning/<int:year>/lan/<str:code>/uppfoljning.pdf", views.county_pdf, name="county_pdf"
    ),
    path(
        "uppfoljning/<int:year>/lan/<str:code>/uppfoljning.csv",
        views.county_download,
        {"kind": "csv"},
        name="county_csv",
    ),
    path(
        "uppfoljning/<int:year>/lan/<str:code>/uppfoljning-excel.csv",
        views.county_download,
        {"kind": "excel-csv"},
        name="county_excel_csv",
    ),
    path(
        "uppfoljning/<int:year>/lan/<str:code>/uppfoljning.xlsx",
        views.county_download,
        {"kind": "xlsx"},
        name="county_xlsx",
    ),
    path("bedomningar/<int:pk>/", views.assessment, name="assessment"),
    path("bedomningar/<int:pk>/versioner/", views.assessment_history, name="history"),
]
