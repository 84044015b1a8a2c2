"""What the home and topic pages show of one learner: reviews due, marks at a glance, what each
criterion shows, and the one thing to do next. Computed once per request (a fixed number of
queries, whatever the number of topics on the page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from assessment.progress import CriterionMastery
from assessment.services import TopicProgress, progress_for_session
from practice.models import ReviewCard
from practice.selectors import DueSummary, due_summary
from topics.caching import has_session


@dataclass
class Suggestion:
    kind: str  # "review" | "criterion"
    due: int = 0
    mastery: CriterionMastery | None = None
    progress: TopicProgress | None = None


@dataclass
class LearnerSnapshot:
    summary: DueSummary
    topics: dict[int, TopicProgress] = field(default_factory=dict)
    due_by_topic: dict[int, int] = field(default_factory=dict)

    @property
    def suggestion(self) -> Suggestion | None:
        """The due review first (FSRS chose its moment); else the weakest criterion tried."""
        if self.summary.due:
            return Suggestion(kind="review", due=self.summary.due)
        tried = [
            (row, progress)
            for progress in self.topics.values()
            for row in progress.mastery
            if row.tried and row.level != "secure"
        ]
        if not tried:
            return None
        row, progress = min(tried, key=lambda pair: (pair[0].share, -pair[0].points))
        return Suggestion(kind="criterion", mastery=row, progress=progress)


def learner_snapshot(request: HttpRequest) -> LearnerSnapshot | None:
    """The learner's snapshot, once per request; None for a browser without a session."""
    if not has_session(request) or not request.session.session_key:
        return None
    cached = getattr(request, "_learner_snapshot", None)
    if cached is not None:
        return cached
    session_key = request.session.session_key
    now = timezone.now()
    due_by_topic = dict(
        ReviewCard.objects.for_session(session_key)
        .values("topic_id")
        .annotate(due_now=Count("pk", filter=Q(due__lte=now)))
        .values_list("topic_id", "due_now")
    )
    snapshot = LearnerSnapshot(
        summary=due_summary(session_key, now),
        topics={p.topic.pk: p for p in progress_for_session(session_key)},
        due_by_topic=due_by_topic,
    )
    request._learner_snapshot = snapshot
    return snapshot
