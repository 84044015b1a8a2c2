"""Try the marker beside the question marks the form as it stands, unsaved edits included, and
saves nothing (issue 15, item 6); its forms and the challenge form are Django forms (issue 16,
item 8): a bad value is a message, never a 500 and never a change."""

import html

import pytest
from django.urls import reverse

from assessment.models import Attempt, Challenge, MarkingPoint, SampleAnswer
from tests.admin.forms import admin_form_data, change_url

pytestmark = pytest.mark.django_db

WORKMATES = "Workmates depend on me."


def page_form(client, question) -> dict:
    """The question page's form as a browser would send it, with an answer in Try the marker."""
    data = admin_form_data(client.get(change_url(question)).content.decode(), "question_form")
    data["answer"] = [WORKMATES]
    return data


def try_it(client, question, data, *, htmx: bool = True):
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("admin:assessment_question_try", args=[question.pk])
    return html.unescape(client.post(url, data, headers=headers).content.decode())


def test_try_the_marker_sits_beside_the_question_before_its_marking_points(tutor_client, topic):
    page = tutor_client.get(change_url(topic.questions.get())).content.decode()
    assert page.index('id="try-the-marker"') < page.index('id="points-group"')
    assert page.index('id="try-the-marker"') > page.index('name="prompt"')


def test_an_unsaved_phrasing_is_marked_and_nothing_is_saved(tutor_client, topic):
    question = topic.questions.get()
    data = page_form(tutor_client, question)
    assert "You scored 0 out of 2" in try_it(tutor_client, question, data)

    data["points-0-accept"] = ["workmates depend on me"]
    partial = try_it(tutor_client, question, data)
    assert "<html" not in partial
    assert "You scored 1 out of 2" in partial
    assert "with your unsaved edits" in partial
    assert MarkingPoint.objects.get(key="internal").accept == []  # nothing saved
    assert not SampleAnswer.objects.exists() and not Attempt.objects.exists()


def test_without_javascript_the_page_says_the_edits_were_marked_unsaved(tutor_client, topic):
    question = topic.questions.get()
    data = page_form(tutor_client, question)
    data["points-0-accept"] = ["workmates depend on me"]
    page = try_it(tutor_client, question, data, htmx=False)
    assert "<html" in page
    assert "You scored 1 out of 2" in page
    assert "unsaved edits included. Nothing was saved" in page
    assert MarkingPoint.objects.get(key="internal").accept == []


def test_a_form_with_a_mistake_is_not_marked_and_says_what_to_fix(tutor_client, topic):
    question = topic.questions.get()
    data = page_form(tutor_client, question)
    data["points-0-accept"] = ["(colleague | workmate"]
    partial = try_it(tutor_client, question, data)
    assert "Not marked: the form has mistakes to fix first" in partial
    assert "Marking point 1, accept:" in partial and "never closed with )" in partial
    assert "You scored" not in partial


def test_a_sample_mark_out_of_range_is_a_message_and_saves_nothing(tutor_client, topic):
    question = topic.questions.get()
    url = reverse("admin:assessment_question_try", args=[question.pk])
    for bad in ["9", "-1", "two", ""]:
        response = tutor_client.post(url, {"answer": WORKMATES, "save": "1", "expected_mark": bad})
        assert response.status_code == 200
        text = html.unescape(response.content.decode())
        assert "Give the mark you expect" in text or "Enter a whole number" in text
    assert not SampleAnswer.objects.exists()


def test_a_sample_saved_from_beside_the_question_keeps_the_tutors_edits_on_the_page(
    tutor_client, topic
):
    question = topic.questions.get()
    data = page_form(tutor_client, question)
    data.update(save=["1"], expected_mark=["1"], note=["workmates"])
    partial = try_it(tutor_client, question, data)
    assert "<html" not in partial  # swapped in: the page and its unsaved edits stay
    assert "Sample answer saved." in partial
    assert list(SampleAnswer.objects.values_list("answer", "expected_mark", "note")) == [
        (WORKMATES, 1, "workmates")
    ]


def test_a_challenge_decision_with_a_bad_mark_is_refused_and_changes_nothing(
    tutor_client, topic, client
):
    question = topic.questions.get()
    client.post(reverse("assessment:quiz_item", args=[topic.slug, 1]), {"answer": "Colleagues."})
    attempt = Attempt.objects.get()
    missed = next(p["key"] for p in attempt.result["points"] if not p["earned"])
    client.post(reverse("assessment:challenge", args=[attempt.pk]), {"point": missed})
    challenge = Challenge.objects.get()
    url = reverse("admin:assessment_question_challenge", args=[question.pk, challenge.pk])
    for data in [{"decision": "accept", "mark": "7"}, {"decision": "maybe"}, {"mark": "1"}]:
        response = tutor_client.post(url, data, follow=True)
        assert "Not decided:" in html.unescape(response.content.decode())
    challenge.refresh_from_db()
    assert challenge.status == "pending" and not SampleAnswer.objects.exists()
