"""The content generation a process trusts is one reading for the whole process: a save in one
thread of a worker makes its other threads read the new generation at once (topics.caching)."""

import threading

import pytest
from django.db import connection

from topics.caching import content_stamp, forget_content_stamp
from topics.models import ContentVersion


@pytest.mark.django_db(transaction=True)
def test_a_save_in_one_thread_refreshes_the_stamp_for_every_thread(settings):
    settings.CONTENT_VERSION_TTL = 3600  # without a save, a reading is trusted all the while
    ContentVersion.bump()
    forget_content_stamp()
    seen: list[str] = []
    saved, read_again = threading.Event(), threading.Event()

    def other_thread() -> None:
        try:
            seen.append(content_stamp()[0])
            read_again.set()
            saved.wait(timeout=30)
            seen.append(content_stamp()[0])
        finally:
            connection.close()

    worker = threading.Thread(target=other_thread)
    worker.start()
    read_again.wait(timeout=30)
    ContentVersion.bump()  # a tutor's save in this thread
    saved.set()
    worker.join(timeout=30)
    assert len(seen) == 2
    assert seen[1] != seen[0]
    assert seen[1] == content_stamp()[0]
