from django.urls import path

from rus.actions import views

app_name = "actions"

urlpatterns = [
    path("atgardsprogram/", views.programme_list, name="programmes"),
    path("atgardsprogram/mall.xlsx", views.import_template, name="import_template"),
    path("atgardsprogram/nytt/<int:org>/", views.programme_edit, name="programme_create"),
    path("atgardsprogram/<int:pk>/", views.programme_detail, name="programme"),
    path("atgardsprogram/<int:pk>/andra/", views.programme_edit, name="programme_edit"),
    path("atgardsprogram/<int:pk>/importera/", views.programme_import, name="programme_import"),
    path(
        "atgardsprogram/<int:pk>/atgarder.<str:kind>",
        views.programme_download,
        name="programme_download",
    ),
    path("atgardsprogram/<int:pk>/siffror.pdf", views.figures_pdf, name="figures_pdf"),
    path("atgardsprogram/<int:pk>/dokument/", views.document_upload, name="document_upload"),
    path("atgardsprogram/dokument/<int:pk>/", views.document, name="document"),
    path("atgardsprogram/<int:programme_pk>/ny-atgard/", views.measure_edit, name="measure_create"),
    path("atgardsprogram/<int:pk>/rapportering/ny/", views.enquiry_create, name="enquiry_create"),
    path("atgardsprogram/rapportering/<int:pk>/", views.enquiry_detail, name="enquiry"),
    path(
        "atgardsprogram/rapportering/<int:pk>/aktor/<int:request_pk>/",
        views.enquiry_actor,
        name="enquiry_actor",
    ),
    path(
        "atgardsprogram/rapportering/<int:pk>/publicera/",
        views.enquiry_publish,
        name="enquiry_publish",
    ),
    path("atgarder/", views.search, name="search"),
    path("atgarder/<int:pk>/", views.measure_detail, name="measure"),
    path("atgarder/<int:pk>/andra/", views.measure_edit, name="measure_edit"),
    path("atgarder/<int:pk>/gott-exempel/", views.measure_good_example, name="good_example"),
    path("atgarder/rapportera/<str:token>/", views.report, name="report"),
]
