"""Learners revising the night before the exam: read the home page and a topic, answer quiz
questions, look at their progress. Used by bench/load.py (headless, loopback only)."""

import os
import random
import re

from locust import HttpUser, between, events, task

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
SUCCESS_LOG = os.environ.get("BENCH_SUCCESS_LOG", "")


@events.request.add_listener
def record_answer(name, response, exception, **kwargs):
    """Every answer post that got a success response, for the lost-answer check afterwards."""
    if SUCCESS_LOG and name == "post answer" and exception is None and response is not None:
        with open(SUCCESS_LOG, "a") as log:
            log.write(f"{response.status_code}\n")


class Learner(HttpUser):
    wait_time = (
        between(THINK_SECONDS * 0.5, THINK_SECONDS * 1.5) if ONLY_ANSWERS else between(0.5, 2.0)
    )

    def on_start(self):
        self.topic = random.choice(TOPICS)
        page = self.client.get(f"/topics/{self.topic}/quiz/1/", name="quiz page").text
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        self.token = found.group(1) if found else ""

    def answer(self):
        self.client.post(
            f"/topics/{self.topic}/quiz/1/",
            {"csrfmiddlewaretoken": self.token, "answer": random.choice(ANSWERS)},
            headers={"HX-Request": "true", "Referer": self.host + f"/topics/{self.topic}/quiz/1/"},
            name="post answer",
        )

    @task(3)
    def post_answer(self):
        self.answer()

    @task(1)
    def home(self):
        if not ONLY_ANSWERS:
            self.client.get("/", name="home")

    @task(2)
    def topic_page(self):
        if not ONLY_ANSWERS:
            self.client.get(f"/topics/{self.topic}/", name="topic page")

    @task(1)
    def quiz_page(self):
        if not ONLY_ANSWERS:
            self.client.get(f"/topics/{self.topic}/quiz/1/", name="quiz page")

    @task(1)
    def progress(self):
        if not ONLY_ANSWERS:
            self.client.get("/progress/", name="progress")
