"""The centre view (issue 15 item 11; issue 14 item 7): per topic and period, which criteria and
marking points learners miss most, which wrong ideas they hold, and how tutors' challenge
decisions compare with the marker; as a page and as CSV; in a fixed number of queries."""

import csv
import html
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment.models import Attempt, Challenge
from tests.factories import make_topic

pytestmark = pytest.mark.django_db

URL = "admin:assessment_centre"


def answers(question, verdicts: list[dict[str, bool]], *, wrong: str = "", days_ago: int = 0):
    """One stored attempt per {point key: earned}, optionally asserting a wrong idea."""
    made = []
    for n, earned in enumerate(verdicts):
        attempt = Attempt.objects.create(
            session_key=f"s{n}-{days_ago}",
            question=question,
            answer="An answer.",
            mark=sum(earned.values()),
            max_marks=question.marks,
            result={
                "points": [{"key": key, "earned": got} for key, got in earned.items()],
                "wrong_ideas": [{"key": "w", "statement": wrong}] if wrong else [],
            },
        )
        made.append(attempt)
    if days_ago:
        Attempt.objects.filter(pk__in=[a.pk for a in made]).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
    return made


def decide(attempt, point_key: str, status: str) -> None:
    Challenge.objects.create(
        attempt=attempt, point_key=point_key, status=status, resolved_at=timezone.now()
    )


def page(client, **query) -> str:
    return html.unescape(client.get(reverse(URL), query).content.decode())


def test_the_centre_view_ranks_what_learners_miss_and_hold(tutor_client, topic):
    question = topic.questions.get()
    attempts = answers(
        question,
        [{"internal": True, "external": False}] * 3 + [{"internal": False, "external": False}],
        wrong="Complaints are always negative.",
    )
    decide(attempts[0], "external", "accepted")
    decide(attempts[1], "external", "rejected")
    decide(attempts[2], "external", "rejected")
    text = page(tutor_client)
    points = text[text.index("Marking points missed most") :]
    assert points.index("External customers are people outside") < points.index(
        "Internal customers are colleagues"
    )
    assert "4 of 4" in points and "100%" in points and "1 of 4" in points
    # the criterion: 5 of the 8 points asked were missed
    criteria = text[text.index("Assessment criteria missed most") :]
    assert "Award credit for naming customer types." in criteria and "5 of 8" in criteria
    assert "Complaints are always negative." in text[text.index("Wrong ideas learners hold") :]
    assert "Tutors decided 3 challenges: the marker's verdict stood in 2 (67% agreement)." in text
    assert "An answer." not in text  # aggregates only


def test_the_period_and_topic_choose_what_is_counted(tutor_client, topic):
    other = make_topic(slug="other-topic", title="Another topic")
    answers(topic.questions.get(), [{"internal": False, "external": True}], days_ago=200)
    answers(other.questions.get(), [{"internal": False, "external": False}])
    default = page(tutor_client)  # the last 90 days, every topic
    assert "1 answer marked" in default and "Another topic" in default
    today = timezone.localdate()
    chosen = page(
        tutor_client,
        topic=topic.pk,
        since=str(today - timedelta(days=365)),
        until=str(today),
    )
    report = chosen[chosen.index("answer marked") :]  # after the form's list of topics
    assert "1 answer marked" in chosen and "Another topic" not in report
    assert "Internal customers are colleagues" in report


def test_a_period_that_ends_before_it_starts_is_a_message(tutor_client, topic):
    text = page(tutor_client, since="2026-05-01", until="2026-04-01")
    assert "The end of the period must be on or after its start." in text
    assert "Download as CSV" not in text
    assert "Enter a valid date." in page(tutor_client, since="yesterday", until="2026-04-01")


def test_the_centre_view_downloads_as_csv_for_internal_verification(tutor_client, topic):
    question = topic.questions.get()
    answers(question, [{"internal": True, "external": False}] * 2, wrong="=HYPERLINK(1)")
    response = tutor_client.get(reverse(URL), {"download": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "topic", "what", "count", "out of", "percent"]
    missed = [row for row in rows if row[0] == "marking point missed"]
    assert missed[0][1:] == [
        "Test topic",
        "External customers are people outside who buy goods or services.",
        "2",
        "2",
        "100",
    ]
    held = [row for row in rows if row[0] == "wrong idea held"]
    assert held[0][2] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet


def test_the_centre_view_is_reached_from_the_question_list(tutor_client, topic):
    listing = tutor_client.get(reverse("admin:assessment_question_changelist")).content.decode()
    assert f'href="{reverse(URL)}"' in listing


def test_the_centre_view_is_for_staff_only(client, topic):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "/login/" in response.url


def test_the_centre_view_queries_stay_fixed_as_attempts_and_challenges_grow(tutor_client, topic):
    question = topic.questions.get()
    attempts = answers(question, [{"internal": True, "external": False}], wrong="Wrong.")
    decide(attempts[0], "external", "accepted")
    tutor_client.get(reverse(URL))
    with CaptureQueriesContext(connection) as few:
        tutor_client.get(reverse(URL))
    more = answers(question, [{"internal": False, "external": True}] * 40, wrong="Wrong.")
    for attempt in more[:20]:
        decide(attempt, "internal", "rejected")
    # guards against a query per attempt, per challenge or per question
    with CaptureQueriesContext(connection) as many:
        tutor_client.get(reverse(URL))
    assert len(many) == len(few)


def test_the_period_is_shown_in_the_date_boxes_before_any_choice(tutor_client, topic):
    # a date box (type="date") shows only an ISO date: the site's own format left them empty
    today = timezone.localdate()
    text = page(tutor_client)
    assert f'name="until" value="{today.isoformat()}"' in text
    assert f'name="since" value="{(today - timedelta(days=90)).isoformat()}"' in text
