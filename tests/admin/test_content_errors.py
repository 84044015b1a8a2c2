"""A tutor's mistake is refused beside the field it is in, in words about the page (issue 15,
items 2 and 4): ideas are rows of a name and its phrasings, checked as the importer checks them."""

import html
import re

import pytest

from assessment.models import MarkingPoint, WrongIdea
from tests.admin.forms import add_wrong_idea, change_url, post_admin_form

pytestmark = pytest.mark.django_db


def errors_beside(page: str, field_id: str) -> str:
    """The text of the admin's error list in the form row holding the field `field_id`."""
    row = re.search(
        r'<div class="form-row[^"]*errors[^"]*">((?:(?!<div class="form-row).)*?)id="'
        + re.escape(field_id)
        + '"',
        page,
        re.S,
    )
    assert row, f"no errors beside {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", " ", row.group(1)))


def post_question(tutor_client, question, edit):
    return post_admin_form(tutor_client, change_url(question), "question_form", edit)


def test_an_idea_with_phrasings_but_no_name_is_refused_beside_the_ideas(tutor_client, topic):
    question = topic.questions.get()

    def edit(data):
        data["points-0-ideas-0-accept"] = ["colleague\nworkmate"]
        data["points-0-at_least"] = ["1"]

    response = post_question(tutor_client, question, edit)
    assert response.status_code == 200
    beside = errors_beside(response.content.decode(), "id_points-0-ideas")
    assert "Idea 1: give the idea a name above its phrasings" in beside
    assert MarkingPoint.objects.filter(ideas=[]).count() == 2  # nothing saved


def test_a_phrasing_the_marker_cannot_read_in_an_idea_is_refused_naming_its_row(
    tutor_client, topic
):
    question = topic.questions.get()

    def edit(data):
        data["points-0-ideas-0-label"] = ["internal customers"]
        data["points-0-ideas-1-label"] = ["colleagues"]
        data["points-0-ideas-1-accept"] = ["workmate\n(colleague | team"]
        data["points-0-at_least"] = ["1"]

    response = post_question(tutor_client, question, edit)
    assert response.status_code == 200
    beside = errors_beside(response.content.decode(), "id_points-0-ideas")
    assert "Idea 2, phrasing 2:" in beside and "never closed with )" in beside
    assert not MarkingPoint.objects.exclude(ideas=[]).exists()


def test_ideas_without_at_least_are_refused_beside_at_least_as_the_importer_refuses_them(
    tutor_client, topic
):
    question = topic.questions.get()

    def edit(data):
        data["points-0-ideas-0-label"] = ["colleagues"]

    response = post_question(tutor_client, question, edit)
    assert response.status_code == 200
    beside = errors_beside(response.content.decode(), "id_points-0-at_least")
    assert "'ideas' and 'at_least' go together: give both or neither." in beside


def test_ideas_saved_as_rows_are_stored_as_the_content_format_holds_them(tutor_client, topic):
    question = topic.questions.get()

    def edit(data):
        data["points-0-ideas-0-label"] = ["colleagues"]
        data["points-0-ideas-0-accept"] = ["workmates\r\n\r\nstaff in other teams\r\n"]
        data["points-0-ideas-1-label"] = ["other departments"]
        data["points-0-at_least"] = ["2"]

    response = post_question(tutor_client, question, edit)
    assert response.status_code == 302
    point = MarkingPoint.objects.order_by("position").first()
    assert point.ideas == [
        {"label": "colleagues", "accept": ["workmates", "staff in other teams"]},
        {"label": "other departments"},
    ]
    assert point.at_least == 2


def test_a_whole_topic_error_is_worded_for_a_tutor_and_shown_beside_its_field(tutor_client, topic):
    question = topic.questions.get()

    def edit(data):
        add_wrong_idea(data, question, contradicts="no-such-point")

    response = post_question(tutor_client, question, edit)
    assert response.status_code == 200
    page = response.content.decode()
    expected = (
        "Wrong idea 1 of question 1, 'contradicts': 'no-such-point' is not one of this "
        "question's marking points (external, internal)."
    )
    assert expected in errors_beside(page, "id_wrong_ideas-0-contradicts")
    assert f"Not saved. {expected}" in html.unescape(page)  # and in the summary at the top
    assert "field questions[" not in html.unescape(page)
    assert not WrongIdea.objects.exists()


def test_a_question_error_goes_beside_the_question_field(tutor_client, topic):
    question = topic.questions.get()

    def edit(data):
        data["marks"] = ["5"]

    response = post_question(tutor_client, question, edit)
    beside = errors_beside(response.content.decode(), "id_marks")
    assert "Question 1, 'marks': the question is out of 5 but its points add up to less" in beside
