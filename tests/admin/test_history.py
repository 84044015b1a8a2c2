"""Every change to content is kept with who made it and when, and can be reverted."""

import html

import pytest
from django.urls import reverse

from assessment.models import MarkingPoint
from tests.admin.forms import (
    add_wrong_idea,
    admin_form_data,
    change_url,
    inline_index,
    post_admin_form,
)
from topics.models import Tip

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def revert(client, record):
    """Open a version from the history and press Revert, as a tutor does."""
    opts = record.instance._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[record.instance.pk, record.history_id],
    )
    form_id = f"historical{opts.model_name}_form"
    data = admin_form_data(client.get(url).content.decode(), form_id)
    data["_save"] = ["Revert"]
    return client.post(url, data)


def test_a_topic_change_is_recorded_with_who_and_can_be_reverted(tutor_client, topic):
    post_admin_form(
        tutor_client,
        change_url(topic),
        "topic_form",
        lambda data: data.update(title=["Renamed by a tutor"]),
    )
    topic.refresh_from_db()
    assert topic.title == "Renamed by a tutor"
    assert topic.history.first().history_user.username == "tutor"

    revert(tutor_client, topic.history.earliest())
    topic.refresh_from_db()
    assert topic.title == "Test topic"


def edit_tip(client, topic, tip, text: str):
    def edit(data):
        data[f"tips-{inline_index(data, 'tips', tip.pk)}-text"] = [text]

    return post_admin_form(client, change_url(topic), "topic_form", edit)


def test_an_imported_tips_first_edit_can_be_reverted(tutor_client, topic):
    tip = topic.tips.first()
    assert not tip.history.exists()  # the importer writes parts in bulk, without history
    edit_tip(tutor_client, topic, tip, "The tutor's wording.")

    as_imported, edited = tip.history.order_by("history_date")
    assert as_imported.text == "Use workplace examples." and as_imported.history_user is None
    assert edited.text == "The tutor's wording." and edited.history_user.username == "tutor"

    history_page = page_text(
        tutor_client.get(reverse("admin:topics_topic_history", args=[topic.pk]))
    )
    assert "Changes to its parts" in history_page
    assert "The tutor's wording." in history_page and "tutor" in history_page

    response = revert(tutor_client, as_imported)
    assert response.status_code == 302
    assert response.url == reverse("admin:topics_topic_history", args=[topic.pk])
    tip.refresh_from_db()
    assert tip.text == "Use workplace examples."
    assert tip.history.first().history_user.username == "tutor"


def test_a_deleted_tip_is_restored_from_its_history(tutor_client, topic):
    tip = topic.tips.first()

    def delete(data):
        data[f"tips-{inline_index(data, 'tips', tip.pk)}-DELETE"] = ["on"]

    post_admin_form(tutor_client, change_url(topic), "topic_form", delete)
    assert not Tip.objects.filter(pk=tip.pk).exists()
    deleted = Tip.history.filter(id=tip.pk).latest("history_date")
    assert deleted.history_type == "-" and deleted.history_user.username == "tutor"

    revert(tutor_client, deleted)
    assert Tip.objects.get(pk=tip.pk).text == "Use workplace examples."


def edit_point(client, question, point, field: str, value: str):
    def edit(data):
        data[f"points-{inline_index(data, 'points', point.pk)}-{field}"] = [value]

    return post_admin_form(client, change_url(question), "question_form", edit)


def test_a_marking_points_change_is_on_the_questions_history(tutor_client, topic):
    question = topic.questions.get()
    point = question.points.get(key="internal")
    edit_point(tutor_client, question, point, "accept", "colleague")
    history_page = page_text(
        tutor_client.get(reverse("admin:assessment_question_history", args=[question.pk]))
    )
    assert "marking point" in history_page.lower() and "tutor" in history_page

    revert(tutor_client, point.history.earliest())
    assert MarkingPoint.objects.get(pk=point.pk).accept == []


def test_a_revert_that_would_break_the_rules_is_refused(tutor_client, topic):
    question = topic.questions.get()
    point = question.points.get(key="internal")

    edit_point(tutor_client, question, point, "key", "inside")
    response = post_admin_form(
        tutor_client,
        change_url(question),
        "question_form",
        lambda data: add_wrong_idea(data, question, contradicts="inside"),
    )
    assert response.status_code == 302
    response = revert(tutor_client, point.history.earliest())  # back to "internal"
    page = page_text(tutor_client.get(response.url))
    assert "Not reverted." in page
    assert "'inside' is not one of this question's marking points" in page
    assert MarkingPoint.objects.get(pk=point.pk).key == "inside"


# --- history a tutor can read (issue 15, item 7) ----------------------------------------------


def test_the_revert_page_says_in_words_what_reverting_changes(tutor_client, topic):
    question = topic.questions.get()
    point = question.points.get(key="internal")
    edit_point(tutor_client, question, point, "accept", "colleague\nworkmate")
    as_imported = point.history.earliest()
    opts = MarkingPoint._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[point.pk, as_imported.history_id],
    )
    page = page_text(tutor_client.get(url))
    changes = page[page.index("What reverting changes") : page.index("</section>")]
    assert "<del>colleague\nworkmate</del>" in changes
    assert '["' not in changes and "['" not in changes  # no JSON or Python lists
    assert 'name="ideas-rows"' in page  # the version in the question page's own fields


def test_the_history_names_who_changed_it_without_a_link_and_no_none_reason(tutor_client, topic):
    post_admin_form(
        tutor_client,
        change_url(topic),
        "topic_form",
        lambda data: data.update(title=["Renamed by a tutor"]),
    )
    page = page_text(tutor_client.get(reverse("admin:topics_topic_history", args=[topic.pk])))
    table = page[page.index('id="change-history"') :]
    assert "/admin/auth/user/" not in table
    assert ">None<" not in table.replace(" ", "").replace("\n", "")


def test_reordering_outcomes_is_one_history_entry(tutor_client, topic):
    from topics.models import LearningOutcome

    parts_before = LearningOutcome.history.count()
    topic_before = topic.history.count()

    def swap(data):
        data["learning_outcomes-0-position"], data["learning_outcomes-1-position"] = (
            data["learning_outcomes-1-position"],
            data["learning_outcomes-0-position"],
        )

    assert post_admin_form(tutor_client, change_url(topic), "topic_form", swap).status_code == 302
    assert LearningOutcome.history.count() == parts_before
    assert topic.history.count() == topic_before + 1
    assert topic.history.first().history_change_reason == "Reordered the learning outcomes"
