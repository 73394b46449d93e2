from django.urls import path

from rus.contacts import views

app_name = "contacts"

urlpatterns = [
    path("kontakter/", views.contact_list, name="list"),
    path("kontakter/kontakter.csv", views.contact_download, name="download"),
    path("kontakter/importera/", views.contact_import, name="import"),
    path("organisationer/<int:pk>/kontakter/ny/", views.contact_create, name="create"),
    path("kontakter/<int:pk>/andra/", views.contact_edit, name="edit"),
    path("kontakter/<int:pk>/ta-bort/", views.contact_delete, name="delete"),
    path("kontakter/listor/", views.list_index, name="lists"),
    path("kontakter/listor/ny/", views.list_edit, name="list_create"),
    path("kontakter/listor/<int:pk>/", views.list_detail, name="list_detail"),
    path("kontakter/listor/<int:pk>/andra/", views.list_edit, name="list_edit"),
    path("kontakter/personuppgifter/", views.person, name="person"),
    path("kontakter/personuppgifter/radera/", views.person_erase, name="person_erase"),
    path("avregistrera/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("integritet/", views.privacy, name="privacy"),
]
