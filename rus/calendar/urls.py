from django.urls import path

from rus.calendar import views

app_name = "calendar"

urlpatterns = [
    path("kalender/", views.month, name="month"),
    path("kalender/lista/", views.upcoming, name="upcoming"),
    path("kalender/ar/<int:number>/", views.year, name="year"),
    path("kalender/handelse/<int:pk>.ics", views.event_ics, name="event_ics"),
    path("kalender/handelse/<int:pk>/<str:day>/", views.event, name="event"),
    path(
        "kalender/handelse/<int:pk>/<str:day>/deltagare.<str:kind>",
        views.participants,
        name="participants",
    ),
    path("kalender/prenumerera/", views.subscribe, name="subscribe"),
    path("kalender/flode/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("kalender/anmalan/<str:token>/", views.registration, name="registration"),
    path("erbjudanden/", views.offers, name="offers"),
    path("erbjudanden/<int:pk>/", views.offer, name="offer"),
]
