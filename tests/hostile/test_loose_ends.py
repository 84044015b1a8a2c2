"""Issue 12, item 15: small faults found by attacking the site in production mode."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import QUALIFICATION, make_topic, make_topic_mapping
from topics.content_format import ContentInvalid, mapping_document
from topics.importer import topic_import
from topics.markdown import render_markdown

pytestmark = pytest.mark.django_db


def test_the_history_of_a_question_past_every_id_is_a_404_not_a_500(admin_client):
    response = admin_client.get("/admin/assessment/question/99999999999999999999999/history/")
    assert response.status_code == 404
    response = admin_client.get("/admin/topics/topic/99999999999999999999999/history/")
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["summary", "progress", "feedback"])
def test_a_learners_own_pages_are_private_to_their_browser(client, page):
    topic = make_topic()
    client.post(reverse("assessment:quiz_item", args=[topic.slug, 1]), {"answer": "Colleagues."})
    from assessment.models import Attempt

    url = {
        "summary": reverse("assessment:quiz_summary", args=[topic.slug]),
        "progress": reverse("assessment:progress"),
        "feedback": reverse(
            "assessment:quiz_feedback", args=[topic.slug, 1, Attempt.objects.get().pk]
        ),
    }[page]
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_nul_in_the_search_query_is_not_echoed(client):
    make_topic()
    response = client.get("/search/", {"q": "custo\x00mers"})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_control_characters_in_a_content_file_are_refused_with_the_field():
    mapping = make_topic_mapping(title="Customers\x07 and \x1bloyalty")
    with pytest.raises(ContentInvalid) as refused:
        topic_import(documents=[mapping_document(mapping, "bell.yaml")], sets_baseline=True)
    assert "title" in str(refused.value)
    assert "control character" in str(refused.value)


@pytest.mark.parametrize(
    "field, length", [("framework", 101), ("subject", 201), ("awarding_body", 201)]
)
def test_the_content_schema_holds_the_models_length_limits(field, length):
    """On PostgreSQL a longer value got past the schema and became a misleading 503."""
    qualification = {**QUALIFICATION}
    if field == "awarding_body":
        qualification["awarding_body"] = {**qualification["awarding_body"], "name": "N" * length}
    else:
        qualification[field] = "F" * length
    mapping = make_topic_mapping(qualification=qualification)
    with pytest.raises(ContentInvalid) as refused:
        topic_import(documents=[mapping_document(mapping, "long.yaml")], sets_baseline=True)
    assert "qualification" in str(refused.value)


def test_a_bad_host_header_is_logged_in_one_line_without_a_traceback(caplog):
    with caplog.at_level(logging.INFO):
        response = Client().get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert records
    assert all(r.levelno <= logging.WARNING and not r.exc_info for r in records)


def test_markdown_refuses_protocol_relative_links():
    html = render_markdown("[click](//evil.example/page) and [fine](https://example.org/)")
    assert "//evil.example" not in html
    assert 'href="https://example.org/"' in html
