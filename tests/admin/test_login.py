"""The admin's door: lockout after repeated failed logins; staff sessions that expire."""

from datetime import timedelta
from ipaddress import ip_network

import pytest
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
