"""Risky changes take a deliberate second step (issue 15, item 10): a topic's new address, and
deleting a marking point learners' answers were marked on. (Topics and questions with learners'
work are archived instead of deleted: tests/admin/test_archive.py.)"""

import html

import pytest

from assessment.models import MarkingPoint
from tests.admin.forms import change_url, inline_index, post_admin_form
from tests.factories import make_learners_work, make_question, make_topic
from topics.models import Topic

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def topic_made_here():
    topic = make_topic(slug="made-here")
    Topic.objects.filter(pk=topic.pk).update(imported_digest="")  # its address may change
    return topic


def test_a_new_address_is_saved_only_with_the_box_ticked(tutor_client, topic_made_here):
    url = change_url(topic_made_here)

    def rename(data):
        data["slug"] = ["renamed"]

    response = post_admin_form(tutor_client, url, "topic_form", rename)
    assert response.status_code == 200
    page = text(response)
    assert "Changing the address breaks every link to this topic" in page
    assert "The topic's pages move from /topics/made-here/" in page
    assert Topic.objects.get(pk=topic_made_here.pk).slug == "made-here"

    def rename_and_confirm(data):
        data["slug"] = ["renamed"]
        data["confirm_new_address"] = ["on"]

    assert post_admin_form(tutor_client, url, "topic_form", rename_and_confirm).status_code == 302
    assert Topic.objects.get(pk=topic_made_here.pk).slug == "renamed"


def test_an_unchanged_address_asks_nothing(tutor_client, topic_made_here):
    page = text(tutor_client.get(change_url(topic_made_here)))
    assert "Yes, change the address" not in page

    def retitle(data):
        data["title"] = ["A new title"]

    response = post_admin_form(tutor_client, change_url(topic_made_here), "topic_form", retitle)
    assert response.status_code == 302


def delete_point(client, point, *, confirm: bool):
    """Tick Delete on the point's row of its question's page (and the second box if asked)."""

    def edit(data):
        index = inline_index(data, "points", point.pk)
        data[f"points-{index}-DELETE"] = ["on"]
        if confirm:
            data[f"points-{index}-confirm_delete"] = ["on"]

    return post_admin_form(client, change_url(point.question), "question_form", edit)


def test_a_point_learners_were_marked_on_is_deleted_only_with_the_box_ticked(tutor_client, client):
    # one mark from two points: the question stays whole without one of them
    topic = make_topic(slug="two-points", questions=[make_question(marks=1)])
    make_learners_work(topic, client=client)
    question = topic.questions.get()
    point = question.points.get(key="external")

    response = delete_point(tutor_client, point, confirm=False)
    assert response.status_code == 200
    assert "Learners' answers were marked on this point: tick the box" in text(response)
    assert MarkingPoint.objects.filter(pk=point.pk).exists()

    response = delete_point(tutor_client, point, confirm=True)
    assert response.status_code == 302
    assert not MarkingPoint.objects.filter(pk=point.pk).exists()
    assert point.history.filter(history_type="-").exists()  # restorable from the history


def test_a_point_no_learner_was_marked_on_is_deleted_in_one_step(tutor_client):
    topic = make_topic(slug="no-answers", questions=[make_question(marks=1)])
    question = topic.questions.get()
    point = question.points.get(key="external")
    response = delete_point(tutor_client, point, confirm=False)
    assert response.status_code == 302, text(response)[:2000]
    assert not MarkingPoint.objects.filter(pk=point.pk).exists()
