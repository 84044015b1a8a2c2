"""Keep the search index and the page cache in step with every change to content.

A tutor's save in the admin re-indexes that topic and bumps the content generation once the
transaction commits. The importer writes many rows at once: it turns these signals off with
`content_signals_paused()` and re-indexes each topic it wrote itself.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from topics import models
from topics.search import search_index_topic

CONTENT_MODELS = (
    models.Topic,
    models.LearningOutcome,
    models.AssessmentCriterion,
    models.KeyConcept,
    models.Tip,
    models.Mistake,
    models.Misconception,
    models.Prerequisite,
    models.KeyTerm,
    models.Qualification,
    models.AwardingBody,
)
_paused: ContextVar[bool] = ContextVar("content_signals_paused", default=False)


@contextlib.contextmanager
def content_signals_paused() -> Iterator[None]:
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def topics_reindex(topic_ids: set[int]) -> None:
    for topic in models.Topic.objects.with_parts().filter(pk__in=topic_ids):
        search_index_topic(topic)
    models.ContentVersion.bump()


@receiver(post_save)
@receiver(post_delete)
def on_content_change(sender, instance, **kwargs) -> None:
    if sender not in CONTENT_MODELS or kwargs.get("raw") or _paused.get():
        return
    topic_id = instance.pk if sender is models.Topic else getattr(instance, "topic_id", None)
    deleted_topic = sender is models.Topic and "created" not in kwargs
    topic_ids = set() if deleted_topic or topic_id is None else {topic_id}
    transaction.on_commit(lambda: topics_reindex(topic_ids))


STAFF_SESSION_SECONDS = 8 * 60 * 60


def staff_session_expiry(sender, request, user, **kwargs) -> None:
    """Staff sessions end after a working day and when the browser closes; learners' anonymous
    sessions keep their long life (they hold only quiz progress)."""
    if user.is_staff:
        request.session.set_expiry(STAFF_SESSION_SECONDS)
