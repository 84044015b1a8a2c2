"""Compare the engine's marks with a human marker's: plain functions, no Django."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


def exact_agreement(human: Sequence[int], engine: Sequence[int]) -> float:
    if not human:
        return 0.0
    return sum(h == e for h, e in zip(human, engine, strict=True)) / len(human)


def quadratic_weighted_kappa(
    human: Sequence[int], engine: Sequence[int], *, max_mark: int | None = None
) -> float:
    """Cohen's kappa with quadratic weights, as used to compare automated and human marking.

    1.0 is perfect agreement, 0 is what chance would give. Marks run from 0 to `max_mark`.
    """
    if not human:
        return 0.0
    top = max_mark if max_mark is not None else max(max(human), max(engine))
    size = top + 1
    observed = [[0.0] * size for _ in range(size)]
    for h, e in zip(human, engine, strict=True):
        observed[h][e] += 1
    human_counts = Counter(human)
    engine_counts = Counter(engine)
    total = len(human)
    numerator = denominator = 0.0
    for i in range(size):
        for j in range(size):
            weight = (i - j) ** 2 / (size - 1) ** 2 if size > 1 else 0.0
            expected = human_counts[i] * engine_counts[j] / total
            numerator += weight * observed[i][j]
            denominator += weight * expected
    if denominator == 0:
        return 1.0 if numerator == 0 else 0.0
    return 1.0 - numerator / denominator


@dataclass
class PointStats:
    true_positive: int = 0
    false_positive: int = 0
    true_negative: int = 0
    false_negative: int = 0

    def add(self, human: bool, engine: bool) -> None:
        if human and engine:
            self.true_positive += 1
        elif engine:
            self.false_positive += 1
        elif human:
            self.false_negative += 1
        else:
            self.true_negative += 1

    @property
    def total(self) -> int:
        return self.true_positive + self.false_positive + self.true_negative + self.false_negative

    @property
    def accuracy(self) -> float:
        return (self.true_positive + self.true_negative) / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall: 2TP / (2TP + FP + FN)."""
        found = 2 * self.true_positive + self.false_positive + self.false_negative
        return 2 * self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positive + self.false_negative
        return self.true_positive / actual if actual else 1.0


@dataclass
class Judgement:
    """One answer as marked by a human and by the engine."""

    question: str
    answer: str
    human_mark: int
    engine_mark: int
    max_marks: int
    human_points: dict[str, bool] = field(default_factory=dict)
    engine_points: dict[str, bool] = field(default_factory=dict)


@dataclass
class Evaluation:
    count: int
    exact: float
    within_one: float
    qwk: float
    points: PointStats
    per_question_qwk: dict[str, float]
    disagreements: list[Judgement]
    per_point: dict[str, PointStats] = field(default_factory=dict)


def point_stats(judgements: Sequence[Judgement]) -> dict[str, PointStats]:
    """Accuracy, precision and recall of each marking point, keyed `<question> <point>`, over the
    answers a human judged point by point."""
    stats: dict[str, PointStats] = {}
    for judgement in judgements:
        for key, human_verdict in judgement.human_points.items():
            stats.setdefault(f"{judgement.question} {key}", PointStats()).add(
                human_verdict, judgement.engine_points.get(key, False)
            )
    return dict(sorted(stats.items()))


def largest_disagreements(judgements: Sequence[Judgement], *, worst: int = 10) -> list[Judgement]:
    """The answers marked most differently, as a share of their question's maximum, then by the
    number of points the two markers judged differently; ties keep the input order."""

    def gap(judgement: Judgement) -> tuple[float, int]:
        share = abs(judgement.human_mark - judgement.engine_mark) / max(judgement.max_marks, 1)
        points = sum(
            verdict != judgement.engine_points.get(key, False)
            for key, verdict in judgement.human_points.items()
        )
        return share, points

    differing = [j for j in judgements if j.human_mark != j.engine_mark or gap(j)[1]]
    return sorted(differing, key=gap, reverse=True)[:worst]


def evaluate(judgements: Sequence[Judgement], *, worst: int = 10) -> Evaluation:
    """Agreement over all answers. The pooled kappa treats marks on one scale of 0 to the largest
    maximum; per-question kappas use each question's own maximum."""
    human = [j.human_mark for j in judgements]
    engine = [j.engine_mark for j in judgements]
    top = max((j.max_marks for j in judgements), default=0)
    per_point = point_stats(judgements)
    pooled = PointStats()
    for stats in per_point.values():
        pooled.true_positive += stats.true_positive
        pooled.false_positive += stats.false_positive
        pooled.true_negative += stats.true_negative
        pooled.false_negative += stats.false_negative
    by_question: dict[str, list[Judgement]] = {}
    for judgement in judgements:
        by_question.setdefault(judgement.question, []).append(judgement)
    per_question = {
        key: quadratic_weighted_kappa(
            [j.human_mark for j in group],
            [j.engine_mark for j in group],
            max_mark=group[0].max_marks,
        )
        for key, group in sorted(by_question.items())
    }
    return Evaluation(
        count=len(judgements),
        exact=exact_agreement(human, engine),
        within_one=sum(abs(h - e) <= 1 for h, e in zip(human, engine, strict=True)) / len(human)
        if human
        else 0.0,
        qwk=quadratic_weighted_kappa(human, engine, max_mark=top),
        points=pooled,
        per_question_qwk=per_question,
        disagreements=largest_disagreements(judgements, worst=worst),
        per_point=per_point,
    )
