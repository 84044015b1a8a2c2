"""A browser sends a textarea's lines ending in CR LF: saving one tip recorded a change to the
topic's untouched overview, and the downloaded YAML quoted it full of \\r\\n (issue 15, item 3)."""

import pytest
from django.urls import reverse

from tests.admin.forms import change_url, inline_index, post_admin_form
from topics.models import Topic

pytestmark = pytest.mark.django_db

OVERVIEW = "An overview.\n\nA second paragraph."


def as_a_browser_sends_it(data: dict) -> None:
    for name, values in data.items():
        data[name] = [value.replace("\n", "\r\n") for value in values]


def test_editing_one_tip_records_that_tip_only_and_leaves_other_text_as_it_was(tutor_client, topic):
    tip = topic.tips.first()
    topic_versions = topic.history.count()

    def edit(data):
        as_a_browser_sends_it(data)
        data[f"tips-{inline_index(data, 'tips', tip.pk)}-text"] = ["Use examples from work."]

    response = post_admin_form(tutor_client, change_url(topic), "topic_form", edit)
    assert response.status_code == 302
    topic.refresh_from_db()
    tip.refresh_from_db()
    assert tip.text == "Use examples from work."
    assert topic.qualification_overview == OVERVIEW
    assert topic.history.count() == topic_versions  # no change recorded to the topic itself
    assert tip.history.latest().history_type == "~"


def test_text_typed_with_cr_lf_and_trailing_spaces_is_stored_with_plain_lines(tutor_client, topic):
    def edit(data):
        data["qualification_overview"] = ["First line.  \r\nSecond line.\r\n\r\nThird."]

    assert post_admin_form(tutor_client, change_url(topic), "topic_form", edit).status_code == 302
    topic.refresh_from_db()
    assert topic.qualification_overview == "First line.\nSecond line.\n\nThird."


def test_the_download_writes_text_saved_with_cr_lf_as_a_plain_block(tutor_client, topic):
    # text saved before the admin normalised it
    Topic.objects.filter(pk=topic.pk).update(qualification_overview="One.\r\n\r\nTwo. \r\n")
    response = tutor_client.post(
        reverse("admin:topics_topic_changelist"),
        {"action": "topics_download", "_selected_action": [topic.pk]},
    )
    text = response.content.decode()
    assert "qualification_overview: |\n  One.\n\n  Two.\n" in text
    assert "\\r" not in text and "\r" not in text
