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
from django.utils import timezone

from assessment.feedback import verdict_context
from assessment.models import Challenge, Question, SampleAnswer
from assessment.phrasing import phrasing_error
from assessment.scoring import ScoreResult
from assessment.selectors import question_figures
from assessment.services import answers_marked, answers_verdicts
from assessment.text import tokenize

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
    totals = question_figures(question)
    missed: Counter = Counter()
    results = question.attempts.order_by("-created_at").values_list("result", flat=True)
    for result in results[:MOST_MISSED_SAMPLE]:
        for point in result.get("points", []):
            if not point.get("earned"):
                missed[point.get("key")] += 1
    texts = {point.key: point.text for point in question.points.all()}
    return {
        "attempt_count": totals["attempt_count"],
        "average_mark": totals["average_mark"],
        "most_missed": [
            (
                texts.get(key, key),
                count,
                round(100 * count / min(totals["attempt_count"], MOST_MISSED_SAMPLE)),
            )
            for key, count in missed.most_common(5)
        ],
    }


# --- phrasings suggested from real answers -----------------------------------------------------

SUGGESTION_WORDS = 4  # a phrasing's words: every one must be in a learner's sentence to earn
SAMPLES_LOOKED_AT = 50  # the latest tutor samples read for suggestions


@dataclass(frozen=True)
class PhrasingSuggestion:
    point_key: str
    point_text: str
    phrasing: str
    answer: str  # the real answer it came from
    source: str  # "an accepted challenge" | "a sample you marked higher"


def _phrasing_from(answer: str, point_text: str, prompt: str) -> str:
    """The words of the answer's sentence closest to the point, less the prompt's and the
    grammar words: what a phrasing would ask a learner's sentence to hold."""
    point_stems = {token.stem for token in tokenize(point_text) if not token.is_stop}
    prompt_stems = {token.stem for token in tokenize(prompt)}
    sentences: dict[int, list] = {}
    for token in tokenize(answer):
        sentences.setdefault(token.sentence, []).append(token)
    if not sentences:
        return ""
    best = max(
        sentences.values(),
        key=lambda tokens: sum(token.stem in point_stems for token in tokens),
    )
    words = [
        token.word
        for token in best
        if not token.is_stop and not token.is_negator and token.stem not in prompt_stems
    ]
    return " ".join(dict.fromkeys(words[:SUGGESTION_WORDS]))


def phrasing_suggestions(question: Question) -> list[PhrasingSuggestion]:
    """Phrasings to consider, each from a real answer the marker under-marked: a learner's
    challenge a tutor accepted (for its point), or a tutor's saved sample marked higher than the
    marker gives it where exactly one point was missed. Ones the point already has, or the
    marker could not read, are left out."""
    points = {point.key: point for point in question.points.all()}
    candidates: list[tuple[str, str, str]] = [
        (challenge.point_key, challenge.attempt.answer, "an accepted challenge")
        for challenge in Challenge.objects.filter(
            attempt__question=question, status=Challenge.Status.ACCEPTED
        ).select_related("attempt")
    ]
    samples = list(
        question.samples.filter(source=SampleAnswer.Source.TUTOR).order_by("-created_at")[
            :SAMPLES_LOOKED_AT
        ]
    )
    verdicts = answers_verdicts(question=question, answers=[s.answer for s in samples])
    for sample, (mark, missed) in zip(samples, verdicts, strict=True):
        if sample.expected_mark > mark and len(missed) == 1:
            candidates.append((missed[0], sample.answer, "a sample you marked higher"))
    suggestions, seen = [], set()
    for key, answer, source in candidates:
        point = points.get(key)
        if point is None:
            continue
        phrasing = _phrasing_from(answer, point.text, question.prompt)
        if not phrasing or phrasing in point.accept or phrasing_error(phrasing):
            continue
        if (key, phrasing) not in seen:
            seen.add((key, phrasing))
            suggestions.append(PhrasingSuggestion(key, point.text, phrasing, answer, source))
    return suggestions


@dataclass(frozen=True)
class SampleChange:
    sample: SampleAnswer
    before: int
    after: int


def phrasing_accept(
    *, question: Question, point_key: str, phrasing: str, user: AbstractBaseUser | None
) -> list[SampleChange]:
    """Add the phrasing to the point (kept in its history, with who added it), and re-mark every
    saved sample at once: returns the samples whose marker's mark changed."""
    problem = phrasing_error(phrasing)
    if problem:
        raise ValueError(problem)
    point = question.points.get(key=point_key)
    samples = list(question.samples.all())
    answers = [sample.answer for sample in samples]
    before = answers_marked(question=question, answers=answers)
    if phrasing not in point.accept:
        point.accept = [*point.accept, phrasing]
        point._history_user = user
        point._change_reason = "Accepted a suggested phrasing"
        point.save()
    question = Question.objects.prefetch_related("points", "wrong_ideas").get(pk=question.pk)
    after = answers_marked(question=question, answers=answers)
    return [
        SampleChange(sample, old, new)
        for sample, old, new in zip(samples, before, after, strict=True)
        if old != new
    ]
