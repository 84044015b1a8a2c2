from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("topics/<slug:slug>/quiz/", views.quiz_item, name="quiz"),
    path("topics/<slug:slug>/quiz/<int:number>/", views.quiz_item, name="quiz_item"),
    path(
        "topics/<slug:slug>/quiz/<int:number>/feedback/<int:attempt_id>/",
        views.quiz_feedback,
        name="quiz_feedback",
    ),
    path("topics/<slug:slug>/quiz/summary/", views.quiz_summary, name="quiz_summary"),
    path("topics/<slug:slug>/quiz/new/", views.quiz_new_round, name="quiz_new_round"),
    path("attempts/<int:attempt_id>/challenge/", views.challenge, name="challenge"),
    path("command-words/", views.command_words, name="command_words"),
    path("progress/", views.progress, name="progress"),
    path("progress/wipe/", views.progress_wipe, name="progress_wipe"),
]
