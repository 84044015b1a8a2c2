"""The quiz through the test client: with htmx (partials) and without (post/redirect/get)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt, Challenge
from tests.factories import make_learners_work

pytestmark = pytest.mark.django_db

GOOD_ANSWER = (
    "Internal customers are colleagues or other departments who rely on our work. "
    "External customers are people outside the business who buy goods or services from us."
)


def quiz_url(topic, number=1):
    return reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": number})


def test_quiz_shows_one_question_at_a_time_with_progress(client, topic):
    response = client.get(reverse("assessment:quiz", kwargs={"slug": topic.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Question 1 of 2" in html
    assert "Describe two types of customer." in html
    assert 'hx-post="' in html and 'action="' in html and 'method="post"' in html


def test_answer_without_javascript_redirects_to_feedback_and_stores_the_attempt(client, topic):
    response = client.post(quiz_url(topic), {"answer": GOOD_ANSWER})

    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "assessment:quiz_feedback",
        kwargs={"slug": topic.slug, "number": 1, "attempt_id": attempt.pk},
    )
    assert attempt.session_key == client.session.session_key
    assert attempt.mark == 2 and attempt.max_marks == 2
    page = client.get(response.url).content.decode()
    assert "You scored 2 out of 2" in page
    assert "Points you earned" in page
    assert "<mark>" in page
    assert "Next question" in page


def test_a_list_of_terms_is_told_to_write_sentences_and_why_points_were_missed(client, topic):
    response = client.post(quiz_url(topic), {"answer": "colleagues, departments, outside, buy"})
    page = client.get(response.url).content.decode()
    assert "You scored 0 out of 2" in page
    assert "Your answer lists terms: write sentences" in page
    # each missed point says why, in words made now from the stored reason code
    assert "but did not describe it" in page


def test_answer_with_htmx_returns_only_the_feedback_partial(client, topic):
    response = client.post(
        quiz_url(topic), {"answer": "Colleagues are customers too."}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "You scored" in html
    assert "What to do next" in html
    assert "I think I earned this" in html
    assert Attempt.objects.count() == 1


def the_forms_submission(client, topic) -> str:
    html = client.get(quiz_url(topic)).content.decode()
    found = re.search(r'name="submission" value="([0-9a-f]{32})"', html)
    assert found, "the question form carries a one-off submission value"
    return found[1]


def test_the_same_form_sent_twice_is_one_attempt_with_the_same_feedback(client, topic):
    """A double click, or a browser resending after a lost reply, must not count twice."""
    submission = the_forms_submission(client, topic)
    form = {"answer": GOOD_ANSWER, "submission": submission}
    first = client.post(quiz_url(topic), form)
    again = client.post(quiz_url(topic), form)
    by_htmx = client.post(quiz_url(topic), form, headers={"HX-Request": "true"})

    attempt = Attempt.objects.get()
    feedback = reverse(
        "assessment:quiz_feedback",
        kwargs={"slug": topic.slug, "number": 1, "attempt_id": attempt.pk},
    )
    assert first.url == again.url == feedback
    assert "You scored 2 out of 2" in by_htmx.content.decode()
    assert the_forms_submission(client, topic) != submission  # the next form is a new one


def test_an_edited_answer_sent_from_the_same_form_is_a_new_attempt(client, topic):
    submission = the_forms_submission(client, topic)
    client.post(quiz_url(topic), {"answer": "Colleagues.", "submission": submission})
    client.post(quiz_url(topic), {"answer": GOOD_ANSWER, "submission": submission})
    assert sorted(Attempt.objects.values_list("mark", flat=True)) == [0, 2]


def test_the_same_submission_from_another_learner_is_their_own_attempt(client, topic):
    submission = the_forms_submission(client, topic)
    form = {"answer": GOOD_ANSWER, "submission": submission}
    client.post(quiz_url(topic), form)
    Client().post(quiz_url(topic), form)
    assert Attempt.objects.values("session_key").distinct().count() == 2


def test_empty_answer_gets_a_gentle_prompt_and_stores_nothing(client, topic):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(quiz_url(topic), {"answer": "   "}, headers=headers)
        assert response.status_code == 200
        assert "Write your answer first" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_too_long_answer_is_a_form_error_not_a_500(client, topic):
    response = client.post(quiz_url(topic), {"answer": "word " * 1500})
    assert response.status_code == 200
    assert "the limit is 5,000" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_learner_text_is_escaped_in_the_feedback(client, topic):
    client.post(
        quiz_url(topic), {"answer": "<script>alert(1)</script> colleagues are internal customers"}
    )
    attempt = Attempt.objects.get()
    page = client.get(
        reverse(
            "assessment:quiz_feedback",
            kwargs={"slug": topic.slug, "number": 1, "attempt_id": attempt.pk},
        )
    ).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_misconception_check_shows_the_correction(client, topic):
    response = client.post(quiz_url(topic, 2), {"verdict": "true"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Not quite: it is false." in page
    assert "Complaints are valuable feedback." in page
    htmx = client.post(
        quiz_url(topic, 2), {"verdict": "false"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in htmx
    assert "Right: it is false." in htmx


def test_feedback_of_another_learners_attempt_is_a_404(client, topic):
    client.post(quiz_url(topic), {"answer": GOOD_ANSWER})
    attempt = Attempt.objects.get()
    other = Client()
    url = reverse(
        "assessment:quiz_feedback",
        kwargs={"slug": topic.slug, "number": 1, "attempt_id": attempt.pk},
    )
    assert other.get(url).status_code == 404


def test_unknown_topic_or_question_number_is_a_404(client, topic):
    assert (
        client.get(reverse("assessment:quiz", kwargs={"slug": "no-such-topic"})).status_code == 404
    )
    assert client.get(quiz_url(topic, 99)).status_code == 404


def test_challenge_records_the_missed_point_once(client, topic):
    client.post(quiz_url(topic), {"answer": "Colleagues are customers who rely on my work."})
    attempt = Attempt.objects.get()
    missed = [p["key"] for p in attempt.result["points"] if not p["earned"]]
    url = reverse("assessment:challenge", kwargs={"attempt_id": attempt.pk})

    response = client.post(url, {"point": missed[0]}, headers={"HX-Request": "true"})
    assert "Sent to your tutor" in response.content.decode()
    client.post(url, {"point": missed[0]})
    assert Challenge.objects.filter(attempt=attempt, point_key=missed[0]).count() == 1
    assert client.post(url, {"point": "not-a-point"}).status_code == 404
    assert Client().post(url, {"point": missed[0]}).status_code == 404


def test_summary_and_progress_show_marks_and_missed_points(client, topic):
    client.post(quiz_url(topic), {"answer": "Colleagues are customers who rely on my work."})
    client.post(quiz_url(topic), {"answer": GOOD_ANSWER})
    summary = client.get(
        reverse("assessment:quiz_summary", kwargs={"slug": topic.slug})
    ).content.decode()
    assert "2 out of 2" in summary
    assert "The points you missed most often" in summary
    progress = client.get(reverse("assessment:progress")).content.decode()
    assert topic.title in progress
    assert "Latest: <strong>2 / 2</strong>" in progress
    assert "Best: <strong>2 / 2</strong>" in progress


def test_wiping_progress_deletes_only_this_learners_attempts(client, topic):
    other = Client()
    other.post(quiz_url(topic), {"answer": GOOD_ANSWER})
    client.post(quiz_url(topic), {"answer": GOOD_ANSWER})

    response = client.post(reverse("assessment:progress_wipe"), {"confirm": "True"})

    assert response.status_code == 302
    assert Attempt.objects.count() == 1
    assert (
        "You have not answered any questions yet"
        in client.get(reverse("assessment:progress")).content.decode()
    )


def test_wiping_progress_also_takes_the_learners_challenges(client, topic):
    """Challenge.attempt is PROTECT: the wipe, which the learner asked for, removes both."""
    make_learners_work(topic, client=client)

    response = client.post(reverse("assessment:progress_wipe"), {"confirm": "True"})

    assert response.status_code == 302
    assert (Attempt.objects.count(), Challenge.objects.count()) == (0, 0)


def test_posts_without_a_csrf_token_are_refused(topic):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(quiz_url(topic), {"answer": GOOD_ANSWER}).status_code == 403
    assert Attempt.objects.count() == 0


def test_quiz_pages_only_accept_their_methods(client, topic):
    assert client.put(quiz_url(topic)).status_code == 405
    assert client.put(reverse("assessment:progress_wipe")).status_code == 405
