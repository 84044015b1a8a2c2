"""The eight things a new tutor does, in real Chromium, with no docs and no address typed but the
admin's own (as a centre gives it to its tutors): each step found by the words on the screen,
with a screenshot in test-artifacts/screenshots/walkthrough-*.png (issue 15, "Done when")."""

import re

import pytest

from assessment.models import Challenge, MarkingPoint, Question, SampleAnswer
from assessment.services import attempt_record, challenge_record
from tests.admin.test_tutor_browser import mark_it, signed_in
from tests.browser_fixtures import screenshot
from topics.models import Tip, Topic

pytestmark = pytest.mark.browser
TOPIC = "Enhancing the customer experience"
QUESTION = "Explain why an organisation should welcome customer complaints."


def step(page, number: int, name: str) -> None:
    screenshot(page, f"walkthrough-{number}-{name}")


def admin_home(page) -> None:
    """Back to the admin's front page by its name at the top of every page."""
    page.get_by_role("link", name="Django administration").click()


def open_topic(page) -> None:
    admin_home(page)
    page.get_by_role("link", name="Topics", exact=True).click()
    page.get_by_role("link", name=TOPIC).click()


def open_question(page) -> None:
    admin_home(page)
    page.get_by_role("link", name="Questions", exact=True).click()
    page.get_by_role("link", name=QUESTION).click()


def phrasing_saved(phrasing: str) -> bool:
    return any(
        phrasing in point.accept for point in MarkingPoint.objects.filter(question__prompt=QUESTION)
    )


def saved(page) -> None:
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.get_by_text("was changed successfully").wait_for()


def a_learner_challenges() -> None:
    """A learner's answer to the question, and their "I think I earned this" on a missed point,
    through the quiz's own services (the learner's pages have their own browser tests)."""
    question = Question.objects.get(prompt=QUESTION)
    attempt = attempt_record(
        question=question,
        session_key="a-learner",
        answer="Complaints are gripes that tell us where we go astray.",
    )
    missed = next(point["key"] for point in attempt.result["points"] if not point["earned"])
    challenge_record(attempt=attempt, point_key=missed)


def test_a_new_tutor_does_the_eight_tasks_without_the_docs(site, new_page, tmp_path):
    page = signed_in(site, new_page)

    # 1. fix a typo in a tip
    open_topic(page)
    page.locator("#tips-group").get_by_role("heading").first.click()  # open the tips
    tip = page.locator("#tips-group textarea").first
    fixed = tip.input_value() + " (checked)"
    tip.fill(fixed)
    saved(page)
    assert Tip.objects.filter(text=fixed).exists()
    step(page, 1, "tip-fixed")

    # 2. add an accepted phrasing
    open_question(page)
    phrasings = page.locator("#points-group textarea[name$='-accept']").first
    phrasings.fill(phrasings.input_value() + "\nshow what to fix")
    saved(page)
    assert phrasing_saved("show what to fix")
    step(page, 2, "phrasing-added")

    # 3. add an idea: the second point earns with one of two ideas
    open_question(page)
    second = page.locator("#points-group .inline-related:not(.empty-form)").nth(1)
    second.get_by_label("Name (the idea in a few words; these words earn it too)").first.fill(
        "loyal customer"
    )
    second.get_by_label("Other ways to say it, one per line").first.fill("stays with us\nreturns")
    second.get_by_label("At least").fill("1")
    saved(page)
    point = MarkingPoint.objects.get(key="loyalty", question__prompt=QUESTION)
    assert point.ideas == [{"label": "loyal customer", "accept": ["stays with us", "returns"]}]
    step(page, 3, "idea-added")

    # 4. try an unsaved change in Try the marker
    open_question(page)
    page.get_by_label("A sample answer, as a learner would write it").fill(
        "Complaints show what to fix, because a customer whose complaint is fixed stays with us."
    )
    before = mark_it(page)
    first = page.locator("#points-group textarea[name$='-accept']").first
    first.fill(first.input_value().replace("show what to fix", ""))
    page.locator("#verdicts").evaluate("element => element.replaceChildren()")
    after = mark_it(page)
    assert before != after  # the unsaved edit changed the verdict; nothing was saved
    assert phrasing_saved("show what to fix")
    step(page, 4, "try-unsaved-change")

    # 5. decide a challenge
    a_learner_challenges()
    open_question(page)
    challenges = page.locator("#challenges")
    challenges.get_by_role("button", name="Accept").first.click()
    page.get_by_text("Challenge accepted; the answer is now a saved sample").wait_for()
    assert Challenge.objects.filter(status="accepted").count() == 1
    assert SampleAnswer.objects.filter(source="challenge").count() == 1
    step(page, 5, "challenge-decided")

    # 6. revert a change: the tip, back to its imported words
    open_topic(page)
    page.get_by_role("link", name="History").first.click()
    page.locator("#part-changes").get_by_role("link").last.click()
    page.get_by_text("What reverting changes").wait_for()
    step(page, 6, "revert-page")
    page.get_by_role("button", name="Revert").first.click()
    page.get_by_text("Reverted").first.wait_for()
    assert not Tip.objects.filter(text=fixed).exists()

    # 7. download and re-upload the topic
    admin_home(page)
    page.get_by_role("link", name="Topics", exact=True).click()
    row = page.locator("#result_list tr", has_text=TOPIC)
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Download as YAML")
    with page.expect_download() as download:
        page.get_by_role("button", name="Go").click()
    path = tmp_path / "topic.yaml"
    download.value.save_as(path)
    page.get_by_role("link", name="Import a topic file").click()
    page.get_by_label("Topic file (.yaml)").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("What the import would do").wait_for()
    step(page, 7, "upload-preview")
    page.get_by_role("button", name="Confirm the import").click()
    page.get_by_text(re.compile("Nothing changed|Changed")).first.wait_for()
    assert Topic.objects.filter(title=TOPIC).count() == 1

    # 8. read the centre view
    admin_home(page)
    page.get_by_role("link", name="Questions", exact=True).click()
    page.get_by_role("link", name="How the centre's learners do").click()
    page.get_by_role("heading", name="Marking points missed most").wait_for()
    assert "1 answer marked" in page.content()
    assert "Tutors decided 1 challenge" in page.content()
    step(page, 8, "centre-view")
