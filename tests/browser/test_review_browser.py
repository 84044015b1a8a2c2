"""The review loop in real Chromium, with and without JavaScript: a review session end to end,
a flashcard rating, the progress page's trend and criteria, and a progress code carried to a
second browser context. Every new page: no axe violations, a light first visit, no other host."""

import gzip
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessment.models import Attempt, Question
from practice.models import ReviewCard
from tests.browser_fixtures import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

TOPIC = "/topics/understand-customers-ocr/"
QUIZ = TOPIC + "quiz/"
HALF_ANSWER = "Internal customers are colleagues in other departments who rely on my work."
FULL_ANSWER = (
    "Internal customers are colleagues in other departments who rely on my work, for example the "
    "accounts team. External customers are members of the public, like a shopper in our store. "
    "New customers are here for the first time."
)
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def check_accessible(page, javascript: bool) -> None:
    """axe runs as a script in the page: checked in the runs with JavaScript (the same pages)."""
    if javascript:
        assert_no_axe_violations(page)


def answer_first_question(page, site, answer=HALF_ANSWER):
    page.goto(site + QUIZ)
    page.get_by_label("Your answer, in your own words").fill(answer)
    page.get_by_role("button", name="Mark my answer").click()
    page.locator("section.feedback").wait_for()


def make_everything_due():
    """As if the learner came back the next day."""
    now = timezone.now()
    ReviewCard.objects.update(due=now - timedelta(minutes=1), last_review=now - timedelta(days=1))


@JS
def test_a_review_session_end_to_end(site, new_page, javascript):
    page = new_page(javascript=javascript)
    answer_first_question(page, site)
    assert ReviewCard.objects.count() >= 1
    make_everything_due()

    page.goto(site + "/")
    next_step = page.locator("section.next-step")
    expect(next_step).to_contain_text(re.compile(r"Review: \d+ due"))
    check_accessible(page, javascript)
    screenshot(page, f"home-review-due-{'js' if javascript else 'nojs'}")
    next_step.get_by_role("link", name="Start your review").click()

    for _ in range(ReviewCard.objects.count()):
        # the review may ask another question on the same criterion: answer it well
        prompt = page.locator("#question-prompt").inner_text()
        question = Question.objects.live().get(prompt=prompt)
        page.get_by_label("Your answer, in your own words").fill(question.model_answer)
        if _ == 0:
            check_accessible(page, javascript)
            screenshot(page, f"review-question-{'js' if javascript else 'nojs'}")
        page.get_by_role("button", name="Mark my answer").click()
        feedback = page.locator("section.feedback")
        expect(feedback).to_contain_text(re.compile(r"comes back in \d+ days"))
        if _ == 0:
            check_accessible(page, javascript)
            screenshot(page, f"review-feedback-{'js' if javascript else 'nojs'}")
        link = feedback.get_by_role("link", name=re.compile("Next review|Finish"))
        finished = link.inner_text() == "Finish"
        link.click()
        if finished:
            break
    expect(page.get_by_role("heading", name="You are up to date")).to_be_visible()
    assert all(card.due > timezone.now() + timedelta(days=1) for card in ReviewCard.objects.all())


@JS
def test_a_flashcard_rating(site, new_page, javascript):
    page = new_page(width=375, javascript=javascript)
    page.goto(site + TOPIC)
    page.locator("#terms summary").click()  # the topic page's Key terms open on request
    page.get_by_role("link", name="Practise these terms as flashcards").click()
    check_accessible(page, javascript)
    page.get_by_role("button", name=re.compile(r"Practise these \d+ terms")).click()

    card = page.locator("section.flashcard")
    expect(card).to_contain_text("What does it mean?")
    front = page.locator(".flashcard-front").inner_text()
    page.get_by_text("Show the answer").click()
    good = page.get_by_role("button", name=re.compile("^Good"))
    expect(good).to_contain_text("in 2 days")
    check_accessible(page, javascript)
    screenshot(page, f"flashcard-phone-{'js' if javascript else 'nojs'}")
    good.click()

    expect(page.get_by_text(f"{front}: next in 2 days.")).to_be_visible()
    expect(page.locator(".flashcard-front")).not_to_have_text(front)
    assert ReviewCard.objects.filter(kind="term", reviews=1).count() == 1


@JS
def test_the_progress_page_shows_the_trend_and_the_criteria(site, new_page, javascript):
    page = new_page(javascript=javascript)
    answer_first_question(page, site)
    Attempt.objects.update(created_at=timezone.now() - timedelta(days=3))
    answer_first_question(page, site, FULL_ANSWER)

    page.goto(site + "/progress/")
    trend = page.locator("figure.trend")
    expect(trend).to_contain_text("over 2 days of answers")
    expect(trend.locator("svg[role='img']")).to_have_attribute("aria-label", re.compile("up"))
    criteria = page.locator("table.mastery").first
    expect(criteria.locator("td").first).to_contain_text(re.compile("Shown|Partly shown"))
    expect(criteria).to_contain_text("Not tried yet")
    page.get_by_text("Marks day by day").first.click()
    expect(page.locator("details.trend-days table").first).to_be_visible()
    check_accessible(page, javascript)
    screenshot(page, f"progress-trend-criteria-{'js' if javascript else 'nojs'}")

    # the topic page says what this learner has and has not shown
    page.goto(site + TOPIC)
    shown = page.locator("section.learner-shown")
    expect(shown).to_contain_text("What you have shown so far")
    expect(shown).to_contain_text("Not tried yet")
    check_accessible(page, javascript)
    shown.screenshot(path=str(screenshot(page, "topic-learner-shown").with_name("topic-shown.png")))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_progress_page_reads_on_a_phone_in_both_schemes(site, new_page, scheme):
    page = new_page(width=375, scheme=scheme)
    answer_first_question(page, site)
    page.goto(site + "/progress/")
    assert_no_axe_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    screenshot(page, f"progress-phone-{scheme}")


@JS
def test_a_progress_code_opens_the_progress_in_a_second_browser_context(site, new_page, javascript):
    first = new_page(javascript=javascript)
    answer_first_question(first, site)
    first.goto(site + "/progress/")
    first.get_by_role("link", name="Carry your progress to another device").click()
    first.get_by_role("button", name="Make a code").click()
    code = first.locator(".code-text code").inner_text()
    assert len(code.replace("-", "")) == 32
    expect(first.locator(".qr svg")).to_be_visible()
    check_accessible(first, javascript)
    screenshot(first, f"progress-code-{'js' if javascript else 'nojs'}")

    second = new_page(width=375, javascript=javascript)  # another device: its own cookies
    second.goto(site + "/progress/")
    expect(second.get_by_text("You have not answered any questions yet")).to_be_visible()
    second.goto(site + "/progress/code/use/")
    check_accessible(second, javascript)
    second.get_by_label("Your progress code").fill(code.lower())
    second.get_by_role("button", name="Open my progress here").click()
    expect(second.get_by_text("this browser now shows the same progress")).to_be_visible()
    expect(second.get_by_role("heading", name="Understand customers")).to_be_visible()
    screenshot(second, f"progress-code-used-{'js' if javascript else 'nojs'}")


def test_new_pages_are_light_on_a_first_visit_and_fetch_nothing_from_another_host(site, new_page):
    seed = new_page()
    answer_first_question(seed, site)
    make_everything_due()
    cookies = seed.context.cookies()
    for path in (
        "/review/",
        TOPIC + "flashcards/",
        "/progress/",
        "/progress/code/",
        "/progress/code/use/",
    ):
        page = new_page()
        page.context.add_cookies(cookies)
        responses = []
        page.on("response", lambda response, seen=responses: seen.append(response))
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert [r.url for r in responses if not r.url.startswith(site)] == [], path
        # every byte as a server compresses it (whitenoise and a proxy gzip text)
        weight = sum(len(gzip.compress(r.body(), 6)) for r in responses if r.status == 200)
        assert weight <= 40 * 1024, f"{path}: {weight} bytes"
        assert_no_axe_violations(page)
