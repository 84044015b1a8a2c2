"""Reads for tutors' pages: learners' figures per question, each a fixed number of queries.

Every figure is a correlated subquery over one table, never an aggregate over a join: averaging
`attempts__mark` over a join that also reached the challenges counted an attempt once per
challenge on it, so a challenged attempt weighed two or three times in "How learners do".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Avg,
    Count,
    FloatField,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from assessment.models import Attempt, Challenge, Question
from topics.models import Topic


def _per_question(model: type[Model], path: str, aggregate, output_field, **only: object):
    rows = (
        model.objects.filter(**{path: OuterRef("pk")}, **only)
        .order_by()
        .values(path)
        .annotate(value=aggregate)
        .values("value")
    )
    return Subquery(rows, output_field=output_field)


def questions_with_figures(questions: QuerySet[Question] | None = None) -> QuerySet[Question]:
    """Questions with `attempt_total`, `mark_average` (None before any attempt) and
    `challenges_waiting`, and the topic and awarding body their list shows."""
    questions = Question.objects.all() if questions is None else questions
    return questions.select_related("topic__qualification__awarding_body").annotate(
        attempt_total=Coalesce(_per_question(Attempt, "question", Count("pk"), IntegerField()), 0),
        mark_average=_per_question(Attempt, "question", Avg("mark"), FloatField()),
        challenges_waiting=Coalesce(
            _per_question(
                Challenge,
                "attempt__question",
                Count("pk"),
                IntegerField(),
                status=Challenge.Status.PENDING,
            ),
            0,
        ),
    )


def question_figures(question: Question) -> dict:
    """One question's attempt count and average mark, over its attempts only."""
    return question.attempts.order_by().aggregate(
        attempt_count=Count("pk"), average_mark=Avg("mark")
    )


# --- the centre view: what learners miss, over a period --------------------------------------


@dataclass
class CentreRow:
    """One line of the centre view: how often something happened out of how many chances."""

    topic: str
    subject: str
    count: int = 0
    out_of: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.out_of) if self.out_of else 0


@dataclass
class CentreReport:
    attempts: int
    criteria: list[CentreRow]  # criteria missed most: points missed out of points asked
    points: list[CentreRow]  # marking points missed most: attempts missing it out of attempts
    wrong_ideas: list[CentreRow]  # wrong ideas held: attempts asserting it out of the topic's
    decided: int  # challenges tutors decided in the period
    upheld: int  # of which the marker's verdict stood (rejected)
    overturned: list[CentreRow]  # points whose challenges were accepted, out of decided

    @property
    def agreement_percent(self) -> int | None:
        return round(100 * self.upheld / self.decided) if self.decided else None


def _most(rows: dict, limit: int) -> list[CentreRow]:
    ranked = sorted(rows.values(), key=lambda row: (-row.percent, -row.count, row.subject))
    return [row for row in ranked if row.count][:limit]


def centre_report(
    *, since: date, until: date, topic: Topic | None = None, limit: int = 20
) -> CentreReport:
    """Learners' attempts and tutors' challenge decisions over a period (the days from `since`
    to `until`, both included), for one topic or all: a fixed number of queries however many
    attempts there are (their stored verdicts are read once, as values)."""
    attempts = Attempt.objects.filter(created_at__date__gte=since, created_at__date__lte=until)
    decisions = Challenge.objects.filter(
        resolved_at__date__gte=since,
        resolved_at__date__lte=until,
        status__in=[Challenge.Status.ACCEPTED, Challenge.Status.REJECTED],
    )
    if topic is not None:
        attempts = attempts.filter(question__topic=topic)
        decisions = decisions.filter(attempt__question__topic=topic)
    questions = {
        question.pk: question
        for question in Question.objects.filter(
            Q(pk__in=attempts.values("question_id"))
            | Q(pk__in=decisions.values("attempt__question_id"))
        )
        .select_related("topic")
        .prefetch_related("points", "criteria")
    }
    criteria: dict = {}
    points: dict = {}
    wrong_ideas: dict = {}
    per_topic: Counter = Counter()
    count = 0
    for question_id, result in attempts.values_list("question_id", "result").iterator(2000):
        question = questions[question_id]
        title = question.topic.title
        count += 1
        per_topic[title] += 1
        texts = {point.key: point.text for point in question.points.all()}
        verdicts = result.get("points", [])
        missed = sum(1 for verdict in verdicts if not verdict.get("earned"))
        for verdict in verdicts:
            key = verdict.get("key")
            row = points.setdefault(
                (question_id, key), CentreRow(title, texts.get(key, verdict.get("text", key)))
            )
            row.out_of += 1
            row.count += not verdict.get("earned")
        for criterion in question.criteria.all():
            row = criteria.setdefault(criterion.pk, CentreRow(title, str(criterion)))
            row.out_of += len(verdicts)
            row.count += missed
        for wrong in result.get("wrong_ideas", []):
            row = wrong_ideas.setdefault((title, wrong.get("key")), CentreRow(title, ""))
            row.subject = wrong.get("statement") or wrong.get("key", "")
            row.count += 1
    for (title, _), row in wrong_ideas.items():
        row.out_of = per_topic[title]
    decided = upheld = 0
    overturned: dict = {}
    for question_id, key, status in decisions.values_list(
        "attempt__question_id", "point_key", "status"
    ):
        question = questions[question_id]
        texts = {point.key: point.text for point in question.points.all()}
        row = overturned.setdefault(
            (question_id, key), CentreRow(question.topic.title, texts.get(key, key))
        )
        row.out_of += 1
        decided += 1
        if status == Challenge.Status.ACCEPTED:
            row.count += 1
        else:
            upheld += 1
    return CentreReport(
        attempts=count,
        criteria=_most(criteria, limit),
        points=_most(points, limit),
        wrong_ideas=_most(wrong_ideas, limit),
        decided=decided,
        upheld=upheld,
        overturned=_most(overturned, limit),
    )
