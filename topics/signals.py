"""Keep the search index and the page cache in step with every change to content.

A tutor's save in the admin re-indexes that topic and bumps the content generation once the
transaction commits. The importer writes many rows at once: it turns these signals off with
`content_signals_paused()` and re-indexes each topic it wrote itself. Other apps' records
that the pages show (questions and marking points: whether a topic has a quiz, how many points it
holds) are not searched, but a change to them bumps the generation too: their sections name
them (topics.content_registry).

The receivers are connected to these models only (not to every save in the project), so other
models keep Django's fast bulk delete.
"""

import contextlib
import threading
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from topics import models
from topics.parts import PARTS
from topics.search import search_index_topic
from topics.selectors import PAGE_PARTS

SEARCHED_MODELS = (
    models.Topic,
    *(part.model for part in PARTS),
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
    for topic in models.Topic.objects.prefetch_related(*PAGE_PARTS).filter(pk__in=topic_ids):
        search_index_topic(topic)
    models.ContentVersion.bump()


# A tutor's save of a topic page writes dozens of rows in one transaction: gather their topics and
# re-index and bump once when it commits. (A rolled-back transaction leaves its topics here; the
# next commit re-indexes them too, which is harmless.) One set per thread: a gunicorn worker
# handles one request at a time per thread.
_pending = threading.local()


def _flush_pending() -> None:
    topic_ids = getattr(_pending, "topic_ids", None)
    if topic_ids is None:
        return  # an earlier callback of this transaction did the work
    _pending.topic_ids = None
    topics_reindex(topic_ids)


def on_content_change(sender, instance, **kwargs) -> None:
    if kwargs.get("raw") or _paused.get():
        return
    topic_ids: set[int] = set()
    if sender is models.Topic:
        if "created" in kwargs:  # saved, not deleted (a deleted topic's entries go with it)
            topic_ids = {instance.pk}
    elif sender in SEARCHED_MODELS and getattr(instance, "topic_id", None) is not None:
        topic_ids = {instance.topic_id}
    pending = getattr(_pending, "topic_ids", None)
    _pending.topic_ids = topic_ids if pending is None else pending | topic_ids
    # registered every time (the first to run does the work): a rolled-back transaction drops
    # its callbacks, and the next change must still get one
    transaction.on_commit(_flush_pending)


def content_models_watch(content_models) -> None:
    """Re-index and refresh the pages after every save or delete of these models (other apps'
    models that the pages show are added through topics.content_registry)."""
    for model in content_models:
        for signal in (post_save, post_delete):
            signal.connect(
                on_content_change,
                sender=model,
                dispatch_uid=f"topics.content_change.{model._meta.label}",
            )


content_models_watch(SEARCHED_MODELS)


STAFF_SESSION_SECONDS = 8 * 60 * 60


def staff_session_expiry(sender, request, user, **kwargs) -> None:
    """Staff sessions end after a working day and when the browser closes; learners' anonymous
    sessions keep their long life (they hold only quiz progress)."""
    if user.is_staff:
        # the row expires in the database after 8 hours; the cookie is a browser-session cookie
        # (revision_site.sessions), so closing the browser on a shared PC signs the tutor out
        request.session.set_expiry(STAFF_SESSION_SECONDS)
        request.session[settings.SESSION_END_AT_BROWSER_CLOSE_KEY] = True
