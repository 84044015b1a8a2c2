from django.urls import path

from practice import views

app_name = "practice"

urlpatterns = [
    path("review/", views.review, name="review"),
    path("review/<int:card_id>/", views.review_card, name="review_card"),
    path(
        "review/<int:card_id>/feedback/<int:attempt_id>/",
        views.review_feedback,
        name="review_feedback",
    ),
    path("topics/<slug:slug>/flashcards/", views.flashcards, name="flashcards"),
    path("progress/code/", views.progress_code, name="progress_code"),
    path("progress/code/use/", views.progress_code_use, name="progress_code_use"),
]
