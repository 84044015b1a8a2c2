"""Answer posts are rate-limited per session and per address, with a friendly message."""

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt, RateCounter
from assessment.ratelimit import rate_exceeded
from tests.factories import make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_url():
    topic = make_topic()
    return reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": 1})


def test_a_session_answering_too_fast_is_slowed_down_kindly(client, quiz_url, settings):
    settings.QUIZ_RATE_PER_SESSION = 3
    for _ in range(3):
        assert client.post(quiz_url, {"answer": "Colleagues rely on my work."}).status_code == 302
    response = client.post(
        quiz_url, {"answer": "Colleagues rely on my work."}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 429
    assert "Take a breath" in response.content.decode()
    assert Attempt.objects.count() == 3
    # another learner is not held back
    assert Client().post(quiz_url, {"answer": "Colleagues rely on my work."}).status_code == 302


def test_many_sessions_from_one_address_meet_the_address_limit(quiz_url, settings):
    settings.QUIZ_RATE_PER_ADDRESS = 4
    statuses = [
        Client().post(quiz_url, {"answer": "Colleagues."}, REMOTE_ADDR="192.0.2.7").status_code
        for _ in range(6)
    ]
    assert statuses == [302, 302, 302, 302, 429, 429]
    assert (
        Client().post(quiz_url, {"answer": "Colleagues."}, REMOTE_ADDR="192.0.2.8").status_code
        == 302
    )


def test_counters_start_again_each_minute_and_store_no_address():
    assert not rate_exceeded(name="t", who="203.0.113.1", limit=1, now=60.0)
    assert rate_exceeded(name="t", who="203.0.113.1", limit=1, now=61.0)
    assert not rate_exceeded(name="t", who="203.0.113.1", limit=1, now=125.0)
    assert all(
        "203.0.113.1" not in key for key in RateCounter.objects.values_list("key", flat=True)
    )
