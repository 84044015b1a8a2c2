"""A tutor in real Chromium: signs in, edits a tip, reorders two outcomes, tries an answer on the
marker, and sees the changes on the public topic page."""

import pytest
from django.contrib.auth.models import User

from tests.browser_fixtures import screenshot
from topics.roles import tutor_group_setup

pytestmark = pytest.mark.browser
PASSWORD = "a-tutor-password-2026"


def test_tutor_edits_reorders_tries_the_marker_and_sees_it_live(site, new_page):
    user = User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    user.groups.add(tutor_group_setup())
    page = new_page()
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("tutor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Topics", exact=True).click()
    page.get_by_role("link", name="Enhancing the customer experience").click()
    outcomes = page.locator("#learning_outcomes-group .inline-related:not(.empty-form)")
    first_text = outcomes.nth(0).locator("textarea").input_value()
    second_text = outcomes.nth(1).locator("textarea").input_value()
    # django-admin-sortable2's own control: move the second outcome to the first position
    outcomes.nth(1).get_by_role("button", name="Move to first position").click()
    page.locator("#tips-group").get_by_role("heading").first.click()  # open the collapsed fieldset
    tip = page.locator("#tips-group textarea").first
    tip.fill("Name one touchpoint from your own workplace and say what customers expect there.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()

    page.goto(site + "/admin/assessment/question/")
    page.get_by_role(
        "link", name="Explain why an organisation should welcome customer complaints."
    ).click()
    page.get_by_label("A sample answer, as a learner would write it").fill(
        "Complaints are feedback because they show what to improve, and a customer whose complaint is fixed comes back."
    )
    page.get_by_role("button", name="Mark it").click()
    verdicts = page.locator("#verdicts")
    verdicts.get_by_text("You scored 2 out of 2").wait_for()
    assert "Points you earned" in verdicts.inner_text()
    assert page.url.endswith("/change/")  # the verdicts came in place, without leaving the page
    screenshot(page, "admin-try-the-marker")

    page.goto(site + "/topics/enhancing-the-customer-experience/")
    html = page.content()
    assert "Name one touchpoint from your own workplace" in html
    assert html.index(second_text) < html.index(first_text)
