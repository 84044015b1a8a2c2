"""FSRS (the `fsrs` package, as Anki uses) applied to a ReviewCard's stored memory state.

No learning steps: Anki's steps (1 and 10 minutes) suit someone working through a deck in one
sitting; a learner here revises in sittings days apart, so a missed point comes back the next
day, and each recall after that moves it further out. No fuzzing: the same history gives the
same date, which a learner can be told and a test can check.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)

RATINGS = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}


def _fsrs_card(card) -> Card:
    return Card(
        card_id=card.pk or 1,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def card_rate(card, rating: Rating, now: datetime) -> None:
    """Reschedule `card` (a ReviewCard, changed in place, not saved) after a recall rated `rating`."""
    reviewed, _ = SCHEDULER.review_card(_fsrs_card(card), rating, now)
    card.state = reviewed.state.value
    card.step = reviewed.step
    card.stability = reviewed.stability
    card.difficulty = reviewed.difficulty
    card.due = reviewed.due
    card.last_review = reviewed.last_review
    card.reviews += 1


def intervals(card, now: datetime) -> dict[Rating, timedelta]:
    """How far out each rating would put the card: shown on the rating buttons, as Anki does."""
    fsrs_card = _fsrs_card(card)
    return {
        rating: SCHEDULER.review_card(fsrs_card, rating, now)[0].due - now for rating in RATINGS
    }


def interval_words(interval: timedelta) -> str:
    days = round(interval.total_seconds() / 86400)
    if days < 1:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 31:
        return f"in {days} days"
    months = round(days / 30)
    if months < 12:
        return f"in {months} month{'s' if months > 1 else ''}"
    years = round(days / 365, 1)
    return f"in {years:g} year{'s' if years != 1 else ''}"
