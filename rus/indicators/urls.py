from django.urls import path

from rus.indicators import views

app_name = "indicators"

urlpatterns = [
    path("indikatorer/", views.indicator_list, name="list"),
    path("indikatorer/<slug:code>/", views.indicator_detail, name="detail"),
    path("indikatorer/<slug:code>/data.csv", views.indicator_csv, name="csv"),
    path("indikatorer/<slug:code>/data.xlsx", views.indicator_xlsx, name="xlsx"),
]
