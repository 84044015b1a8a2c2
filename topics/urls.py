from django.urls import path

from topics import views

app_name = "topics"

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:slug>/", views.topic_detail, name="detail"),
]
