from django.urls import path

from topics import views

app_name = "topics"

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:slug>/", views.topic_detail, name="detail"),
    path("compare/<slug:unit>/", views.compare, name="compare"),
    path("glossary/", views.glossary, name="glossary"),
    path("search/", views.search_page, name="search"),
    path("theme/", views.theme_set, name="theme"),
]
