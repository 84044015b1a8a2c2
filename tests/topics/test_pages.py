"""The learner's pages through the test client: content, order, escaping, caching, query counts."""

import re

import pytest
from django.db.models import F
from django.urls import reverse

from tests.factories import make_question, make_topic, make_topic_mapping
from topics.models import ContentVersion, Tip, Topic

pytestmark = pytest.mark.django_db


def big_topic_overrides(times: int = 10) -> dict:
    """A topic with `times` the parts of the largest source document."""
    return {
        "learning_outcomes": [f"Outcome {i}" for i in range(5 * times)],
        "key_concepts": [
            {"name": f"Concept {i}", "description": "About it."} for i in range(5 * times)
        ],
        "assessment_criteria": [
            {"id": f"ac{i}", "text": f"Criterion {i}"} for i in range(4 * times)
        ],
        "tips": [
            {"text": f"Tip {i}", "scope": "topic" if i % 2 else "qualification"}
            for i in range(8 * times)
        ],
        "mistakes": [f"Mistake {i}" for i in range(4 * times)],
        "misconceptions": [
            {"id": f"m{i}", "statement": f"Wrong {i}", "correction": f"Right {i}"}
            for i in range(3 * times)
        ],
        "prerequisites": [f"Prerequisite {i}" for i in range(3 * times)],
        "key_terms": [{"term": f"Term {i}", "definition": "Means it."} for i in range(8 * times)],
        "questions": [make_question(id=f"q{i}", assesses=[f"ac{i}"]) for i in range(4 * times)],
    }


def test_home_groups_topics_by_awarding_body_and_qualification(client):
    make_topic(slug="alpha", title="Alpha topic")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Test Awarding Body" in html
    assert "Test Level 2 Diploma in Customer Service" in html
    assert 'href="/topics/alpha/"' in html
    assert 'href="/topics/alpha/quiz/"' in html
    assert "2 learning outcomes" in html


def test_topic_page_shows_every_part_in_revision_order(client):
    topic = make_topic()
    html = client.get(topic.get_absolute_url()).content.decode()
    order = [
        'id="synopsis"',
        'id="outcomes"',
        'id="concepts"',
        'id="criteria"',
        'id="tips"',
        'id="mistakes"',
        'id="misconceptions"',
        'id="terms"',
        'id="before"',
        'id="overview"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    for anchor in ("synopsis", "outcomes", "criteria", "tips", "misconceptions", "terms"):
        assert f'href="#{anchor}"' in html
    assert "<details" in html and "Complaints are valuable feedback." in html
    assert html.index("For this topic") < html.index("For the whole qualification")
    assert "Use workplace examples." in html and "Know your terminology." in html
    assert html.count("<h1") == 1
    assert 'aria-label="Breadcrumb"' in html and "Test Awarding Body" in html
    assert "Test yourself" in html
    assert 'href="/glossary/#internal-customer-test-topic"' in html


def test_same_unit_topics_link_to_each_other_and_compare(client):
    make_topic(slug="unit-a", unit="shared-unit")
    body = {"slug": "other-body", "name": "Other Body"}
    qualification = {
        **make_topic_mapping()["qualification"],
        "slug": "other-q",
        "title": "Other Q",
        "awarding_body": body,
    }
    make_topic(slug="unit-b", unit="shared-unit", qualification=qualification)
    page = client.get("/topics/unit-a/").content.decode()
    assert 'href="/topics/unit-b/"' in page
    assert 'href="/compare/shared-unit/"' in page
    compare = client.get("/compare/shared-unit/").content.decode()
    assert "Other Body" in compare and "Test Awarding Body" in compare
    assert client.get("/compare/no-such-unit/").status_code == 404


def test_glossary_lists_every_term_alphabetically_with_its_topic(client):
    make_topic(
        key_terms=[
            {"term": "Zeta", "definition": "Last."},
            {"term": "alpha", "definition": "First."},
        ]
    )
    html = client.get(reverse("topics:glossary")).content.decode()
    assert html.index("alpha") < html.index("Zeta")
    assert 'id="zeta-test-topic"' in html
    assert "Test topic" in html


def test_unknown_topic_is_a_friendly_404(client):
    response = client.get("/topics/no-such-topic/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_tutor_html_in_content_is_escaped_or_sanitised(client):
    topic = make_topic(
        synopsis="Safe **bold** <script>alert('x')</script> [link](javascript:alert(1))",
        tips=[{"text": "<img src=x onerror=alert(1)>", "scope": "topic"}],
    )
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "<strong>bold</strong>" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_revisit_with_etag_gets_304_until_content_changes(client):
    topic = make_topic()
    first = client.get(topic.get_absolute_url())
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert client.get(topic.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304

    tip = Tip.objects.first()
    tip.text = "A tutor's new tip."
    tip.save()
    ContentVersion.bump()  # what the save's commit hook does (tests run inside one transaction)
    again = client.get(topic.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "A tutor&#x27;s new tip." in again.content.decode()


def test_cached_page_is_dropped_when_an_import_changes_the_topic(client):
    topic = make_topic(title="Before")
    assert "Before" in client.get(topic.get_absolute_url()).content.decode()
    make_topic(title="After the import")
    assert "After the import" in client.get(topic.get_absolute_url()).content.decode()


def test_pages_cost_a_fixed_number_of_queries_whatever_the_content(
    client, django_assert_max_num_queries
):
    topic = make_topic(**big_topic_overrides(10))
    for slug in ("second", "third"):
        make_topic(slug=slug)
    # topic page: one query per part (prefetch), not one per item; home: grouped counts.
    urls = [topic.get_absolute_url(), "/", reverse("topics:glossary"), "/search/?q=outcome"]
    for url in urls:
        client.get(url)  # warm nothing: the cache is keyed by generation, bump it to force a render
        ContentVersion.bump()
        with django_assert_max_num_queries(20):
            response = client.get(url)
        assert response.status_code == 200


def test_a_cached_page_costs_no_query(client, django_assert_num_queries):
    topic = make_topic()
    client.get(topic.get_absolute_url())
    # the content generation is trusted for a second; the rendered page comes from memory
    with django_assert_num_queries(0):
        response = client.get(topic.get_absolute_url())
    assert "Content-Security-Policy" in response and "ETag" in response


def test_a_change_made_by_another_process_is_seen_once_the_generation_is_read_again(
    client, settings
):
    settings.CONTENT_VERSION_TTL = 0  # read the generation on every request
    topic = make_topic(title="Before")
    assert "Before" in client.get(topic.get_absolute_url()).content.decode()
    # another process renames the topic and bumps the generation; this process's memory is stale
    Topic.objects.filter(pk=topic.pk).update(title="Renamed elsewhere")
    ContentVersion.objects.filter(pk=1).update(generation=F("generation") + 1)
    assert "Renamed elsewhere" in client.get(topic.get_absolute_url()).content.decode()


def test_page_views_refuse_posts(client):
    assert client.post("/").status_code == 405


def test_every_page_links_its_stylesheet_from_this_host_only(client):
    make_topic()
    html = client.get("/").content.decode()
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    assert "/static/css/site.css" in html
