"""The admin's door: lockout after repeated failed logins; staff sessions that expire."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

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


def test_staff_sessions_expire_after_a_working_day():
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    client = Client()
    client.post(
        reverse("admin:login"), {"username": "tutor", "password": PASSWORD, "next": "/admin/"}
    )
    assert client.session.get_expiry_age() == STAFF_SESSION_SECONDS == 8 * 60 * 60


def test_learners_sessions_keep_their_long_life(client, topic):
    client.post(reverse("assessment:quiz_item", args=[topic.slug, 1]), {"answer": "Colleagues."})
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_behind_a_trusted_proxy_the_lockout_holds_the_learners_address_not_the_proxys(settings):
    settings.TRUSTED_PROXY_COUNT = 1
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
