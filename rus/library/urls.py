from django.urls import path

from rus.library import views

app_name = "library"

urlpatterns = [
    path("bibliotek/", views.documents, name="documents"),
    path("bibliotek/<int:pk>/", views.document, name="document"),
    path("bibliotek/<int:pk>/fil/", views.document_file, name="document_file"),
    path("goda-exempel/", views.good_examples, name="good_examples"),
    path("finansiering/", views.funding, name="funding"),
    path("finansiering/<int:pk>/", views.funding_source, name="funding_source"),
    path("nyheter/", views.news, name="news"),
    path("nyheter/<int:pk>/", views.news_post, name="news_post"),
    path("nyheter.atom", views.NewsFeed(), name="news_feed"),
]
