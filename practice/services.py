"""The review loop's writes: cards from missed points and chosen key terms, their ratings, and
progress codes. Views and signal handlers call these; `now` is passed in so tests fix the clock."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import datetime

import segno
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.utils import timezone
from fsrs import Rating

from assessment.models import Attempt, CheckAnswer, MarkingPoint, Question
from practice.models import ProgressCode, ReviewCard
from practice.schedule import card_rate
from topics.models import Topic


def cards_from_attempt(*, attempt: Attempt, now: datetime | None = None) -> None:
    """Every point the answer missed becomes a card due the next day (rated Again), or, if it
    already is one, is rated Again. A point it earned is rated Good only on a card that is due:
    the same answer sent again straight after reading the model answer is not a recall."""
    now = now or timezone.now()
    verdicts = {p["key"]: bool(p.get("earned")) for p in attempt.result.get("points", [])}
    if not verdicts:
        return
    cards = {
        card.point_key: card
        for card in ReviewCard.objects.filter(
            session_key=attempt.session_key,
            kind=ReviewCard.Kind.POINT,
            question_id=attempt.question_id,
        )
    }
    for key, earned in verdicts.items():
        card = cards.get(key)
        if card is None:
            if earned:
                continue
            card = ReviewCard(
                session_key=attempt.session_key,
                kind=ReviewCard.Kind.POINT,
                topic_id=attempt.question.topic_id,
                question_id=attempt.question_id,
                point_key=key,
                due=now,
            )
        elif earned and card.due > now:
            continue
        card_rate(card, Rating.Good if earned else Rating.Again, now)
        try:
            with transaction.atomic():
                card.save()
        except IntegrityError:
            pass  # the same answer, stored twice at once: the first write made the card


def cards_from_check(*, check: CheckAnswer, now: datetime | None = None) -> None:
    """A true-or-false check answered wrongly becomes a card due the next day (or, already one,
    is rated Again); answered rightly when its card is due, the card is rated Good."""
    now = now or timezone.now()
    card = ReviewCard.objects.filter(
        session_key=check.session_key,
        kind=ReviewCard.Kind.CHECK,
        topic_id=check.topic_id,
        statement_key=check.statement_key,
    ).first()
    if card is None:
        if check.correct:
            return
        card = ReviewCard(
            session_key=check.session_key,
            kind=ReviewCard.Kind.CHECK,
            topic_id=check.topic_id,
            statement_key=check.statement_key,
            due=now,
        )
    elif check.correct and card.due > now:
        return
    card_rate(card, Rating.Good if check.correct else Rating.Again, now)
    try:
        with transaction.atomic():
            card.save()
    except IntegrityError:
        pass  # the same answer, stored twice at once


def review_questions(card: ReviewCard) -> list[Question]:
    """The live questions that can re-ask a point card: its own, and the others of its topic
    assessing a criterion the point evidences ("a different question on the same point")."""
    point = (
        MarkingPoint.objects.filter(question_id=card.question_id, key=card.point_key)
        .select_related("question")
        .prefetch_related("question__criteria")
        .first()
    )
    own = [card.question] if card.question.archived_at is None else []
    if point is None:
        return own
    others = (
        Question.objects.live()
        .filter(topic_id=card.topic_id, criteria__key__in=point.criterion_keys())
        .exclude(pk=card.question_id)
        .distinct()
        .order_by("position", "id")
    )
    return own + list(others)


def review_question(card: ReviewCard) -> Question | None:
    """The question to ask now: another one on the same criterion where there is one, a
    different one each time the card comes round; the card's own question otherwise."""
    questions = review_questions(card)
    if not questions:
        return None
    others = questions[1:] if len(questions) > 1 else questions
    return others[card.reviews % len(others)]


def answer_rating(card: ReviewCard, attempt: Attempt) -> Rating:
    """The rating the marker's verdicts give the card: on its own question, the point's verdict
    (earned: Good, missed: Again); on another question, that question's points evidencing the
    same criteria (all earned: Good, some: Hard, none: Again)."""
    verdicts = {p["key"]: bool(p.get("earned")) for p in attempt.result.get("points", [])}
    if attempt.question_id == card.question_id:
        return Rating.Good if verdicts.get(card.point_key) else Rating.Again
    wanted = set()
    own_point = MarkingPoint.objects.filter(
        question_id=card.question_id, key=card.point_key
    ).first()
    if own_point is not None:
        wanted = set(own_point.criterion_keys())
    points = MarkingPoint.objects.filter(question_id=attempt.question_id).prefetch_related(
        "question__criteria"
    )
    relevant = [verdicts.get(p.key, False) for p in points if wanted & set(p.criterion_keys())]
    if relevant and all(relevant):
        return Rating.Good
    if any(relevant):
        return Rating.Hard
    return Rating.Again


def card_review_answer(*, card: ReviewCard, attempt: Attempt, now: datetime | None = None) -> None:
    """Rate a point card from an answer given in a review. An answer to the card's own question
    was already applied when it was stored (cards_from_attempt); another question's is here."""
    if attempt.question_id == card.question_id:
        return
    now = now or timezone.now()
    rating = answer_rating(card, attempt)
    if rating != Rating.Again and card.due > now:
        return
    card_rate(card, rating, now)
    card.save()


def card_recall_rate(*, card: ReviewCard, rating: Rating, now: datetime | None = None) -> None:
    """The learner's own rating of a key-term card (Again, Hard, Good or Easy)."""
    card_rate(card, rating, now or timezone.now())
    card.save()


def terms_practise(*, session_key: str, topic: Topic, now: datetime | None = None) -> int:
    """Add the topic's key terms to the learner's reviews, both ways round, due at once.
    Returns how many cards are new (terms chosen before keep their schedule)."""
    now = now or timezone.now()
    made = 0
    for term in topic.key_terms.all():
        for reverse in (False, True):
            _, created = ReviewCard.objects.get_or_create(
                session_key=session_key,
                kind=ReviewCard.Kind.TERM,
                topic=topic,
                term=term.term,
                reverse=reverse,
                defaults={"due": now},
            )
            made += created
    return made


def terms_stop(*, session_key: str, topic: Topic) -> int:
    """Take the topic's key-term cards out of the learner's reviews (the learner's choice)."""
    deleted, _ = ReviewCard.objects.filter(
        session_key=session_key, kind=ReviewCard.Kind.TERM, topic=topic
    ).delete()
    return deleted


def cards_wipe(*, session_key: str) -> None:
    """Called with "Wipe my history": the cards and progress codes of the session go too."""
    ReviewCard.objects.filter(session_key=session_key).delete()
    ProgressCode.objects.filter(session_key=session_key).delete()


def cards_of_ended_sessions_delete() -> int:
    """Cards and progress codes of sessions that no longer exist (expired and cleared, so no
    browser can reach them): they hold nothing the learner wrote. Returns how many went."""
    live = Session.objects.values("session_key")
    cards, _ = ReviewCard.objects.exclude(session_key__in=live).delete()
    codes, _ = ProgressCode.objects.exclude(session_key__in=live).delete()
    return cards + codes


# --- progress codes ----------------------------------------------------------------------------

CODE_BYTES = 20  # 160 bits: a code cannot be guessed, whatever the rate limit


def _code_digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def code_normalise(text: str) -> str:
    """What a learner typed or scanned, as the code: case, spaces and dashes do not matter, and
    the digits people write for look-alike letters (0 for O, 1 for I, 8 for B) are read as them."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))


def code_display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def progress_code_make(*, session_key: str) -> str:
    """A new code for this session; any earlier code stops working. Only its digest is kept."""
    code = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().rstrip("=")
    with transaction.atomic():
        ProgressCode.objects.filter(session_key=session_key).delete()
        ProgressCode.objects.create(session_key=session_key, digest=_code_digest(code))
    return code


def progress_code_session(code: str) -> str | None:
    """The session a code opens, or None (never made, replaced, or wiped)."""
    return (
        ProgressCode.objects.filter(digest=_code_digest(code_normalise(code)))
        .values_list("session_key", flat=True)
        .first()
    )


def progress_move(*, from_key: str, into_key: str) -> None:
    """This device's own answers and cards join the progress it opened: nothing made here is
    lost. A card the other device already has keeps the other device's schedule."""
    if not from_key or from_key == into_key:
        return

    def identity(card: ReviewCard) -> tuple:
        return (
            card.kind,
            card.question_id,
            card.point_key,
            card.topic_id,
            card.term,
            card.reverse,
            card.statement_key,
        )

    with transaction.atomic():
        Attempt.objects.filter(session_key=from_key).update(session_key=into_key)
        theirs = {identity(card) for card in ReviewCard.objects.filter(session_key=into_key)}
        mine = list(ReviewCard.objects.filter(session_key=from_key))
        ReviewCard.objects.filter(
            pk__in=[card.pk for card in mine if identity(card) in theirs]
        ).delete()
        ReviewCard.objects.filter(session_key=from_key).update(session_key=into_key)


def progress_code_exists(*, session_key: str) -> bool:
    return bool(session_key) and ProgressCode.objects.filter(session_key=session_key).exists()


def code_qr_svg(url: str) -> str:
    """The link that fills in the code, as a QR code a phone's camera opens (inline SVG: no
    image request; dark on light whatever the page's colours, as scanners need)."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=4, dark="#000", light="#fff", title="QR code of your progress code")
