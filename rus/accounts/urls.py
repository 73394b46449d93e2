from django.urls import path

from rus.accounts import views

app_name = "accounts"

urlpatterns = [
    path("mina-uppgifter/", views.start, name="start"),
]
