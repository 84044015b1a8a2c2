"""The progress page: dated answers, the trend of marks, each criterion's mastery, in a fixed
number of queries however many answers."""

import dataclasses
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Attempt
from assessment.services import answer_mark
from tests.factories import make_two_criteria_topic

pytestmark = pytest.mark.django_db

PROGRESS = reverse("assessment:progress")
HALF_RIGHT = "Internal customers are colleagues or other departments who rely on our work."
BOTH_RIGHT = (
    HALF_RIGHT + " External customers are people outside the business who buy goods or services."
)


def answer_on(client, topic, text, *, days_ago=0, number=1):
    """An answer through the quiz, dated `days_ago` days back."""
    client.post(
        reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": number}),
        {"answer": text},
    )
    attempt = Attempt.objects.latest("pk")
    Attempt.objects.filter(pk=attempt.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def test_the_progress_page_shows_dated_answers_the_trend_and_each_criterion(client):
    topic = make_two_criteria_topic()
    answer_on(client, topic, "Colleagues.", days_ago=3)
    answer_on(client, topic, HALF_RIGHT, days_ago=2)
    answer_on(client, topic, BOTH_RIGHT, days_ago=0)
    html = client.get(PROGRESS).content.decode()

    assert html.count("<time datetime=") == 3
    # the trend, in a line and in words
    assert 'class="trend-line"' in html
    assert "0% on" in html and "100% on" in html and "up 100 percentage points, over 3 days" in html
    assert "Marks day by day" in html
    # ac1's two points were earned by the latest answer; ac2's question was never tried
    ac1 = html[html.index("Name the types of customer.") :]
    assert "Shown" in ac1[:400] and "2 of 2 points earned" in ac1[:400]
    ac2 = html[html.index("Explain why loyalty matters.") :]
    assert "Not tried yet" in ac2[:400] and "1 point to try" in ac2[:400]
    assert 'href="/topics/test-topic/#criterion-ac1"' in html


def test_a_criterion_counts_each_points_latest_verdict(client):
    topic = make_two_criteria_topic()
    answer_on(client, topic, BOTH_RIGHT, days_ago=1)
    answer_on(client, topic, HALF_RIGHT, days_ago=0)
    html = client.get(PROGRESS).content.decode()
    ac1 = html[html.index("Name the types of customer.") :]
    assert "Partly shown" in ac1[:400] and "1 of 2 points earned" in ac1[:400]


def make_attempts(session_key, question, count):
    result = answer_mark(question=question, answer=HALF_RIGHT)
    Attempt.objects.bulk_create(
        Attempt(
            session_key=session_key,
            question=question,
            answer=HALF_RIGHT,
            mark=result.mark,
            max_marks=result.max_marks,
            result=dataclasses.asdict(result),
        )
        for _ in range(count)
    )
    now = timezone.now()
    for i, pk in enumerate(
        Attempt.objects.filter(session_key=session_key).values_list("pk", flat=True)
    ):
        Attempt.objects.filter(pk=pk).update(created_at=now - timedelta(hours=7 * i))


def answers_for_progress(client, answers):
    """`answers` answers of this client's session, seven hours apart (so over many days)."""
    client.get(PROGRESS)  # a session
    question = make_two_criteria_topic().questions.get(key="q1")
    make_attempts(client.session.session_key, question, answers)


@pytest.mark.parametrize("answers", [10, 1000])
def test_the_progress_page_queries_stay_constant_from_10_to_1000_answers(
    client, answers, django_assert_num_queries
):
    answers_for_progress(client, answers)
    # the session, the answers, the questions and the four kinds of part they prefetch, the
    # topics and their criteria, the challenges and the true-or-false scores: never one query per
    # answer, per day or per criterion
    with django_assert_num_queries(11):
        response = client.get(PROGRESS)
    assert f"{answers} answers in all" in response.content.decode()
