from django.urls import path

from rus.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisationer/", views.organisation_list, name="list"),
    path("organisationer/<int:pk>/", views.organisation_detail, name="detail"),
    path("organisationer/<int:pk>/andra/", views.organisation_edit, name="edit"),
]
