"""A tutor in real Chromium (issue 15, items 6 and 9): Try the marker beside the question marks
unsaved edits, with and without JavaScript; the reorder arrows work by keyboard; the tutor's
pages fit a 390 px phone without sideways scrolling; axe finds nothing."""

import pytest
from django.contrib.auth.models import User

from assessment.models import MarkingPoint, Question
from tests.browser_fixtures import assert_no_axe_violations, screenshot
from topics.roles import tutor_group_setup

pytestmark = pytest.mark.browser
PASSWORD = "a-tutor-password-2026"
PHONE = 390
COMPLAINTS = "Explain why an organisation should welcome customer complaints."


def signed_in(site, new_page, **options):
    user, _ = User.objects.get_or_create(username="tutor", defaults={"is_staff": True})
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(tutor_group_setup())
    page = new_page(**options)
    page.goto(site + "/")  # the site's own address; the way in is a link, not a typed URL
    page.get_by_role("link", name="sign in to edit the content").click()
    page.get_by_label("Username").fill("tutor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def open_question(page, prompt: str = COMPLAINTS) -> None:
    page.get_by_role("link", name="Questions", exact=True).click()
    page.get_by_role("link", name=prompt).click()


def first_point_phrasings(page):
    return (
        page.locator("#points-group .inline-related:not(.empty-form)")
        .first.locator("textarea[name$='-accept']")
        .first
    )


def assert_fits(page, width: int = PHONE) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


GRIPES = (
    "Complaints are gripes because they show what to fix, and a customer whose complaint is "
    "fixed comes back."
)


def mark_it(page) -> str:
    """Press Mark it beside the question and read the learner's score from the verdict."""
    page.get_by_role("button", name="Mark it").click()
    heading = page.locator("#verdicts-heading")
    heading.wait_for()
    return heading.inner_text()


def test_try_the_marker_marks_an_unsaved_phrasing_beside_the_question(site, new_page):
    page = signed_in(site, new_page)
    open_question(page)
    question = Question.objects.get(prompt=COMPLAINTS)
    point = question.points.order_by("position").first()
    saved = list(point.accept)
    page.get_by_label("A sample answer, as a learner would write it").fill(GRIPES)
    assert mark_it(page) == "You scored 1 out of 2"

    phrasings = first_point_phrasings(page)
    phrasings.fill(phrasings.input_value() + "\nshow what to fix")
    page.locator("#verdicts").evaluate("element => element.replaceChildren()")
    assert mark_it(page) == "You scored 2 out of 2"
    assert "with your unsaved edits" in page.locator("#verdicts").inner_text()
    assert page.url.endswith("/change/")  # in place: the unsaved edit is still in the form
    assert "show what to fix" in first_point_phrasings(page).input_value()
    assert MarkingPoint.objects.get(pk=point.pk).accept == saved  # nothing saved
    screenshot(page, "tutor-try-unsaved-edit")
    assert_no_axe_violations(page)


def test_try_the_marker_without_javascript_posts_the_form_to_its_page(site, new_page):
    page = signed_in(site, new_page, javascript=False)
    open_question(page)
    phrasings = first_point_phrasings(page)
    phrasings.fill(phrasings.input_value() + "\nshow what to fix")
    page.get_by_label("A sample answer, as a learner would write it").fill(GRIPES)
    page.get_by_role("button", name="Mark it").click()
    page.get_by_text("unsaved edits included. Nothing was saved").wait_for()
    assert page.locator("#verdicts-heading").inner_text() == "You scored 2 out of 2"
    screenshot(page, "tutor-try-without-javascript")  # (axe needs JavaScript to run)


def test_the_reorder_arrows_work_from_the_keyboard(site, new_page):
    page = signed_in(site, new_page)
    page.get_by_role("link", name="Topics", exact=True).click()
    page.get_by_role("link", name="Enhancing the customer experience").click()
    outcomes = page.locator("#learning_outcomes-group .inline-related:not(.empty-form)")
    second_text = outcomes.nth(1).locator("textarea").input_value()
    arrow = outcomes.nth(1).get_by_role("button", name="Move to first position")
    arrow.focus()  # an element outside the tab order cannot take the focus
    assert arrow.evaluate("element => element === document.activeElement")
    assert arrow.get_attribute("tabindex") == "0"
    page.keyboard.press("Enter")
    assert outcomes.nth(0).locator("textarea").input_value() == second_text
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()
    from topics.models import Topic

    topic = Topic.objects.get(slug="enhancing-the-customer-experience")
    assert topic.learning_outcomes.first().text == second_text


@pytest.mark.parametrize("where", ["question", "topic", "centre", "question list"])
def test_the_tutors_pages_fit_a_phone_and_pass_axe(site, new_page, where):
    page = signed_in(site, new_page, width=PHONE)
    if where == "question":
        open_question(page)
    elif where == "topic":
        page.get_by_role("link", name="Topics", exact=True).click()
        page.get_by_role("link", name="Enhancing the customer experience").click()
    elif where == "question list":
        page.get_by_role("link", name="Questions", exact=True).click()
    else:
        page.get_by_role("link", name="Questions", exact=True).click()
        page.get_by_role("link", name="How the centre's learners do").click()
    screenshot(page, f"tutor-phone-{where.replace(' ', '-')}")
    assert_fits(page)
    assert_no_axe_violations(page)
