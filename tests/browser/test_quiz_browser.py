"""The quiz in real Chromium: htmx swaps the feedback in place; without JavaScript the same path
works through full pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import assert_no_axe_violations, screenshot

QUIZ = "/topics/understand-customers-ocr/quiz/"
ANSWER = (
    "Internal customers are colleagues in other departments who rely on my work, for example the "
    "accounts team. External customers are members of the public, like a shopper in our store. "
    "New customers are here for the first time."
)

pytestmark = pytest.mark.browser


def answer_every_item(page, *, javascript: bool) -> None:
    """Answer the written question, then go item by item to the summary."""
    page.get_by_label("Your answer, in your own words").fill(ANSWER)
    page.get_by_role("button", name="Mark my answer").click()
    feedback = page.locator("section.feedback")
    feedback.wait_for()
    assert "You scored 3 out of 3" in feedback.inner_text()
    assert page.locator("mark").count() >= 1
    while True:
        next_link = page.locator("section.feedback").get_by_role(
            "link", name=re.compile("Next question|See your summary")
        )
        label = next_link.inner_text()
        next_link.click()
        if "summary" in label:
            break
        page.locator("form.quiz-item").wait_for()
        if page.get_by_label("Your answer, in your own words").count():
            page.get_by_label("Your answer, in your own words").fill(
                "Loyal customers come back, so sales go up."
            )
            page.get_by_role("button", name="Mark my answer").click()
        else:
            page.get_by_label("False").check()
            page.get_by_role("button", name="Check").click()
        # wait for the feedback: swapped in by htmx, or a new page without JavaScript
        feedback = page.locator("section.feedback")
        feedback.wait_for()
        if feedback.locator(".statement").count():
            assert re.search(r"it is (true|false)\.", feedback.inner_text())
    page.get_by_role("heading", name=re.compile("Your summary")).wait_for()


def test_answering_with_htmx_swaps_the_feedback_in_place(site, new_page):
    page = new_page()
    page.goto(site + QUIZ)
    assert_no_axe_violations(page)
    page.evaluate("window.__marker = 'still here'")
    url_before = page.url

    page.get_by_label("Your answer, in your own words").fill(ANSWER)
    page.get_by_role("button", name="Mark my answer").click()
    feedback = page.locator("section.feedback")
    feedback.wait_for()

    # no navigation: the partial replaced the form, and the address is the feedback's own
    assert page.evaluate("window.__marker") == "still here"
    assert re.search(r"/quiz/1/feedback/\d+/$", page.url) and page.url != url_before
    # htmx moves focus to the feedback (its autofocus) once the swap settles
    expect(feedback).to_be_focused()
    assert page.locator("[aria-live='polite'] section.feedback").count() == 1
    assert_no_axe_violations(page)
    screenshot(page, "quiz-feedback-desktop-light")

    # a missed point can be challenged in place
    page.goto(site + QUIZ)
    page.get_by_label("Your answer, in your own words").fill("Colleagues are customers.")
    page.get_by_role("button", name="Mark my answer").click()
    page.locator(".point-more summary").first.click()
    page.get_by_role("button", name=re.compile("I think I earned this")).first.click()
    page.get_by_text("Sent to your tutor").wait_for()


def test_the_whole_quiz_to_the_summary_with_javascript(site, new_page):
    page = new_page(width=375)
    page.goto(site + QUIZ)
    answer_every_item(page, javascript=True)
    assert "Your mark for each question" in page.content()
    assert_no_axe_violations(page)
    screenshot(page, "quiz-summary-phone-light")


def test_the_whole_quiz_works_without_javascript(site, new_page):
    page = new_page(javascript=False)
    page.goto(site + QUIZ)
    answer_every_item(page, javascript=False)
    assert "3 / 3" in page.content()
    page.goto(site + "/progress/")
    assert "Understand customers" in page.content()
    page.get_by_role("link", name="Wipe my history").click()
    page.get_by_role("button", name="Yes, wipe my history").click()
    assert "You have not answered any questions yet" in page.content()


# --- error answers with JavaScript on (issue 12, item 11) ------------------------------------


def test_an_answer_past_the_limit_shows_why_instead_of_doing_nothing(site, new_page, settings):
    """htmx dropped 429 answers: after 30 answers the button silently did nothing."""
    settings.QUIZ_RATE_PER_SESSION = 1
    page = new_page()
    page.goto(site + QUIZ)
    page.get_by_label("Your answer, in your own words").fill(ANSWER)
    page.get_by_role("button", name="Mark my answer").click()
    page.locator("section.feedback").wait_for()
    page.goto(site + QUIZ)
    page.get_by_label("Your answer, in your own words").fill(ANSWER)
    page.get_by_role("button", name="Mark my answer").click()
    expect(page.locator("#quiz-live")).to_contain_text("Take a breath")


def test_a_refused_post_is_announced_with_the_error_page_s_words(site, new_page):
    """A lost CSRF cookie (cleared by the browser, or a session past its life) gave a 403 that
    htmx dropped; its message now appears in the page's alert region."""
    page = new_page()
    page.goto(site + QUIZ)
    page.context.clear_cookies()
    page.get_by_label("Your answer, in your own words").fill(ANSWER)
    page.get_by_role("button", name="Mark my answer").click()
    alert = page.locator("#request-error[role='alert']")
    expect(alert).to_contain_text("could not accept that form")
    assert_no_axe_violations(page)
