from django.urls import path

from rus.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisationer/", views.organisation_list, name="list"),
    path("organisationer/<int:pk>/", views.organisation_detail, name="detail"),
    path("organisationer/<int:pk>/andra/", views.organisation_edit, name="edit"),
    path("organisationer/<int:pk>/kontakter/ny/", views.contact_create, name="contact_create"),
    path("kontakter/<int:pk>/andra/", views.contact_edit, name="contact_edit"),
    path("kontakter/<int:pk>/ta-bort/", views.contact_delete, name="contact_delete"),
]
