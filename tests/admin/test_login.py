"""The admin's door: lockout after repeated failed logins; staff sessions that expire."""

import re
from datetime import timedelta
from ipaddress import ip_network

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from topics.signals import STAFF_SESSION_SECONDS

pytestmark = pytest.mark.django_db
PASSWORD = "a-tutor-password-2026"


def test_admin_login_locks_out_after_repeated_failures():
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    client = Client()
    statuses = [
        client.post(
            reverse("admin:login"),
            {"username": "tutor", "password": "wrong"},
            REMOTE_ADDR="10.0.0.9",
        ).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post(
        reverse("admin:login"), {"username": "tutor", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_few_failures_then_the_right_password_still_signs_in():
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("admin:login"), {"username": "tutor", "password": "wrong"})
    client.post(reverse("admin:login"), {"username": "tutor", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def staff_login() -> tuple[Client, object]:
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": "tutor", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    return client, response.cookies[settings.SESSION_COOKIE_NAME]


def test_staff_sessions_end_when_the_browser_closes():
    """A persistent cookie kept a tutor signed in on a shared classroom PC for 8 hours."""
    _, cookie = staff_login()
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_staff_sessions_still_end_on_the_server_after_a_working_day():
    client, _ = staff_login()
    session = Session.objects.get()
    assert abs((session.expire_date - timezone.now()).total_seconds() - STAFF_SESSION_SECONDS) < 60
    assert STAFF_SESSION_SECONDS == 8 * 60 * 60
    assert client.get("/admin/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_learners_sessions_keep_their_long_life(client, topic):
    response = client.post(
        reverse("assessment:quiz_item", args=[topic.slug, 1]), {"answer": "Colleagues."}
    )
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_behind_a_trusted_proxy_the_lockout_holds_the_learners_address_not_the_proxys(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [ip_network("172.18.0.0/16")]
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    proxy = {"REMOTE_ADDR": "172.18.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            reverse("admin:login"),
            {"username": "tutor", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            **proxy,
        )
    # the tutor, at their own desk behind the same proxy, can still sign in
    client = Client()
    client.post(
        reverse("admin:login"),
        {"username": "tutor", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        **proxy,
    )
    assert "_auth_user_id" in client.session


def test_guesses_that_go_round_the_proxy_are_locked_out_whatever_they_forward(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [ip_network("172.18.0.0/16")]
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    statuses = [
        Client()
        .post(
            reverse("admin:login"),
            {"username": "tutor", "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        .status_code
        for n in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    assert statuses[-1] == 429


def guess(address: str, typed: str = "wrong", client: Client | None = None):
    client = client or Client()
    response = client.post(
        reverse("admin:login"),
        {"username": "tutor", "password": typed},
        REMOTE_ADDR=address,
    )
    return client, response


def pass_time(seconds: float) -> None:
    """Move every recorded failure back in time, as if ``seconds`` had gone by."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(seconds=seconds)
        attempt.save(update_fields=["attempt_time"])


def test_guesses_for_one_username_from_many_addresses_must_wait_longer_and_longer(settings):
    """The per-address lockout never meets a guesser who changes address at every try."""
    settings.LOGIN_BACKOFF_AFTER = 3
    settings.LOGIN_BACKOFF_MAX_SECONDS = 8
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    for n in range(3):
        assert guess(f"203.0.113.{n}")[1].status_code == 200
    waits = []
    for n in range(6):
        client, response = guess(f"198.51.100.{n}", PASSWORD)
        message = re.search(r"wait (\d+) seconds", response.content.decode())
        assert message, "a try during the back-off is refused with the wait in words"
        assert "_auth_user_id" not in client.session  # refused before the password is checked
        waits.append(int(message[1]))
        pass_time(waits[-1])
        guess(f"192.0.2.{n}")  # the next guess, once the wait is over, fails as usual
    assert waits == [1, 2, 4, 8, 8, 8]


def test_a_refused_try_does_not_count_as_a_failure(settings):
    settings.LOGIN_BACKOFF_AFTER = 2
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    guess("203.0.113.1"), guess("203.0.113.2")
    failures = sum(a.failures_since_start for a in AccessAttempt.objects.all())
    for n in range(5):
        guess(f"198.51.100.{n}")
    assert sum(a.failures_since_start for a in AccessAttempt.objects.all()) == failures


def test_the_back_off_is_a_wait_not_a_lock(settings):
    settings.LOGIN_BACKOFF_AFTER = 2
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    for n in range(12):
        guess(f"203.0.113.{n}")
        pass_time(settings.LOGIN_BACKOFF_MAX_SECONDS)
    pass_time(settings.LOGIN_BACKOFF_MAX_SECONDS)
    client, _ = guess("198.51.100.1", PASSWORD)
    assert "_auth_user_id" in client.session


def test_a_browser_the_tutor_signed_in_on_before_is_not_slowed(settings):
    settings.LOGIN_BACKOFF_AFTER = 2
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    desk, _ = guess("10.1.1.5", PASSWORD)
    desk.post(reverse("admin:logout"))
    assert "_auth_user_id" not in desk.session
    for n in range(6):
        guess(f"203.0.113.{n}")
    elsewhere, refused = guess("198.51.100.1", PASSWORD)
    assert "_auth_user_id" not in elsewhere.session and "wait" in refused.content.decode()
    guess("10.1.1.5", PASSWORD, client=desk)
    assert "_auth_user_id" in desk.session


def test_a_forged_device_cookie_does_not_skip_the_back_off(settings):
    settings.LOGIN_BACKOFF_AFTER = 2
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    for n in range(4):
        guess(f"203.0.113.{n}")
    forger = Client()
    forger.cookies["tutor_device"] = '["tutor"]'
    guess("198.51.100.1", PASSWORD, client=forger)
    assert "_auth_user_id" not in forger.session
