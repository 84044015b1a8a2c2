"""A learner's progress over time, from their stored attempts: marks by day (the trend) and how
far each assessment criterion is shown (from the marking points that evidence it).

Plain functions over lists already fetched, so a page's queries do not grow with its attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from assessment.models import Attempt, Question
from topics.models import AssessmentCriterion


@dataclass(frozen=True)
class DayMarks:
    day: date
    marks: int
    max_marks: int
    answers: int

    @property
    def percent(self) -> int:
        return round(100 * self.marks / self.max_marks) if self.max_marks else 0


def marks_by_day(attempts: list[Attempt]) -> list[DayMarks]:
    """The share of marks earned on each day the learner answered (their local day), oldest first."""
    days: dict[date, list[int]] = {}
    for attempt in attempts:
        totals = days.setdefault(timezone.localdate(attempt.created_at), [0, 0, 0])
        totals[0] += attempt.mark
        totals[1] += attempt.max_marks
        totals[2] += 1
    return [DayMarks(day, *totals) for day, totals in sorted(days.items())]


@dataclass(frozen=True)
class Trend:
    """The last days' marks as a line a learner can read, and the words that say the same."""

    days: list[DayMarks]
    width: int = 320
    height: int = 120

    @property
    def points(self) -> list[tuple[float, float, DayMarks]]:
        if not self.days:
            return []
        step = (self.width - 50) / max(len(self.days) - 1, 1)
        return [
            (40 + i * step, 10 + (self.height - 20) * (1 - day.percent / 100), day)
            for i, day in enumerate(self.days)
        ]

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)

    @property
    def summary(self) -> str:
        if not self.days:
            return "No answers yet."
        first, last = self.days[0], self.days[-1]
        if len(self.days) == 1:
            return f"{last.percent}% of the marks on {_day(last.day)}."
        change = last.percent - first.percent
        direction = "up" if change > 0 else "down" if change < 0 else "level"
        return (
            f"{first.percent}% on {_day(first.day)}, {last.percent}% on {_day(last.day)}: "
            + (f"{direction} {abs(change)} percentage points" if change else "level")
            + f", over {len(self.days)} days of answers."
        )


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


TREND_DAYS = 14  # the latest days with answers the chart shows; the table below it has them all


def trend(days: list[DayMarks]) -> Trend:
    return Trend(days=days[-TREND_DAYS:])


@dataclass(frozen=True)
class CriterionMastery:
    criterion: AssessmentCriterion
    points: int  # marking points that evidence it, in the topic's live questions
    tried: int  # of those, points the learner has been marked on
    earned: int  # of those, points their latest answer earned

    @property
    def level(self) -> str:
        if not self.tried:
            return "untried"
        share = self.earned / self.points
        return "secure" if share >= 0.8 else "partly" if share >= 0.4 else "not-yet"

    @property
    def label(self) -> str:
        return {
            "untried": "Not tried yet",
            "not-yet": "Not shown yet",
            "partly": "Partly shown",
            "secure": "Shown",
        }[self.level]

    @property
    def share(self) -> float:
        return self.earned / self.points if self.points else 0.0


def criteria_mastery(
    *,
    criteria: list[AssessmentCriterion],
    questions: list[Question],
    attempts: list[Attempt],
) -> list[CriterionMastery]:
    """Each criterion with the marking points linked to it and how many of them the learner's
    latest answers earned (a point counts by its latest verdict: earned once, then missed, is
    not shown yet)."""
    latest: dict[tuple[int, str], bool] = {}
    for attempt in sorted(attempts, key=lambda a: (a.created_at, a.pk)):
        for point in attempt.result.get("points", []):
            latest[(attempt.question_id, point["key"])] = bool(point.get("earned"))
    linked: dict[str, list[tuple[int, str]]] = {c.key: [] for c in criteria}
    for question in questions:
        for point in question.points.all():
            for key in point.criterion_keys():
                if key in linked:
                    linked[key].append((question.pk, point.key))
    return [
        CriterionMastery(
            criterion=criterion,
            points=len(linked[criterion.key]),
            tried=sum(point in latest for point in linked[criterion.key]),
            earned=sum(latest.get(point, False) for point in linked[criterion.key]),
        )
        for criterion in criteria
    ]
