"""Phrasings suggested by real answers (issue 15, item 12): from a challenge a tutor accepted or a
sample marked higher than the marker, accepted with one click, the saved samples re-marked at
once and the changes shown."""

import html

import pytest
from django.urls import reverse

from assessment.models import Attempt, Challenge, MarkingPoint, SampleAnswer
from assessment.review import challenge_resolve
from tests.admin.forms import change_url

pytestmark = pytest.mark.django_db

WORKMATES = "Workmates depend on my work every day."


def accepted_challenge(question, answer: str, point_key: str, tutor) -> None:
    attempt = Attempt.objects.create(
        session_key="learner",
        question=question,
        answer=answer,
        mark=0,
        max_marks=question.marks,
        result={"points": [{"key": point_key, "earned": False, "marks_available": 1}]},
    )
    challenge = Challenge.objects.create(attempt=attempt, point_key=point_key)
    challenge_resolve(challenge=challenge, accepted=True, user=tutor)


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_an_accepted_challenge_suggests_a_phrasing_that_one_click_adds(tutor_client, topic, tutor):
    question = topic.questions.get()
    accepted_challenge(question, WORKMATES, "internal", tutor)
    page = text(tutor_client.get(change_url(question)))
    section = page[page.index('id="suggestions"') :]
    assert "Workmates depend on my work every day." in section
    assert "for <strong>Internal customers are colleagues or other departments.</strong>" in section

    phrasing = section.split('name="phrasing" value="')[1].split('"')[0]
    assert phrasing and "workmates" in phrasing
    response = tutor_client.post(
        reverse("admin:assessment_question_phrasing", args=[question.pk]),
        {"point_key": "internal", "phrasing": phrasing},
        follow=True,
    )
    after = text(response)
    assert (
        f"Added '{phrasing}'. The saved samples were marked again: 1 now marks differently."
        in after
    )
    assert "the marker gave 0, now 1 (you expect 1)" in after
    assert phrasing in MarkingPoint.objects.get(key="internal").accept
    point = MarkingPoint.objects.get(key="internal")
    assert point.history.first().history_user == tutor
    assert "Workmates depend on my work every day." not in after[after.index('id="suggestions"') :]


def test_a_sample_marked_higher_with_one_missed_point_suggests_for_that_point(tutor_client, topic):
    question = topic.questions.get()
    SampleAnswer.objects.create(
        question=question,
        answer="Internal customers are colleagues. Shoppers from outside purchase products.",
        expected_mark=2,
    )
    page = text(tutor_client.get(change_url(question)))
    section = page[page.index('id="suggestions"') :]
    assert "for <strong>External customers are people outside" in section
    assert "From a sample you marked higher" in section


def test_a_suggestion_that_is_no_longer_valid_changes_nothing(tutor_client, topic):
    question = topic.questions.get()
    url = reverse("admin:assessment_question_phrasing", args=[question.pk])
    for data in [
        {"point_key": "nowhere", "phrasing": "colleagues"},
        {"point_key": "internal", "phrasing": "(colleague | team"},
        {"point_key": "internal"},
    ]:
        response = tutor_client.post(url, data, follow=True)
        assert "Not added" in text(response)
    assert MarkingPoint.objects.get(key="internal").accept == []
