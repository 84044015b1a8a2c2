"""Challenges are rate-limited per session and per address, and a question's queue is capped."""

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt, Challenge
from tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

POINTS = [{"id": f"point-{n}", "text": f"Names customer type number {n}."} for n in range(6)]


@pytest.fixture
def topic():
    return make_topic(questions=[make_question(marks=6, points=POINTS)])


def answered(topic, client: Client | None = None, **request) -> tuple[Client, Attempt]:
    client = client or Client()
    url = reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": 1})
    assert client.post(url, {"answer": "Colleagues.", **{}}, **request).status_code == 302
    return client, Attempt.objects.filter(session_key=client.session.session_key).get()


def challenge(client: Client, attempt: Attempt, point: str, **request):
    return client.post(
        reverse("assessment:challenge", args=[attempt.pk]),
        {"point": point},
        headers={"HX-Request": "true"},
        **request,
    )


def test_a_session_challenging_too_fast_is_told_to_wait(topic, settings):
    settings.CHALLENGE_RATE_PER_SESSION = 3
    client, attempt = answered(topic)
    statuses = [challenge(client, attempt, point["id"]).status_code for point in POINTS[:5]]
    assert statuses == [200, 200, 200, 429, 429]
    refused = challenge(client, attempt, POINTS[5]["id"])
    assert "Too many challenges" in refused.content.decode()
    assert Challenge.objects.count() == 3


def test_many_sessions_from_one_address_meet_the_address_limit(topic, settings):
    settings.CHALLENGE_RATE_PER_ADDRESS = 4
    statuses = []
    for _ in range(3):
        client, attempt = answered(topic, REMOTE_ADDR="192.0.2.9")
        statuses += [
            challenge(client, attempt, point["id"], REMOTE_ADDR="192.0.2.9").status_code
            for point in POINTS[:2]
        ]
    assert statuses == [200] * 4 + [429] * 2
    client, attempt = answered(topic, REMOTE_ADDR="192.0.2.10")
    assert challenge(client, attempt, POINTS[0]["id"], REMOTE_ADDR="192.0.2.10").status_code == 200


def test_a_full_queue_on_a_question_takes_no_more_and_says_so(topic, settings):
    settings.CHALLENGES_PENDING_PER_QUESTION = 4
    for _ in range(2):
        client, attempt = answered(topic)
        for point in POINTS[:2]:
            assert "Sent to your tutor" in challenge(client, attempt, point["id"]).content.decode()
    client, attempt = answered(topic)
    response = challenge(client, attempt, POINTS[0]["id"])
    assert "already have many challenges" in response.content.decode()
    assert Challenge.objects.count() == 4

    # without JavaScript: back to the feedback, with the same words
    page = client.post(
        reverse("assessment:challenge", args=[attempt.pk]), {"point": POINTS[1]["id"]}, follow=True
    ).content.decode()
    assert "already have many challenges" in page
    assert Challenge.objects.count() == 4

    # a tutor's decision frees a place
    Challenge.objects.filter(pk=Challenge.objects.first().pk).update(status="rejected")
    assert "Sent to your tutor" in challenge(client, attempt, POINTS[2]["id"]).content.decode()
