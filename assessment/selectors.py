"""Reads for tutors' pages: learners' figures per question, each a fixed number of queries.

Every figure is a correlated subquery over one table, never an aggregate over a join: averaging
`attempts__mark` over a join that also reached the challenges counted an attempt once per
challenge on it, so a challenged attempt weighed two or three times in "How learners do".
"""

from __future__ import annotations

from django.db.models import (
    Avg,
    Count,
    FloatField,
    IntegerField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from assessment.models import Attempt, Challenge, Question


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
