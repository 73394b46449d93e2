from django.urls import path

from rus.outbox import views

app_name = "outbox"

urlpatterns = [
    path("utkorg/", views.message_list, name="list"),
    path("utkorg/<int:pk>/", views.message_detail, name="detail"),
]
