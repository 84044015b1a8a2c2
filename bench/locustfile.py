"""Learners revising the night before the exam: read the home page and a topic, answer quiz
questions, look at their progress. Used by bench/load.py (headless, loopback only).

Like a browser, a learner's client sends a request once more when the kept-alive connection it
went out on drops with no reply; those second tries are counted under their own name. Every
answer post goes from a fresh question form (its one-off submission value), so a second try of a
post the server had already stored must not be stored again.
"""

import os
import random
import re
import uuid

from locust import HttpUser, between, task
from requests.exceptions import ConnectionError as DroppedConnection

from assessment.submissions import submission_digest  # locust runs from the project's root

TOPICS = [
    "understand-customers-ocr",
    "principles-of-customer-service",
    "understand-customers-focus",
    "process-information-about-customers",
    "enhancing-the-customer-experience",
]
ANSWERS = [
    "Internal customers are colleagues who rely on my work, for example the finance team.",
    "Loyal customers come back and recommend us to friends, so sales go up.",
    "Complaints are feedback because they show us what to improve.",
    "I would check the details with the customer and read the phone number back.",
    "I don't know.",
]
ONLY_ANSWERS = os.environ.get("BENCH_ONLY_ANSWERS") == "1"
# Learners read and write between answers; "0" sends the next answer at once (a saturation test).
THINK_SECONDS = float(os.environ.get("BENCH_THINK_SECONDS", "1.0"))
# One line per answer post: "ok <submission digest>" or "failed <submission digest>".
ANSWER_LOG = os.environ.get("BENCH_ANSWER_LOG", "")
AGAIN = os.environ.get("BENCH_AGAIN", " (sent again)")  # bench/load.py reads these rows


def _dropped(response) -> bool:
    """The connection went away with no reply (urllib3's "Connection aborted.": reset, or closed
    by the server); a refused connection is not retried, as a browser would not."""
    error = response.error if response.status_code == 0 else None
    return isinstance(error, DroppedConnection) and "Connection aborted" in str(error)


class Learner(HttpUser):
    wait_time = (
        between(THINK_SECONDS * 0.5, THINK_SECONDS * 1.5) if ONLY_ANSWERS else between(0.5, 2.0)
    )

    def send(self, method: str, url: str, name: str, **kwargs):
        response = self.client.request(method, url, name=name, **kwargs)
        if _dropped(response):
            response = self.client.request(method, url, name=name + AGAIN, **kwargs)
        return response

    def on_start(self):
        self.topic = random.choice(TOPICS)
        page = self.send("GET", f"/topics/{self.topic}/quiz/1/", "quiz page").text or ""
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        self.token = found.group(1) if found else ""

    def answer(self):
        submission, answer = uuid.uuid4().hex, random.choice(ANSWERS)
        response = self.send(
            "POST",
            f"/topics/{self.topic}/quiz/1/",
            "post answer",
            data={"csrfmiddlewaretoken": self.token, "answer": answer, "submission": submission},
            headers={"HX-Request": "true", "Referer": self.host + f"/topics/{self.topic}/quiz/1/"},
        )
        if ANSWER_LOG:
            outcome = "ok" if response.status_code == 200 else "failed"
            with open(ANSWER_LOG, "a") as log:
                log.write(f"{outcome} {submission_digest(submission, answer)}\n")

    @task(3)
    def post_answer(self):
        self.answer()

    @task(1)
    def home(self):
        if not ONLY_ANSWERS:
            self.send("GET", "/", "home")

    @task(2)
    def topic_page(self):
        if not ONLY_ANSWERS:
            self.send("GET", f"/topics/{self.topic}/", "topic page")

    @task(1)
    def quiz_page(self):
        if not ONLY_ANSWERS:
            self.send("GET", f"/topics/{self.topic}/quiz/1/", "quiz page")

    @task(1)
    def progress(self):
        if not ONLY_ANSWERS:
            self.send("GET", "/progress/", "progress")
