from django.urls import path

from rus.surveys import views

app_name = "surveys"

urlpatterns = [
    path("enkater/", views.public_list, name="public_list"),
    path("enkater/hantera/", views.list_manage, name="list_manage"),
    path("enkater/hantera/ny/", views.create, name="create"),
    path("enkater/hantera/<slug:slug>/", views.manage, name="manage"),
    path("enkater/hantera/<slug:slug>/fraga/ny/", views.question_edit, name="question_create"),
    path("enkater/hantera/<slug:slug>/fraga/<int:pk>/", views.question_edit, name="question_edit"),
    path("enkater/hantera/<slug:slug>/avsnitt/ny/", views.section_edit, name="section_create"),
    path("enkater/hantera/<slug:slug>/avsnitt/<int:pk>/", views.section_edit, name="section_edit"),
    path("enkater/hantera/<slug:slug>/inbjudningar/", views.invitations, name="invitations"),
    path("enkater/hantera/<slug:slug>/forhandsvisning/", views.preview, name="preview"),
    path("enkater/hantera/<slug:slug>/svar.<str:kind>", views.raw_download, name="raw"),
    path("enkater/svar/<str:token>/", views.answer, name="answer"),
    path("enkater/<slug:slug>/", views.results, name="results"),
    path(
        "enkater/<slug:slug>/resultat.<str:kind>", views.results_download, name="results_download"
    ),
]
