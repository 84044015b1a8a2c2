"""A learner's own pages with a long history: the progress page and the home page (rendered for
them alone) of a session with 1,000 answers over five topics, served by gunicorn."""

from __future__ import annotations

import gzip
import statistics
import time
import urllib.request

from bench.report import table, write_section
from bench.server import prepared_site, serving

ANSWERS = 1000
REQUESTS = 30
MAKE_HISTORY = """
import dataclasses, datetime
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from assessment.models import Attempt, Question
from assessment.services import answer_mark, question_queryset
from practice.services import cards_from_attempt
session = SessionStore(); session["bench"] = True; session.create()
questions = list(question_queryset().live())
answers = ["Customers are colleagues and people who buy from us.", "Loyal customers come back.", ""]
now = timezone.now()
marked = {}
attempts = []
for i in range({answers}):
    question = questions[i % len(questions)]
    text = answers[i % 3] or question.model_answer
    if (question.pk, text) not in marked:
        marked[(question.pk, text)] = dataclasses.asdict(answer_mark(question=question, answer=text))
    result = marked[(question.pk, text)]
    attempts.append(Attempt(session_key=session.session_key, question=question, answer=text,
        mark=result["mark"], max_marks=result["max_marks"], result=result))
Attempt.objects.bulk_create(attempts)
for i, attempt in enumerate(Attempt.objects.filter(session_key=session.session_key)):
    when = now - datetime.timedelta(hours=3 * i)
    Attempt.objects.filter(pk=attempt.pk).update(created_at=when)
    cards_from_attempt(attempt=attempt, now=when)
print(session.session_key)
"""


def timed(url: str, session_key: str) -> tuple[float, int, int]:
    """(median milliseconds, bytes, bytes gzipped) of GET url with the learner's cookie."""
    times, body = [], b""
    for _ in range(REQUESTS):
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session_key}"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(body), len(gzip.compress(body, 6))


def run(database_url: str = "", label: str = "SQLite") -> str:
    with prepared_site(database_url=database_url) as site:
        made = site.manage("shell", "-c", MAKE_HISTORY.replace("{answers}", str(ANSWERS)))
        session_key = made.stdout.strip().splitlines()[-1]
        with serving(site, workers=2, threads=4):
            rows = []
            for name, path in (("progress page", "/progress/"), ("home page", "/")):
                ms, size, zipped = timed(site.base_url + path, session_key)
                rows.append([name, f"`{path}`", f"{ms:.0f} ms", size, zipped])
    body = (
        f"One learner's session with {ANSWERS:,} answers over the five topics (three hours apart, "
        "so over 125 days), with the review cards they make; gunicorn as the image runs it, "
        f"{REQUESTS} requests one after another with the learner's cookie, median.\n\n"
        + table(["page", "path", "median", "bytes", "bytes gzipped"], rows)
        + "\n\nThe progress page reads every answer of the session in one query (11 queries in "
        "all, whatever the number of answers: tests/assessment/test_progress.py); the home page "
        "is rendered for this learner alone (no shared cache) with their next step."
    )
    write_section(
        f"A learner's pages at {ANSWERS:,} answers ({label})", body, database_url=database_url
    )
    return body
