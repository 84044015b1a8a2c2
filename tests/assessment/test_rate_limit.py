"""Answer posts are rate-limited per session and per address, with a friendly message."""

from ipaddress import ip_network

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
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


def test_posts_without_a_session_cookie_are_limited_on_the_address(quiz_url, settings):
    """Each cookie-less post used to make a new session and an attempt, past every limit."""
    settings.QUIZ_NEW_SESSIONS_PER_ADDRESS = 5
    statuses = [
        Client().post(quiz_url, {"answer": "Colleagues."}, REMOTE_ADDR="192.0.2.7").status_code
        for _ in range(8)
    ]
    assert statuses == [302] * 5 + [429] * 3
    assert (Session.objects.count(), Attempt.objects.count()) == (5, 5)


def test_a_made_up_session_cookie_counts_as_no_session(quiz_url, settings):
    settings.QUIZ_NEW_SESSIONS_PER_ADDRESS = 2
    statuses = []
    for number in range(4):
        client = Client()
        client.cookies[django_settings.SESSION_COOKIE_NAME] = f"made-up-{number:032d}"
        statuses.append(client.post(quiz_url, {"answer": "Colleagues."}).status_code)
    assert statuses == [302, 302, 429, 429]


def test_a_learner_with_a_session_is_not_held_by_the_new_session_limit(client, quiz_url, settings):
    settings.QUIZ_NEW_SESSIONS_PER_ADDRESS = 1
    statuses = [client.post(quiz_url, {"answer": "Colleagues."}).status_code for _ in range(4)]
    assert statuses == [302] * 4


def test_ipv6_addresses_count_by_their_64_network(quiz_url, settings):
    settings.QUIZ_RATE_PER_ADDRESS = 2

    def post(address: str) -> int:
        return Client().post(quiz_url, {"answer": "Colleagues."}, REMOTE_ADDR=address).status_code

    assert [post(f"2001:db8:1:2::{n}") for n in (1, 2, 3)] == [302, 302, 429]
    assert post("2001:db8:1:3::1") == 302  # the next /64: another subscriber


def test_counters_start_again_each_minute_and_store_no_address():
    assert not rate_exceeded(name="t", who="203.0.113.1", limit=1, now=60.0)
    assert rate_exceeded(name="t", who="203.0.113.1", limit=1, now=61.0)
    assert not rate_exceeded(name="t", who="203.0.113.1", limit=1, now=125.0)
    assert all(
        "203.0.113.1" not in key for key in RateCounter.objects.values_list("key", flat=True)
    )


def post_through_proxy(quiz_url, forwarded_for: str) -> int:
    """A new learner's answer post arriving through the centre's nginx at 172.18.0.2."""
    return (
        Client()
        .post(
            quiz_url,
            {"answer": "Colleagues."},
            REMOTE_ADDR="172.18.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )
        .status_code
    )


def test_behind_a_trusted_proxy_each_learner_has_their_own_address_limit(quiz_url, settings):
    settings.QUIZ_RATE_PER_ADDRESS = 2
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [ip_network("172.18.0.0/16")]
    assert [post_through_proxy(quiz_url, "203.0.113.5") for _ in range(3)] == [302, 302, 429]
    assert post_through_proxy(quiz_url, "198.51.100.9") == 302  # another learner, same proxy
    # a learner's own X-Forwarded-For entry (left of what the proxy appended) changes nothing
    assert post_through_proxy(quiz_url, "192.0.2.200, 203.0.113.5") == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(quiz_url, settings):
    settings.QUIZ_RATE_PER_ADDRESS = 2
    statuses = [post_through_proxy(quiz_url, f"203.0.113.{n}") for n in range(3)]
    assert statuses == [302, 302, 429]  # all counted against the connecting address


def test_x_forwarded_for_is_trusted_only_from_the_proxies_networks(quiz_url, settings):
    """Port 8000 was published on every interface: a client going round the proxy rotated its
    X-Forwarded-For and was never limited."""
    settings.QUIZ_RATE_PER_ADDRESS = 2
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [ip_network("172.18.0.0/16")]
    statuses = [
        Client()
        .post(
            quiz_url,
            {"answer": "Colleagues."},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        .status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_a_chain_of_proxies_is_followed_only_through_trusted_hops(settings):
    from django.test import RequestFactory

    from assessment.addresses import client_address

    settings.TRUSTED_PROXY_COUNT = 2
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]

    def address(remote: str, forwarded: str) -> str:
        request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        return client_address(request)

    assert address("10.0.0.2", "192.0.2.1, 203.0.113.5, 10.0.0.1") == "203.0.113.5"
    # the load balancer's hop is not one of ours: what it claims is not believed
    assert address("10.0.0.2", "192.0.2.1, 203.0.113.5, 198.51.100.3") == "198.51.100.3"
    assert address("198.51.100.3", "203.0.113.5, 10.0.0.1") == "198.51.100.3"
