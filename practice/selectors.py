"""Reads for the review pages: what is due, and what a card shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q

from assessment.models import MarkingPoint, Question
from practice.models import ReviewCard
from practice.services import review_question
from topics.models import KeyTerm, Misconception


@dataclass(frozen=True)
class DueSummary:
    due: int
    total: int
    next_due: datetime | None


def due_summary(session_key: str | None, now: datetime) -> DueSummary:
    """How many cards are due now, how many there are, and when the next one falls due (one query)."""
    if not session_key:
        return DueSummary(due=0, total=0, next_due=None)
    counts = ReviewCard.objects.for_session(session_key).aggregate(
        due_now=Count("pk", filter=Q(due__lte=now)),
        all_cards=Count("pk"),
        next_date=Min("due", filter=Q(due__gt=now)),
    )
    return DueSummary(
        due=counts["due_now"], total=counts["all_cards"], next_due=counts["next_date"]
    )


def next_due_card(session_key: str | None, now: datetime) -> ReviewCard | None:
    """The card due longest, whatever its topic: a session mixes topics and kinds."""
    if not session_key:
        return None
    return (
        ReviewCard.objects.for_session(session_key)
        .due(now)
        .select_related("topic", "question")
        .first()
    )


@dataclass
class CardView:
    card: ReviewCard
    question: Question | None = None  # a point card: the question to ask
    point: MarkingPoint | None = None
    key_term: KeyTerm | None = None  # a key-term card
    misconception: Misconception | None = None  # a check card
    statement_is_true: bool = False

    @property
    def statement(self) -> str:
        """What a check card asks to be judged true or false."""
        if self.misconception is None:
            return ""
        return (
            self.misconception.correction
            if self.statement_is_true
            else self.misconception.statement
        )

    @property
    def front(self) -> str:
        if self.key_term is None:
            return ""
        return self.key_term.definition if self.card.reverse else self.key_term.term

    @property
    def back(self) -> str:
        if self.key_term is None:
            return ""
        return self.key_term.term if self.card.reverse else self.key_term.definition


def card_view(card: ReviewCard) -> CardView | None:
    """What the card shows, or None when its content has left the site (the term or every
    question that could ask the point was removed): such a card is skipped, not shown broken."""
    if card.kind == ReviewCard.Kind.CHECK:
        key, _, side = card.statement_key.partition(":")
        misconception = Misconception.objects.filter(topic_id=card.topic_id, key=key).first()
        if misconception is None:
            return None
        return CardView(
            card=card, misconception=misconception, statement_is_true=side == "correction"
        )
    if card.kind == ReviewCard.Kind.TERM:
        key_term = KeyTerm.objects.filter(topic_id=card.topic_id, term=card.term).first()
        return CardView(card=card, key_term=key_term) if key_term else None
    question = review_question(card)
    if question is None:
        return None
    point = MarkingPoint.objects.filter(question_id=card.question_id, key=card.point_key).first()
    return CardView(card=card, question=question, point=point)
