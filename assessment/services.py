"""The quiz's writes and reads: the bridge between the database and the pure marking engine.

Views call these; the engine (assessment.scoring) never sees a model, only the plain spec.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q

from assessment.content import content_example_words
from assessment.drawing import Answered, Candidate, draw
from assessment.models import Attempt, Challenge, CheckAnswer, MarkingPoint, Question
from assessment.progress import (
    CriterionMastery,
    DayMarks,
    Trend,
    criteria_mastery,
    marks_by_day,
    trend,
)
from assessment.scoring import ScoreResult, score_answer
from assessment.signals import progress_wiped
from assessment.spec import QuestionSpec, WrongIdeaSpec, point_spec, scoring_spec
from assessment.submissions import submission_digest
from topics.models import AssessmentCriterion, Topic


def question_queryset():
    """Questions with everything the marker needs, in a fixed number of queries."""
    return Question.objects.select_related("topic").prefetch_related(
        "criteria", "points", "wrong_ideas__misconception", "topic__misconceptions"
    )


def question_spec(question: Question) -> QuestionSpec:
    """The engine's view of a question, built from its rows (fetch it with question_queryset()).

    Not cached here: it is a frozen value, and what is costly to make from it (the compiled
    phrasings, scoring.question_matcher) is cached by that value, so an edit is seen at once."""
    command_word = question.command_word.lower()
    return QuestionSpec(
        key=question.key,
        prompt=question.prompt,
        command_word=command_word,
        max_marks=question.marks,
        points=tuple(
            point_spec(
                key=point.key,
                text=point.text,
                command_word=command_word,
                marks=point.marks,
                accept=point.accept,
                depth=point.depth,
                needs_example=point.needs_example,
                group=point.group,
                ideas=point.ideas,
                # the content format has no `at_least` without ideas
                at_least=point.at_least if point.ideas else 0,
                example_words=content_example_words(),
            )
            for point in question.points.all()
        ),
        wrong_ideas=tuple(
            WrongIdeaSpec(
                key=wrong.key,
                statement=wrong.statement
                or (wrong.misconception.statement if wrong.misconception else ""),
                correction=wrong.correction
                or (wrong.misconception.correction if wrong.misconception else ""),
                accept=tuple(map(str, wrong.accept)),
                contradicts=tuple(map(str, wrong.contradicts)),
            )
            for wrong in question.wrong_ideas.all()
        ),
        **scoring_spec(question.scoring_method, question.scoring_parameters),
    )


def answer_mark(*, question: Question, answer: str) -> ScoreResult:
    """Mark an answer exactly as a learner's would be marked, without storing anything."""
    return score_answer(question_spec(question), answer)


MARKS_CACHE_SECONDS = 24 * 60 * 60


def answers_marked(*, question: Question, answers: list[str]) -> list[int]:
    """The marker's mark for each answer, as answer_mark gives it, remembered per version of the
    question's content: a tutor's page lists every saved sample with its mark, and marking 1,200
    of them on each request took 29 s. Any edit of the question (or its topic's misconceptions)
    is a new version, so an old sample that now marks differently shows at once. The cache is the
    process's memory (a restart, as after an upgrade of the marker, starts afresh)."""
    spec = question_spec(question)
    # the spec's text stands for the version of the question's content (no sets in it: stable)
    version = hashlib.sha256(repr(spec).encode()).hexdigest()
    key = f"answer-marks:{question.pk}:{version}"
    known: dict[str, int] = cache.get(key) or {}

    def digest(answer: str) -> str:
        return hashlib.sha256(answer.encode()).hexdigest()

    missing = {digest(answer): answer for answer in answers if digest(answer) not in known}
    if missing:
        known.update({d: score_answer(spec, answer).mark for d, answer in missing.items()})
        cache.set(key, known, MARKS_CACHE_SECONDS)
    return [known[digest(answer)] for answer in answers]


def attempt_record(
    *, question: Question, session_key: str, answer: str, submission: str = ""
) -> Attempt:
    """Mark the answer and store the attempt against the learner's session, in one write.

    A post that repeats an earlier one (same form, same answer: a double click, or a browser
    resending after the reply was lost) gets the attempt already stored instead of a second one.
    """
    digest = submission_digest(submission, answer)
    if digest:
        earlier = Attempt.objects.filter(
            session_key=session_key, question=question, submission=digest
        ).first()
        if earlier is not None:
            return earlier
    result = answer_mark(question=question, answer=answer)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                session_key=session_key,
                question=question,
                answer=answer,
                mark=result.mark,
                max_marks=result.max_marks,
                result=dataclasses.asdict(result),
                submission=digest,
            )
    except IntegrityError:
        # the same submission, sent again while the first was being written
        return Attempt.objects.get(session_key=session_key, question=question, submission=digest)


def check_answer_record(
    *, session_key: str, topic: Topic, statement_key: str, statement_is_true: bool, chose_true: bool
) -> CheckAnswer:
    """A learner's true-or-false answer to one check, kept in their progress."""
    return CheckAnswer.objects.create(
        session_key=session_key,
        topic=topic,
        statement_key=statement_key,
        statement_is_true=statement_is_true,
        chose_true=chose_true,
        correct=chose_true == statement_is_true,
    )


class ChallengeQueueFull(Exception):
    """The question already has as many challenges waiting as tutors can be asked to read."""


def challenge_record(*, attempt: Attempt, point_key: str) -> Challenge:
    """A learner's "I think I earned this": once per point of an attempt, only for a missed point.

    A question takes at most CHALLENGES_PENDING_PER_QUESTION waiting challenges: a flood of
    anonymous challenges would otherwise bury the real ones and the tutor's page. Two learners
    challenging at the same moment may pass the cap by one or two; it bounds, it does not count.
    """
    missed = {p["key"] for p in attempt.result.get("points", []) if not p.get("earned")}
    if point_key not in missed:
        raise ValueError(f"{point_key!r} is not a missed point of this attempt")
    earlier = Challenge.objects.filter(attempt=attempt, point_key=point_key).first()
    if earlier is not None:
        return earlier
    waiting = Challenge.objects.filter(
        attempt__question_id=attempt.question_id, status=Challenge.Status.PENDING
    )
    if waiting.count() >= settings.CHALLENGES_PENDING_PER_QUESTION:
        raise ChallengeQueueFull
    try:
        with transaction.atomic():
            return Challenge.objects.create(attempt=attempt, point_key=point_key)
    except IntegrityError:
        return Challenge.objects.get(attempt=attempt, point_key=point_key)


def attempts_for_session(session_key: str | None, *, topic: Topic | None = None):
    """The learner's attempts on questions still on the site (those on archived questions are
    kept, but a learner's pages and counts leave them out, as they leave out the questions)."""
    attempts = Attempt.objects.filter(
        session_key=session_key or "",
        question__archived_at__isnull=True,
        question__topic__archived_at__isnull=True,
    ).select_related("question__topic")
    if topic is not None:
        attempts = attempts.filter(question__topic=topic)
    return attempts


def challenges_for_session(session_key: str | None) -> list[Challenge]:
    """The learner's challenges, newest first, each with `point_text`: what they challenged."""
    challenges = list(
        Challenge.objects.filter(attempt__session_key=session_key or "")
        .select_related("attempt__question__topic")
        .order_by("-created_at", "-id")
    )
    for challenge in challenges:
        challenge.point_text = next(
            (
                point.get("text", "")
                for point in challenge.attempt.result.get("points", [])
                if point.get("key") == challenge.point_key
            ),
            challenge.point_key,
        )
    return challenges


@dataclass(frozen=True)
class CheckScore:
    topic: Topic
    answered: int
    right: int


def check_scores_for_session(session_key: str | None) -> list[CheckScore]:
    """Per topic, how many true-or-false checks the learner answered, and how many rightly."""
    rows = (
        CheckAnswer.objects.filter(session_key=session_key or "", topic__archived_at__isnull=True)
        .values("topic")
        .annotate(answered=Count("pk"), right=Count("pk", filter=Q(correct=True)))
        .order_by()
    )
    counts = {row["topic"]: row for row in rows}
    topics = Topic.objects.filter(pk__in=counts).order_by("title")
    return [
        CheckScore(topic, counts[topic.pk]["answered"], counts[topic.pk]["right"])
        for topic in topics
    ]


@dataclass(frozen=True)
class Wiped:
    answers: int
    kept_as_samples: int
    checks: int = 0
    challenges: int = 0


def progress_wipe_preview(*, session_key: str | None) -> Wiped:
    """What progress_wipe would remove, for the page that asks to confirm it."""
    if not session_key:
        return Wiped(answers=0, kept_as_samples=0)
    challenges = Challenge.objects.filter(attempt__session_key=session_key)
    return Wiped(
        answers=Attempt.objects.filter(session_key=session_key).count(),
        kept_as_samples=challenges.exclude(status=Challenge.Status.PENDING).count(),
        checks=CheckAnswer.objects.filter(session_key=session_key).count(),
        challenges=challenges.count(),
    )


def progress_wipe(*, session_key: str | None) -> Wiped:
    """Delete every attempt of this learner's session, and the challenges made on them (the
    learner asked for both to go: Challenge.attempt is PROTECT so that nothing else deletes them
    by accident).

    A challenge a tutor decided was copied into a sample answer: that copy is the tutor's check on
    the marker, carries no session key (nothing links it to this browser), and cannot be told
    apart from the tutor's other samples, so it stays; the page and the message say so."""
    if not session_key:
        return Wiped(answers=0, kept_as_samples=0)
    attempts = Attempt.objects.filter(session_key=session_key)
    with transaction.atomic():
        challenges = Challenge.objects.filter(attempt__in=attempts)
        kept = challenges.exclude(status=Challenge.Status.PENDING).count()
        challenges_deleted, _ = challenges.delete()
        # the count of attempts alone: delete()'s total counts every row that went with them
        _, per_model = attempts.delete()
        _, checks = CheckAnswer.objects.filter(session_key=session_key).delete()
        progress_wiped.send(sender=Attempt, session_key=session_key)
    return Wiped(
        answers=per_model.get(Attempt._meta.label, 0),
        kept_as_samples=kept,
        checks=checks.get(CheckAnswer._meta.label, 0),
        challenges=challenges_deleted,
    )


@dataclass(frozen=True)
class Expired:
    answers: int
    kept_for_tutors: int
    checks: int = 0  # true-or-false answers


def attempts_expire(*, older_than: datetime, dry_run: bool = False) -> Expired:
    """Delete learners' anonymous attempts and check answers made before `older_than` (the
    retention period).

    An attempt a learner challenged stays, with its challenge: it is in a tutor's queue, or a
    tutor decided it (their decision and the sample made from it are tutors' records).
    The pending queue is capped per question, so what is kept stays small."""
    old = Attempt.objects.filter(created_at__lt=older_than)
    expiring = old.filter(challenges__isnull=True)
    kept = old.filter(challenges__isnull=False).distinct().count()
    old_checks = CheckAnswer.objects.filter(created_at__lt=older_than)
    if dry_run:
        return Expired(answers=expiring.count(), kept_for_tutors=kept, checks=old_checks.count())
    with transaction.atomic():
        # by primary key: a delete over a join is refused by some databases
        deleted, _ = Attempt.objects.filter(pk__in=expiring.values("pk")).delete()
        checks, _ = old_checks.delete()
    return Expired(answers=deleted, kept_for_tutors=kept, checks=checks)


@dataclass
class QuestionProgress:
    question: Question
    latest: Attempt | None = None
    best: Attempt | None = None
    attempts: int = 0
    never_earned: list[MarkingPoint] = field(default_factory=list)


RECENT_ANSWERS = 10  # the dated answers a topic's progress lists (the trend counts them all)


@dataclass
class TopicProgress:
    topic: Topic
    questions: list[QuestionProgress]
    missed_counts: Counter
    recent: list[Attempt] = field(default_factory=list)
    answers: int = 0
    days: list[DayMarks] = field(default_factory=list)
    mastery: list[CriterionMastery] = field(default_factory=list)

    @property
    def trend(self) -> Trend:
        return trend(self.days)

    @property
    def shown_criteria(self) -> int:
        return sum(row.level == "secure" for row in self.mastery)

    @property
    def earlier_answers(self) -> int:
        return self.answers - len(self.recent)

    @property
    def attempted(self) -> list[QuestionProgress]:
        return [q for q in self.questions if q.attempts]

    @property
    def latest_total(self) -> int:
        return sum(q.latest.mark for q in self.attempted)

    @property
    def best_total(self) -> int:
        return sum(q.best.mark for q in self.attempted)

    @property
    def max_total(self) -> int:
        return sum(q.question.marks for q in self.attempted)

    def most_missed(self, limit: int = 5) -> list[tuple[MarkingPoint, int]]:
        points = {
            (qp.question.pk, point.key): point
            for qp in self.questions
            for point in qp.question.points.all()
        }
        return [
            (points[key], count) for key, count in self.missed_counts.most_common() if key in points
        ][:limit]


def topic_progress(
    *,
    topic: Topic,
    questions: list[Question],
    attempts: list[Attempt],
    criteria: list[AssessmentCriterion] | None = None,
) -> TopicProgress:
    """Best and latest mark per question, points never earned, how often each point was missed,
    the latest answers with their dates, marks by day, and (given the topic's criteria) how far
    each criterion is shown."""
    by_question: dict[int, QuestionProgress] = {
        q.pk: QuestionProgress(question=q) for q in questions
    }
    earned_ever: set[tuple[int, str]] = set()
    missed: Counter = Counter()
    for attempt in sorted(attempts, key=lambda a: (a.created_at, a.pk)):
        progress = by_question.get(attempt.question_id)
        if progress is None:
            continue
        progress.attempts += 1
        progress.latest = attempt
        if progress.best is None or attempt.mark > progress.best.mark:
            progress.best = attempt
        for point in attempt.result.get("points", []):
            key = (attempt.question_id, point["key"])
            if point.get("earned"):
                earned_ever.add(key)
            else:
                missed[key] += 1
    for progress in by_question.values():
        if progress.attempts:
            progress.never_earned = [
                point
                for point in progress.question.points.all()
                if (progress.question.pk, point.key) not in earned_ever
            ]
    counted = [attempt for attempt in attempts if attempt.question_id in by_question]
    newest_first = sorted(counted, key=lambda a: (a.created_at, a.pk), reverse=True)
    return TopicProgress(
        topic=topic,
        questions=list(by_question.values()),
        missed_counts=missed,
        recent=newest_first[:RECENT_ANSWERS],
        answers=len(counted),
        days=marks_by_day(counted),
        mastery=criteria_mastery(criteria=criteria, questions=questions, attempts=counted)
        if criteria is not None
        else [],
    )


def progress_for_session(session_key: str | None) -> list[TopicProgress]:
    """The progress of every live topic the learner answered, alphabetical; a fixed number of
    queries however many answers."""
    # no question or topic built per answer (1,000 answers made 3,000 model instances): each
    # answer is given its question from the questions read once below
    attempts = list(
        attempts_for_session(session_key)
        .select_related(None)
        .defer("answer")
        .annotate(topic_ref=models.F("question__topic_id"))
    )
    topic_ids = {attempt.topic_ref for attempt in attempts}
    if not topic_ids:
        return []
    questions_by_topic: dict[int, list[Question]] = {}
    questions_by_id: dict[int, Question] = {}
    for question in question_queryset().live().filter(topic_id__in=topic_ids).order_by("position"):
        questions_by_topic.setdefault(question.topic_id, []).append(question)
        questions_by_id[question.pk] = question
    attempts_by_topic: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        if attempt.question_id in questions_by_id:
            attempt.question = questions_by_id[attempt.question_id]
            attempts_by_topic.setdefault(attempt.topic_ref, []).append(attempt)
    topics = (
        Topic.objects.live()
        .filter(pk__in=topic_ids)
        .prefetch_related("assessment_criteria")
        .order_by("title")
    )
    return [
        topic_progress(
            topic=topic,
            questions=questions_by_topic.get(topic.pk, []),
            attempts=attempts_by_topic.get(topic.pk, []),
            criteria=list(topic.assessment_criteria.all()),
        )
        for topic in topics
    ]


# --- a quiz round ----------------------------------------------------------------------------


def quiz_round(
    *, topic: Topic, questions: list[Question], session_key: str | None, stored: dict | None
) -> tuple[list[Question], dict]:
    """The questions of the learner's current round of a topic's quiz, and the round to keep in
    their session ({"seed", "ids"}). A round kept in the session is asked as it was drawn, so its
    numbering holds while the learner answers; one whose questions left the site is drawn again,
    with the same seed."""
    by_id = {question.pk: question for question in questions}
    if stored and stored.get("ids") and all(i in by_id for i in stored["ids"]):
        return [by_id[i] for i in stored["ids"]], stored
    seed = stored["seed"] if stored and isinstance(stored.get("seed"), int) else 0
    latest: dict[int, Answered] = {}
    for attempt in attempts_for_session(session_key, topic=topic).order_by("created_at", "pk"):
        latest[attempt.question_id] = Answered(
            full_marks=attempt.mark >= attempt.max_marks, at=attempt.created_at
        )
    candidates = [
        Candidate(
            question.pk,
            frozenset(criterion.key for criterion in question.criteria.all()),
            question.command_word,
        )
        for question in questions
    ]
    ids = draw(candidates, latest, size=settings.QUIZ_ROUND_QUESTIONS, seed=seed)
    ordered = sorted(ids, key=lambda i: (by_id[i].position, i))  # asked in the topic's order
    return [by_id[i] for i in ordered], {"seed": seed, "ids": ordered}
