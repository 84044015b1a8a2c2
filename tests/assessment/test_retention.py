"""The scheduled clean-up: expired sessions and learners' old answers go; tutors' records stay.
The footer and the wipe say truthfully what is kept and for how long."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.models import Attempt, Challenge, SampleAnswer
from assessment.review import challenge_resolve

pytestmark = pytest.mark.django_db

ANSWER = "Internal customers are colleagues."


def answer(client: Client, topic) -> Attempt:
    url = reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": 1})
    assert client.post(url, {"answer": ANSWER}).status_code == 302
    return Attempt.objects.latest("id")


def age(attempt: Attempt, days: int) -> None:
    Attempt.objects.filter(pk=attempt.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_answers_older_than_the_retention_period_leave_the_learners_progress(
    client, topic, settings
):
    settings.ATTEMPT_RETENTION_DAYS = 30
    age(answer(client, topic), days=31)
    assert "Latest:" in client.get(reverse("assessment:progress")).content.decode()

    call_command("expire_records", verbosity=0)

    page = client.get(reverse("assessment:progress")).content.decode()
    assert "You have not answered any questions yet" in page
    assert Attempt.objects.count() == 0


def test_recent_answers_stay(client, topic, settings):
    settings.ATTEMPT_RETENTION_DAYS = 30
    age(answer(client, topic), days=29)
    call_command("expire_records", verbosity=0)
    assert "Latest:" in client.get(reverse("assessment:progress")).content.decode()


def test_answers_a_learner_challenged_stay_for_the_tutor_with_their_samples(
    client, topic, settings
):
    settings.ATTEMPT_RETENTION_DAYS = 30
    pending, decided = answer(client, topic), answer(Client(), topic)
    for attempt in (pending, decided):
        Challenge.objects.create(attempt=attempt, point_key="external")
        age(attempt, days=400)
    challenge_resolve(challenge=decided.challenges.get(), accepted=True, user=None)

    call_command("expire_records", verbosity=0)

    assert Attempt.objects.count() == 2
    assert Challenge.objects.count() == 2
    assert SampleAnswer.objects.count() == 1


def test_dry_run_says_what_would_go_and_deletes_nothing(client, topic, settings, capsys):
    settings.ATTEMPT_RETENTION_DAYS = 30
    age(answer(client, topic), days=31)
    call_command("expire_records", "--dry-run")
    assert "1 answer(s) older than 30 days would be deleted" in capsys.readouterr().out
    assert Attempt.objects.count() == 1


def test_a_retention_of_zero_keeps_every_answer(client, topic, settings):
    settings.ATTEMPT_RETENTION_DAYS = 0
    age(answer(client, topic), days=4000)
    call_command("expire_records", verbosity=0)
    assert Attempt.objects.count() == 1


def test_expired_sessions_are_cleared(client, topic):
    answer(client, topic)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    call_command("expire_records", verbosity=0)
    assert Session.objects.count() == 0


def test_the_footer_says_what_is_stored_and_for_how_long(client, settings):
    settings.ATTEMPT_RETENTION_DAYS = 90
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
    page = client.get(reverse("topics:home")).content.decode()
    assert "in this browser's session" not in page
    assert "deleted after 90 days" in page
    assert "30 days" in page


def test_wiping_history_says_that_answers_a_tutor_kept_as_samples_stay(client, topic):
    attempt = answer(client, topic)
    challenge = Challenge.objects.create(attempt=attempt, point_key="external")
    challenge_resolve(challenge=challenge, accepted=False, user=None)
    answer(client, topic)
    page = client.get(reverse("assessment:progress")).content.decode()
    assert "a tutor kept as a sample" in page

    response = client.post(reverse("assessment:progress_wipe"), {"confirm": "True"}, follow=True)

    page = response.content.decode()
    assert "2 written answers, 0 true-or-false answers and 1 challenge deleted" in page
    assert "1 answer a tutor kept as a sample stays" in page
    assert SampleAnswer.objects.count() == 1
