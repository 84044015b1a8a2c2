"""Tutors' checks on the marker: sample answers, learners' challenges, and how learners fare.

The admin's question page reads and writes through these; the marking itself is the quiz's
(`services.answer_mark`), so a tutor sees exactly what a learner would.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from assessment.feedback import verdict_context
from assessment.models import Challenge, Question, SampleAnswer
from assessment.scoring import ScoreResult
from assessment.services import answers_marked

MOST_MISSED_SAMPLE = 2000  # the latest attempts looked at for "most often missed"


def verdicts_context(*, question: Question, answer: str, result: ScoreResult) -> dict:
    """What the learner's feedback shows, from a result that was not stored as an attempt."""
    return verdict_context(question=question, answer=answer, result=dataclasses.asdict(result))


@dataclass
class MarkedSample:
    sample: SampleAnswer
    marker_mark: int

    @property
    def agrees(self) -> bool:
        return self.marker_mark == self.sample.expected_mark


def samples_marked(question: Question) -> tuple[list[MarkedSample], float | None]:
    """Every saved sample with the marker's mark now, and the share on which the two agree."""
    samples = list(question.samples.all())
    marks = answers_marked(question=question, answers=[sample.answer for sample in samples])
    marked = [MarkedSample(sample, mark) for sample, mark in zip(samples, marks, strict=True)]
    agreement = sum(entry.agrees for entry in marked) / len(marked) if marked else None
    return marked, agreement


def sample_answer_save(
    *, question: Question, answer: str, expected_mark: int, note: str = ""
) -> SampleAnswer:
    if not 0 <= expected_mark <= question.marks:
        raise ValueError(f"the expected mark must be between 0 and {question.marks}")
    return SampleAnswer.objects.create(
        question=question, answer=answer, expected_mark=expected_mark, note=note
    )


def challenge_suggested_mark(challenge: Challenge) -> int:
    """The attempt's mark with the challenged point's marks added, up to the maximum."""
    attempt = challenge.attempt
    point = next(
        (p for p in attempt.result.get("points", []) if p.get("key") == challenge.point_key), {}
    )
    return min(attempt.max_marks, attempt.mark + int(point.get("marks_available", 1)))


def challenge_resolve(
    *,
    challenge: Challenge,
    accepted: bool,
    user: AbstractBaseUser | None,
    mark: int | None = None,
) -> SampleAnswer:
    """Accept or reject a learner's challenge. Either way the answer becomes a saved sample with
    the tutor's mark (by default the marker's mark plus the point if accepted, the marker's mark
    if rejected), so the marker is checked against real answers from then on."""
    attempt = challenge.attempt
    if mark is None:
        mark = challenge_suggested_mark(challenge) if accepted else attempt.mark
    if not 0 <= mark <= attempt.question.marks:
        raise ValueError(f"the mark must be between 0 and {attempt.question.marks}")
    if challenge.status != Challenge.Status.PENDING:
        raise ValueError("this challenge has already been decided")
    with transaction.atomic():
        challenge.status = Challenge.Status.ACCEPTED if accepted else Challenge.Status.REJECTED
        challenge.resolved_at = timezone.now()
        challenge.resolved_by = user
        challenge.save(update_fields=["status", "resolved_at", "resolved_by"])
        return SampleAnswer.objects.create(
            question=attempt.question,
            answer=attempt.answer,
            expected_mark=mark,
            source=SampleAnswer.Source.CHALLENGE,
            note=f"Challenge {challenge.get_status_display().lower()}: {challenge.point_key}",
        )


def pending_challenges(question: Question):
    return (
        Challenge.objects.filter(attempt__question=question, status=Challenge.Status.PENDING)
        .select_related("attempt")
        .order_by("created_at", "id")
    )


def question_analytics(question: Question) -> dict:
    """Aggregates only: how many attempts, the average mark, and the points most often missed
    (counted over the latest attempts' stored verdicts, not their text)."""
    totals = question.attempts.aggregate(count=Count("id"), average=Avg("mark"))
    missed: Counter = Counter()
    results = question.attempts.order_by("-created_at").values_list("result", flat=True)
    for result in results[:MOST_MISSED_SAMPLE]:
        for point in result.get("points", []):
            if not point.get("earned"):
                missed[point.get("key")] += 1
    texts = {point.key: point.text for point in question.points.all()}
    return {
        "attempt_count": totals["count"],
        "average_mark": totals["average"],
        "most_missed": [
            (
                texts.get(key, key),
                count,
                round(100 * count / min(totals["count"], MOST_MISSED_SAMPLE)),
            )
            for key, count in missed.most_common(5)
        ],
    }
