"""A topic's quiz asks a round of a few questions, held while the learner answers, and "Try a new
set" draws the next: questions not met yet first, then the missed ones."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt, Question
from tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db
BANK = 8


@pytest.fixture
def topic(settings):
    settings.QUIZ_ROUND_QUESTIONS = 3
    return make_topic(
        misconceptions=[],
        questions=[
            make_question(id=f"q{n}", prompt=f"Describe customer type number {n}.")
            for n in range(1, BANK + 1)
        ],
    )


def asked(client: Client, topic, number: int) -> str:
    page = client.get(reverse("assessment:quiz_item", args=[topic.slug, number]))
    assert page.status_code == 200
    return re.search(r"Describe customer type number (\d+)", page.content.decode())[0]


def answer(client: Client, topic, number: int, text: str = "Colleagues.") -> None:
    response = client.post(
        reverse("assessment:quiz_item", args=[topic.slug, number]),
        {"answer": text, "submission": f"s{number}-{text}"},
    )
    assert response.status_code == 302


def test_a_round_asks_a_few_of_the_topics_questions(client, topic):
    page = client.get(reverse("assessment:quiz", args=[topic.slug])).content.decode()
    assert "Question 1 of 3" in page
    assert client.get(reverse("assessment:quiz_item", args=[topic.slug, 4])).status_code == 404


def test_the_round_holds_while_a_new_visitor_answers_it(client, topic):
    """A visitor has no session until their first answer: the round they were shown is the one
    their answers go to, and it does not change as their answers change what is "new"."""
    first = asked(client, topic, 1)
    answer(client, topic, 1)
    round_ = [first, asked(client, topic, 2), asked(client, topic, 3)]
    for number in (2, 3):
        answer(client, topic, number)
    assert [asked(client, topic, n) for n in (1, 2, 3)] == round_
    assert len(set(round_)) == 3
    answered = {a.question.prompt.rstrip(".") for a in Attempt.objects.select_related("question")}
    assert answered == set(round_)


def test_a_new_set_asks_what_the_learner_has_not_met_then_what_they_missed(client, topic):
    seen: set[str] = set()
    for _ in range(BANK // 3):  # two rounds of three: six of the eight questions met
        for number in (1, 2, 3):
            seen.add(asked(client, topic, number))
            answer(client, topic, number, "I do not know.")
        client.post(reverse("assessment:quiz_new_round", args=[topic.slug]))
    assert len(seen) == 6
    third = {asked(client, topic, n) for n in (1, 2, 3)}
    unmet = {q.prompt.rstrip(".") for q in Question.objects.all()} - seen
    assert unmet <= third  # the two questions not met yet, then one of the missed ones
    assert len(third) == 3


def test_the_summary_offers_a_new_set_that_works_without_javascript(client, topic):
    answer(client, topic, 1)
    summary = client.get(reverse("assessment:quiz_summary", args=[topic.slug])).content.decode()
    assert "Try a new set of questions" in summary
    response = client.post(reverse("assessment:quiz_new_round", args=[topic.slug]))
    assert response.status_code == 302
    assert response.url == reverse("assessment:quiz", args=[topic.slug])


def test_a_challenge_on_an_answer_from_an_earlier_round_still_reaches_a_tutor(client, topic):
    answer(client, topic, 1, "I do not know.")
    attempt = Attempt.objects.get()
    for _ in range(3):  # rounds later, that question may not be in the round any more
        client.post(reverse("assessment:quiz_new_round", args=[topic.slug]))
    point = next(p for p in attempt.result["points"] if not p["earned"])["key"]
    response = client.post(reverse("assessment:challenge", args=[attempt.pk]), {"point": point})
    assert response.status_code == 302
    assert attempt.challenges.count() == 1
