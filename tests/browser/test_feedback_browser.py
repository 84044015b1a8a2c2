"""Feedback that teaches (issue 13) in real Chromium, with and without JavaScript, on a phone and a
laptop: the next step and its link to the teaching, Try again keeping the text, a refresh keeping
the feedback, a true check, the command-word hint; axe on every new page and state."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

TOPIC = "/topics/principles-of-customer-service/"
QUIZ = TOPIC + "quiz/"
STRONG = (
    "Customer service is meeting customers' needs and expectations before, during and after they "
    "buy. An organisation has external customers, the people who buy from it, and internal "
    "customers, the colleagues and departments who rely on each other's work. It matters because "
    "good service makes customers loyal, so they come back and recommend the business, which "
    "builds its reputation and increases sales."
)
WEAK = (
    "Customer service is about giving customers what they need and expect. "
    "It is important for a business."
)
KEYWORDS = "needs, expectations, internal, external, loyalty"
MISCONCEPTION = (
    "Customer service is meeting customers' needs and expectations. Only external customers "
    "matter because colleagues are not customers. Good service makes customers loyal so they "
    "come back."
)
COMBINATIONS = [
    pytest.param(javascript, width, id=f"{'js' if javascript else 'no-js'}-{width}")
    for javascript in (True, False)
    for width in (390, 1280)
]


def axe_check(page, *, javascript: bool) -> None:
    """axe runs inside the page, so only where JavaScript is on; the server sends the same HTML
    either way, and the JavaScript runs check every state."""
    if javascript:
        assert_no_axe_violations(page)


def mark(page, answer: str):
    page.get_by_label("Your answer, in your own words").fill(answer)
    page.get_by_role("button", name="Mark my answer").click()
    feedback = page.locator("section.feedback")
    feedback.wait_for()
    return feedback


@pytest.mark.parametrize(("javascript", "width"), COMBINATIONS)
def test_a_weak_answer_gets_next_steps_that_lead_to_the_teaching(site, new_page, javascript, width):
    page = new_page(width=width, javascript=javascript)
    page.goto(site + QUIZ)
    feedback = mark(page, WEAK)

    # one line first, then an instruction for each missing point
    expect(feedback.locator("#feedback-heading")).to_have_text("You scored 1 out of 3")
    expect(feedback.locator(".summary-line")).to_have_text(
        "For 2 more marks, follow the 2 next steps below."
    )
    expect(feedback.locator(".next-step").first).to_contain_text("Name both kinds of customer")
    # details wait behind a click: short on a phone
    expect(feedback.locator(".examiner-point").first).to_be_hidden()
    axe_check(page, javascript=javascript)

    # a refresh (the address htmx pushed, or the redirect's) keeps the feedback
    assert re.search(r"/quiz/1/feedback/\d+/$", page.url), page.url
    page.reload()
    expect(page.locator("#feedback-heading")).to_have_text("You scored 1 out of 3")

    # the link lands on the key term that teaches the point
    page.get_by_role("link", name="Learn it: Internal and external customers").click()
    page.wait_for_url(re.compile(r"#term-internal-and-external-customers$"))
    term = page.locator("#term-internal-and-external-customers")
    expect(term).to_be_in_viewport()
    expect(term).to_have_text("Internal and external customers")
    axe_check(page, javascript=javascript)

    # Try again starts from the previous answer
    page.go_back()
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_label("Your answer, in your own words")).to_have_value(WEAK)


@pytest.mark.parametrize(("javascript", "width"), COMBINATIONS)
def test_the_command_word_hint_and_a_true_check(site, new_page, javascript, width):
    page = new_page(width=width, javascript=javascript)
    page.goto(site + QUIZ)
    hint = page.locator(".command-hint")
    expect(hint).to_contain_text("Say why or how: give a reason or a result")
    hint.get_by_role("link", name="How to answer “explain” questions").click()
    page.wait_for_url(re.compile(r"/command-words/#word-explain$"))
    expect(page.locator("#word-explain")).to_be_in_viewport()
    expect(page.locator("#word-explain")).to_contain_text("Example question:")
    axe_check(page, javascript=javascript)
    if javascript and width == 390:
        screenshot(page, "command-words-phone")

    # the quiz's second check shows a correction: a true statement
    page.goto(site + QUIZ + "4/")
    expect(page.locator("legend .statement")).to_contain_text(
        "Complaints provide valuable feedback"
    )
    page.get_by_label("True").check()
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#feedback-heading")).to_have_text("Right: it is true.")
    expect(page.locator("section.feedback")).to_contain_text("Complaints are always negative.")
    axe_check(page, javascript=javascript)
    if javascript and width == 390:
        screenshot(page, "check-true-phone")
    page.reload()
    expect(page.locator("#feedback-heading")).to_have_text("Right: it is true.")

    page.goto(site + "/progress/")
    expect(page.get_by_text("Principles of customer service: 1 of 1 right")).to_be_visible()


def test_screenshots_of_the_feedback_for_four_kinds_of_answer(site, new_page):
    """Strong, weak, keyword list, and an answer asserting a misconception; on a phone."""
    page = new_page(width=390)
    for name, answer, heading in [
        ("strong", STRONG, "You scored 3 out of 3"),
        ("weak", WEAK, "You scored 1 out of 3"),
        ("keyword-list", KEYWORDS, "You scored 0 out of 3"),
        ("misconception", MISCONCEPTION, "You scored 1 out of 3"),
    ]:
        page.goto(site + QUIZ)
        feedback = mark(page, answer)
        expect(feedback.locator("#feedback-heading")).to_have_text(heading)
        assert_no_axe_violations(page)
        screenshot(page, f"feedback-{name}-phone")
    expect(page.locator(".points-wrong")).to_contain_text("Correction:")


def test_wiping_asks_first_and_a_challenge_keeps_focus_on_its_thanks(site, new_page):
    page = new_page(width=390)
    page.goto(site + QUIZ)
    feedback = mark(page, WEAK)
    point = feedback.locator("li", has=page.locator(".next-step")).first
    point.locator("summary").click()
    point.get_by_role("button", name=re.compile("I think I earned this")).click()
    thanks = point.locator(".challenge-sent")
    expect(thanks).to_be_focused()
    expect(thanks).to_contain_text("Thanks: a tutor will look at your answer")

    page.goto(site + "/progress/")
    expect(page.get_by_text("Waiting for a tutor")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Wipe my history").click()
    expect(page.locator(".summary-line")).to_contain_text(
        "This deletes 1 written answer, 0 true-or-false answers and 1 challenge"
    )
    assert_no_axe_violations(page)
    screenshot(page, "wipe-confirm-phone")
    page.get_by_role("button", name="Yes, wipe my history").click()
    expect(page.get_by_text("Your history is wiped")).to_be_visible()
