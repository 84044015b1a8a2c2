"""Abuse: what a hostile visitor can make the site store, and whether a tutor's page survives it.

1. 1,000 answer posts without a session cookie from one address (each used to make a session and
   an attempt): the rows they leave.
2. A challenge flood: learners from many addresses (X-Forwarded-For through a trusted loopback
   proxy) each answer badly and challenge every missed point: how many challenges wait.
3. The question's admin page with 1,000 pending challenges and 1,000 saved samples (made in the
   database): its time, first after a change of the question (every sample marked) and then warm.

Loopback only (gunicorn on 127.0.0.1), bounded in count and time.
"""

from __future__ import annotations

import concurrent.futures
import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from bench.report import table, write_section
from bench.server import ROOT, Site, prepared_site, serving

QUIZ = "/topics/understand-customers-ocr/quiz/1/"
COOKIELESS_POSTS = 1000
FLOOD_LEARNERS = 300
PAGE_ROWS = 1000
TARGET_MS = 300
REQUEST_TIMEOUT = 60

COUNT_ROWS = """
import json
from django.contrib.sessions.models import Session
from assessment.models import Attempt, Challenge, RateCounter
print(json.dumps({
    "sessions": Session.objects.count(),
    "attempts": Attempt.objects.count(),
    "pending": Challenge.objects.filter(status="pending").count(),
    "rate_counters": RateCounter.objects.count(),
}))
"""

ADMIN_PAGE = """
import json, statistics, time
import django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from assessment.models import Attempt, Challenge, Question, SampleAnswer
question = Question.objects.filter(topic__slug="understand-customers-ocr").order_by("position", "id").first()
point = question.points.first()
result = {"points": [{"key": point.key, "earned": False, "marks_available": 1}]}
attempts = Attempt.objects.bulk_create(
    Attempt(session_key=f"flood-{n}", question=question, answer=f"Customers are people number {n}.",
            mark=0, max_marks=question.marks, result=result)
    for n in range(ROWS)
)
Challenge.objects.bulk_create(Challenge(attempt=a, point_key=point.key) for a in attempts)
SampleAnswer.objects.bulk_create(
    SampleAnswer(question=question, answer=f"Internal customers are colleagues; sample {n} of many.",
                 expected_mark=n % 2, source="challenge")
    for n in range(ROWS)
)
admin = User.objects.create_superuser("bench-admin", "bench@example.org", "bench-password-123")
client = Client()
client.force_login(admin)
url = f"/admin/assessment/question/{question.pk}/change/"
started = time.perf_counter(); response = client.get(url); cold = time.perf_counter() - started
assert response.status_code == 200, response.status_code
times = []
for _ in range(10):
    started = time.perf_counter(); response = client.get(url); times.append(time.perf_counter() - started)
print(json.dumps({"cold": cold * 1000, "warm": statistics.median(times) * 1000,
                  "bytes": len(response.content)}))
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener(jar: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    handlers: list = [_NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def _send(opener, url: str, data: dict | None = None, headers: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _form_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _rows(site: Site) -> dict:
    output = site.manage("shell", "-c", COUNT_ROWS).stdout
    return json.loads(output.strip().splitlines()[-1])


def cookieless_posts(site: Site) -> dict:
    """A script that keeps its CSRF cookie but never sends the session cookie back."""
    jar = http.cookiejar.CookieJar()
    _, _, page = _send(_opener(jar), site.base_url + QUIZ)
    csrf_cookie = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    form = {"csrfmiddlewaretoken": _form_token(page), "answer": "Colleagues."}
    headers = {"Cookie": f"csrftoken={csrf_cookie}"}
    before = _rows(site)
    statuses: dict[int, int] = {}
    started = time.monotonic()
    opener = _opener()
    for _ in range(COOKIELESS_POSTS):
        status, _, _ = _send(opener, site.base_url + QUIZ, form, headers)
        statuses[status] = statuses.get(status, 0) + 1
    seconds = time.monotonic() - started
    after = _rows(site)
    return {
        "statuses": statuses,
        "seconds": seconds,
        **{key: after[key] - before[key] for key in ("sessions", "attempts", "rate_counters")},
    }


def _flooding_learner(site: Site, number: int) -> tuple[int, dict[int, int]]:
    """One learner at their own address: answer badly, then challenge every missed point."""
    headers = {"X-Forwarded-For": f"10.{number // 250}.{number % 250}.7"}
    opener = _opener(http.cookiejar.CookieJar())
    _, _, page = _send(opener, site.base_url + QUIZ, headers=headers)
    form = {"csrfmiddlewaretoken": _form_token(page), "answer": "Colleagues."}
    status, response_headers, _ = _send(opener, site.base_url + QUIZ, form, headers)
    if status != 302:
        return status, {}
    _, _, feedback = _send(opener, site.base_url + response_headers["Location"], headers=headers)
    statuses: dict[int, int] = {}
    action = re.search(r'action="(/attempts/\d+/challenge/)"', feedback)
    for point in re.findall(r'name="point" value="([^"]+)"', feedback):
        data = {"csrfmiddlewaretoken": _form_token(feedback), "point": point}
        sent, _, _ = _send(opener, site.base_url + action.group(1), data, headers)
        statuses[sent] = statuses.get(sent, 0) + 1
    return status, statuses


def challenge_flood(site: Site) -> dict:
    statuses: dict[int, int] = {}
    answered = 0
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for answer_status, sent in pool.map(
            lambda n: _flooding_learner(site, n), range(FLOOD_LEARNERS)
        ):
            answered += answer_status == 302
            for status, count in sent.items():
                statuses[status] = statuses.get(status, 0) + count
    return {
        "answered": answered,
        "sent": sum(statuses.values()),
        "statuses": statuses,
        "seconds": time.monotonic() - started,
        "pending": _rows(site)["pending"],
    }


def admin_page(site: Site) -> dict:
    env = {
        **site.env,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "revision_site.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    probe = subprocess.run(
        [sys.executable, "-c", ADMIN_PAGE.replace("ROWS", str(PAGE_ROWS))],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return json.loads(probe.stdout.strip().splitlines()[-1])


def _statuses(statuses: dict[int, int]) -> str:
    return ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))


def run(database_url: str = "", label: str = "SQLite") -> str:
    with prepared_site(database_url=database_url) as site:
        # learners reach the site through one trusted proxy on loopback, as behind nginx
        site.env.update(DJANGO_TRUSTED_PROXY_COUNT="1")
        with serving(site, workers=2, threads=2):
            posts = cookieless_posts(site)
            flood = challenge_flood(site)
        page = admin_page(site)
    pending_limit = 200  # DJANGO_CHALLENGES_PENDING_PER_QUESTION's default
    body = (
        table(
            ["what", "result"],
            [
                [
                    f"{COOKIELESS_POSTS:,} answer posts without a session cookie, one address",
                    f"{posts['sessions']} session(s), {posts['attempts']} attempt(s), "
                    f"{posts['rate_counters']} rate counter row(s) created; answers: "
                    f"{_statuses(posts['statuses'])} ({posts['seconds']:.0f} s)",
                ],
                [
                    f"challenge flood: {FLOOD_LEARNERS} learners at their own addresses, "
                    "each challenging every missed point",
                    f"{flood['answered']} answered, {flood['sent']} challenges sent "
                    f"({_statuses(flood['statuses'])}); {flood['pending']} pending "
                    f"(cap {pending_limit} per question) ({flood['seconds']:.0f} s)",
                ],
                [
                    f"question admin page, {PAGE_ROWS:,} pending challenges and "
                    f"{PAGE_ROWS:,} samples, warm (median of 10)",
                    f"{page['warm']:.0f} ms (target <= {TARGET_MS} ms), "
                    f"{page['bytes'] / 1024:.0f} KB",
                ],
                [
                    "the same page, first request after a change of the question",
                    f"{page['cold']:.0f} ms (marks every sample once)",
                ],
            ],
        )
        + "\n\nAnswers and challenges go over HTTP to gunicorn on 127.0.0.1 (2 workers). A "
        "refused answer is a 429 with the form and its message. Challenges are posted as "
        "without JavaScript, so each is a 302 back to the feedback, whose message says whether "
        "it was sent or the question's queue was full. The admin page is rendered in-process by "
        "the test client, signed in as an administrator; the rows behind it are made in the "
        "database (past the cap, as a flood before the cap existed left them)."
    )
    write_section(f"Abuse ({label})", body, database_url=database_url)
    return body
