from django.urls import path

from rus.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("nyhetsbrev/", views.archive, name="archive"),
    path("nyhetsbrev/<int:number>/", views.issue, name="issue"),
    path("nyhetsbrev/bild/<int:pk>/", views.image, name="image"),
    path("nyhetsbrev/hantera/", views.manage, name="manage"),
    path("nyhetsbrev/hantera/nytt/", views.create, name="create"),
    path("nyhetsbrev/hantera/<int:pk>/", views.edit, name="edit"),
    path("nyhetsbrev/hantera/<int:pk>/block/nytt/", views.block_edit, name="block_create"),
    path("nyhetsbrev/hantera/<int:pk>/block/<int:block_pk>/", views.block_edit, name="block_edit"),
    path(
        "nyhetsbrev/hantera/<int:pk>/block/<int:block_pk>/flytta/",
        views.block_action,
        name="block_action",
    ),
    path("nyhetsbrev/hantera/<int:pk>/forhandsvisning/", views.preview, name="preview"),
    path("nyhetsbrev/hantera/<int:pk>/provutskick/", views.send_test, name="send_test"),
    path("nyhetsbrev/hantera/<int:pk>/skicka/", views.send, name="send"),
    path("nyhetsbrev/hantera/<int:pk>/skickat/", views.sent, name="sent"),
]
