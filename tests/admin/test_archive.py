"""Deleting a topic or question that learners worked on: archive instead, or a second,
deliberate step that names what goes. Through the admin's own pages, as a tutor and an admin."""

import html

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt, Challenge, Question, SampleAnswer
from tests.admin.forms import admin_form_data
from tests.factories import make_learners_work, make_question, make_topic

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def records() -> tuple[int, int, int]:
    return Attempt.objects.count(), Challenge.objects.count(), SampleAnswer.objects.count()


def delete_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


@pytest.fixture
def worked_on(topic, client):
    make_learners_work(topic, client=client)
    return topic.questions.get()


@pytest.fixture
def admin_client():
    admin = User.objects.create_superuser("admin", password="an-admin-password-2026")
    client = Client()
    client.force_login(admin)
    return client


def test_deleting_a_question_with_learners_work_offers_archive_and_names_the_records(
    tutor_client, worked_on, client
):
    page = page_text(tutor_client.get(delete_url(worked_on)))
    assert "1 learner attempt" in page and "1 challenge" in page and "1 saved sample" in page
    assert "Archive instead" in page
    assert "Only an administrator can delete learners' records" in page

    response = tutor_client.post(delete_url(worked_on), admin_form_data(page, "archive-instead"))

    assert response.status_code == 302
    worked_on.refresh_from_db()
    assert worked_on.archived_at is not None
    assert records() == (1, 1, 1)
    quiz = client.get(reverse("assessment:quiz", args=[worked_on.topic.slug])).content.decode()
    assert worked_on.prompt not in quiz


def test_a_tutor_cannot_take_the_second_step(tutor_client, worked_on):
    response = tutor_client.post(delete_url(worked_on), {"delete": "1", "confirm": "1"})
    assert response.status_code == 403
    assert Question.objects.filter(pk=worked_on.pk).exists() and records() == (1, 1, 1)


def test_an_admin_deletes_learners_work_only_with_the_box_ticked(admin_client, worked_on):
    page = page_text(admin_client.get(delete_url(worked_on)))
    assert "Delete with learners' work" in page
    unticked = admin_form_data(page, "delete-learners-work")
    assert "confirm" not in unticked

    response = admin_client.post(delete_url(worked_on), unticked)
    assert "Tick the box to confirm" in page_text(response)
    assert records() == (1, 1, 1)

    response = admin_client.post(delete_url(worked_on), {**unticked, "confirm": "1"}, follow=True)
    assert "with 1 attempt(s), 1 challenge(s) and 1 sample answer(s)" in page_text(response)
    assert not Question.objects.filter(pk=worked_on.pk).exists()
    assert records() == (0, 0, 0)


def test_a_question_nobody_worked_on_is_deleted_as_usual(tutor_client):
    topic = make_topic(questions=[make_question(), make_question(id="q2")])
    spare = topic.questions.get(key="q2")
    page = page_text(tutor_client.get(delete_url(spare)))
    assert "Are you sure" in page
    tutor_client.post(delete_url(spare), {"post": "yes"})
    assert not Question.objects.filter(pk=spare.pk).exists()


def test_a_topic_with_learners_work_is_archived_then_restored(
    tutor_client, worked_on, client, django_capture_on_commit_callbacks
):
    topic = worked_on.topic
    assert topic.title in client.get(reverse("topics:home")).content.decode()
    page = page_text(tutor_client.get(delete_url(topic)))
    assert "1 learner attempt" in page
    with django_capture_on_commit_callbacks(execute=True):  # the cached pages are refreshed
        tutor_client.post(delete_url(topic), admin_form_data(page, "archive-instead"))
    assert topic.title not in client.get(reverse("topics:home")).content.decode()
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert records() == (1, 1, 1)

    changelist = reverse("admin:topics_topic_changelist")
    assert topic.title in page_text(tutor_client.get(changelist + "?archived=yes"))
    with django_capture_on_commit_callbacks(execute=True):
        tutor_client.post(
            changelist, {"action": "restore_selected", "_selected_action": [topic.pk]}
        )
    assert topic.title in client.get(reverse("topics:home")).content.decode()


def test_an_archived_question_is_listed_and_restored_from_the_question_list(
    tutor_client, worked_on, client
):
    changelist = reverse("admin:assessment_question_changelist")
    tutor_client.post(
        changelist, {"action": "archive_selected", "_selected_action": [worked_on.pk]}
    )
    assert str(worked_on) in page_text(tutor_client.get(changelist + "?archived=yes"))
    assert str(worked_on) not in page_text(tutor_client.get(changelist + "?archived=no"))

    tutor_client.post(
        changelist, {"action": "restore_selected", "_selected_action": [worked_on.pk]}
    )
    quiz = client.get(reverse("assessment:quiz", args=[worked_on.topic.slug])).content.decode()
    assert worked_on.prompt in quiz
