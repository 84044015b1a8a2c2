"""The question list a tutor reads: prompts, topics with their awarding body, and learners'
figures that count each attempt once however many challenges it has."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Attempt, Challenge
from tests.admin.forms import change_url
from tests.factories import QUALIFICATION, make_topic

pytestmark = pytest.mark.django_db


def attempts_with_challenges(question, marks_and_challenges: list[tuple[int, int]]) -> None:
    """One attempt per (mark, number of challenges on it)."""
    point_keys = [point.key for point in question.points.all()]
    for n, (mark, challenges) in enumerate(marks_and_challenges):
        attempt = Attempt.objects.create(
            session_key=f"learner-{n}",
            question=question,
            answer=f"Answer {n}.",
            mark=mark,
            max_marks=question.marks,
            result={"points": [{"key": key, "earned": False} for key in point_keys]},
        )
        for key in point_keys[:challenges]:
            Challenge.objects.create(attempt=attempt, point_key=key)


def list_page(client) -> str:
    return html.unescape(
        client.get(reverse("admin:assessment_question_changelist")).content.decode()
    )


def test_the_average_mark_counts_each_attempt_once_however_many_challenges_it_has(
    tutor_client, topic
):
    question = topic.questions.get()
    # a 0 challenged on both points, and a 2 unchallenged: the average is 1.0, not 0.7
    attempts_with_challenges(question, [(0, 2), (2, 0)])
    page = list_page(tutor_client)
    assert "1.0 / 2" in page
    assert "0.7 / 2" not in page
    detail = html.unescape(tutor_client.get(change_url(question)).content.decode())
    assert "2 attempts; average mark 1.0 out of 2." in detail


def test_the_list_shows_the_prompt_and_the_topic_with_its_awarding_body(tutor_client, topic):
    page = list_page(tutor_client)
    assert "Describe two types of customer." in page
    assert "Test topic (Test Awarding Body)" in page
    assert "test-topic/q1" not in re.sub(r"<[^>]+>", "", page)  # no key among the words shown


def test_two_topics_with_one_title_are_told_apart_by_their_awarding_body(tutor_client, topic):
    other_body = {
        **QUALIFICATION,
        "slug": "other-qualification",
        "awarding_body": {"slug": "other-body", "name": "Other Body"},
    }
    make_topic(slug="same-title", qualification=other_body)
    page = list_page(tutor_client)
    assert "Test topic (Test Awarding Body)" in page
    assert "Test topic (Other Body)" in page
    picker = html.unescape(tutor_client.get(change_url(topic.questions.get())).content.decode())
    assert ">Test topic (Other Body)</option>" in picker


def test_a_bad_topic_filter_value_shows_the_list_not_an_error(tutor_client, topic):
    url = reverse("admin:assessment_question_changelist") + "?topic__id__exact=abc"
    assert tutor_client.get(url).status_code in {200, 302}


def queries_for(client, urls: list[str]) -> int:
    """Queries to read the pages, the fewest of two readings: a once-off query (a session or
    cache refreshed now and then) is not a query per attempt."""

    def once() -> int:
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                client.get(url)
        return len(queries)

    return min(once(), once())


def test_the_list_and_question_page_queries_stay_fixed_as_attempts_and_challenges_grow(
    tutor_client, topic
):
    question = topic.questions.get()
    urls = [reverse("admin:assessment_question_changelist"), change_url(question)]
    attempts_with_challenges(question, [(1, 1)])
    few = queries_for(tutor_client, urls)
    attempts_with_challenges(question, [(n % 3, n % 3) for n in range(30)])
    # guards against a query per attempt or per challenge on either page: the count must not
    # grow (with 31 challenges it was one fewer than with one; that is not what this guards)
    assert queries_for(tutor_client, urls) <= few


def test_the_challenge_list_queries_stay_fixed_as_challenges_grow(tutor_client, topic):
    question = topic.questions.get()
    urls = [reverse("admin:assessment_challenge_changelist")]
    attempts_with_challenges(question, [(1, 1)])
    few = queries_for(tutor_client, urls)
    attempts_with_challenges(question, [(n % 3, 1 + n % 2) for n in range(30)])
    page = tutor_client.get(urls[0]).content.decode()
    assert page.count('class="field-point_key"') > 30  # every challenge is listed
    assert queries_for(tutor_client, urls) <= few
