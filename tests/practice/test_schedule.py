"""FSRS on review cards, with a fixed clock: what a learner sees of their schedule."""

from datetime import timedelta

import pytest
from fsrs import Rating

from assessment.services import attempt_record
from practice.models import ReviewCard
from practice.schedule import interval_words, intervals
from practice.services import card_recall_rate, terms_practise
from tests.factories import make_topic

pytestmark = pytest.mark.django_db

HALF_RIGHT = "Internal customers are colleagues or other departments who rely on our work."
BOTH_RIGHT = (
    HALF_RIGHT + " External customers are people outside the business who buy goods or services."
)


def answer(topic, text):
    return attempt_record(question=topic.questions.get(), session_key="learner", answer=text)


def test_a_missed_point_returns_the_next_day_and_moves_further_out_once_answered_well(clock):
    topic = make_topic()
    monday = clock.now
    answer(topic, HALF_RIGHT)

    card = ReviewCard.objects.get()
    assert card.point_key == "external"  # the earned point makes no card
    assert card.due == monday + timedelta(days=1)

    clock.now = card.due
    answer(topic, BOTH_RIGHT)
    card.refresh_from_db()
    first_gap = card.due - clock.now
    assert first_gap > timedelta(days=1)

    clock.now = card.due
    answer(topic, BOTH_RIGHT + " Both matter.")
    card.refresh_from_db()
    assert card.due - clock.now > first_gap


def test_a_point_answered_well_before_it_is_due_keeps_its_date_but_a_miss_brings_it_back(clock):
    topic = make_topic()
    answer(topic, HALF_RIGHT)
    card = ReviewCard.objects.get()
    tuesday = card.due

    # straight after reading the model answer: not a recall, the card keeps its date
    clock.now += timedelta(minutes=5)
    answer(topic, BOTH_RIGHT)
    card.refresh_from_db()
    assert card.due == tuesday

    clock.now = tuesday
    answer(topic, BOTH_RIGHT + " Both matter.")
    card.refresh_from_db()
    assert card.due > tuesday + timedelta(days=1)

    clock.now = tuesday + timedelta(hours=1)  # missed again: back the next day
    answer(topic, HALF_RIGHT + " That is all.")
    card.refresh_from_db()
    assert card.due == clock.now + timedelta(days=1)


def test_key_term_ratings_space_the_card_by_how_well_it_was_recalled(clock):
    topic = make_topic()
    terms_practise(session_key="s", topic=topic)
    cards = list(ReviewCard.objects.order_by("reverse"))
    assert [c.reverse for c in cards] == [False, True]  # both ways round
    assert all(c.due == clock.now for c in cards)  # due at once

    shown = intervals(cards[0], clock.now)
    assert shown[Rating.Again] <= shown[Rating.Hard] <= shown[Rating.Good] < shown[Rating.Easy]
    assert interval_words(shown[Rating.Again]) == "tomorrow"

    card_recall_rate(card=cards[0], rating=Rating.Easy)
    card_recall_rate(card=cards[1], rating=Rating.Again)
    cards[0].refresh_from_db()
    cards[1].refresh_from_db()
    assert cards[1].due == clock.now + timedelta(days=1)
    assert cards[0].due - clock.now == shown[Rating.Easy]
