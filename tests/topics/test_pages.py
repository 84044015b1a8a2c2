"""The learner's pages through the test client: content, order, escaping, caching, query counts."""

import re

import pytest
from django.db.models import F
from django.urls import path, reverse

from assessment.models import MarkingPoint
from revision_site.urls import urlpatterns as site_urlpatterns
from tests.factories import make_question, make_topic, make_topic_mapping
from topics.models import ContentVersion, KeyTerm, Tip, Topic

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("a fault the learner must not see")


# this module is also a URLconf (for the 500 page): the site's URLs plus one that fails
urlpatterns = [path("broken/", broken_view), *site_urlpatterns]


def other_body_qualification() -> dict:
    body = {"slug": "other-body", "name": "Other Body"}
    return {
        **make_topic_mapping()["qualification"],
        "slug": "other-q",
        "title": "Other Q",
        "awarding_body": body,
    }


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


def test_home_lists_the_topics_first_each_with_a_quiet_label_and_one_action(client):
    make_topic(slug="alpha", title="Alpha topic")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    # the awarding body is a label on the card, not a heading above it; the qualification is
    # on the topic page
    assert '<span class="label">Test Awarding Body</span>' in html
    assert '<h2 id="body-' not in html and "Test Level 2 Diploma" not in html
    assert html.index("<h1") < html.index('<ul class="topic-cards"')
    card = html[html.index('<li class="topic-card') :]
    card = card[: card.index("</li>")]
    assert card.count('href="/topics/alpha/"') == 2  # the title and the one action, Start
    assert "Not started yet" in card and ">Start<" in card
    assert "2 learning outcomes" in html
    assert "2 quiz questions (1 written, 1 true or false), 2 marking points" in html
    assert "This element is about customers." in html  # the one-line synopsis, as plain text


def test_home_counts_each_part_once_however_many_there_are(client):
    make_topic(**big_topic_overrides(10))
    html = client.get("/").content.decode()
    assert "50 learning outcomes" in html
    # a round asks 5 of the 40 written questions (settings.QUIZ_ROUND_QUESTIONS)
    assert (
        "35 quiz questions (5 written, a new set each time from 40, 30 true or false), "
        "80 marking points" in html
    )


def test_a_topic_without_a_quiz_offers_no_test_yourself_link(client):
    topic = make_topic()  # content files need questions: a tutor removes them in the admin
    topic.questions.all().delete()
    topic.misconceptions.all().delete()
    assert "Test yourself" not in client.get(topic.get_absolute_url()).content.decode()


def test_topic_page_shows_every_part_in_revision_order(client):
    topic = make_topic()
    html = client.get(topic.get_absolute_url()).content.decode()
    # what to know first (open), then the parts folded away, the qualification last
    order = [
        'id="before"',
        'id="outcomes"',
        'id="synopsis"',
        'id="concepts"',
        'id="criteria"',
        'id="tips"',
        'id="mistakes"',
        'id="misconceptions"',
        'id="terms"',
        'id="overview"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    for part in ("concepts", "criteria", "tips", "mistakes", "misconceptions", "terms", "overview"):
        assert f'<details class="part" id="{part}">' in html  # closed until opened
    assert re.search(r"\d+ min read", html)
    assert "<details" in html and "Complaints are valuable feedback." in html
    assert html.index("For this topic") < html.index("For the whole qualification")
    assert "Use workplace examples." in html and "Know your terminology." in html
    assert html.count("<h1") == 1
    assert 'aria-label="Breadcrumb"' in html and "Test Awarding Body" in html
    assert "Test yourself" in html
    assert 'href="/glossary/#internal-customer"' in html


def test_same_unit_topics_link_to_each_other_and_compare(client):
    make_topic(slug="unit-a", unit="shared-unit", learning_outcomes=["Outcome from A"])
    make_topic(
        slug="unit-b",
        unit="shared-unit",
        qualification=other_body_qualification(),
        learning_outcomes=["Outcome from B"],
        assessment_criteria=[{"id": "ac1", "text": "Credit stressed by B."}],
        tips=[{"text": "A tip only B gives.", "scope": "topic"}],
    )
    page = client.get("/topics/unit-a/").content.decode()
    assert 'href="/topics/unit-b/"' in page
    assert 'href="/compare/shared-unit/"' in page
    assert 'href="/topics/unit-a/"' in client.get("/topics/unit-b/").content.decode()
    compare = client.get("/compare/shared-unit/").content.decode()
    assert "Other Body" in compare and "Test Awarding Body" in compare
    # side by side: outcomes, criteria and the topic's own tips of each awarding body
    for text in (
        "Outcome from A",
        "Outcome from B",
        "Credit stressed by B.",
        "A tip only B gives.",
    ):
        assert text in compare
    assert "Know your terminology." not in compare  # qualification-wide tips are not compared
    assert compare.count("<h1") == 1


def test_compare_is_a_404_unless_two_topics_share_the_unit(client):
    make_topic(slug="alone", unit="lonely-unit")
    assert client.get("/compare/no-such-unit/").status_code == 404
    assert client.get("/compare/lonely-unit/").status_code == 404
    assert "Compare them side by side" not in client.get("/topics/alone/").content.decode()


def test_glossary_lists_every_term_alphabetically_with_its_topic(client):
    make_topic(
        key_terms=[
            {"term": "Zeta", "definition": "Last."},
            {"term": "alpha", "definition": "First."},
        ]
    )
    html = client.get(reverse("topics:glossary")).content.decode()
    assert html.index("alpha") < html.index("Zeta")
    assert 'id="zeta"' in html
    assert "Test topic" in html


def test_glossary_lists_a_term_two_awarding_bodies_define_once_with_each_wording(client):
    make_topic(
        slug="from-a",
        key_terms=[
            {"term": "Internal customer", "definition": "A colleague who relies on you."},
            {"term": "External customer", "definition": "Someone outside who buys."},
        ],
    )
    make_topic(
        slug="from-b",
        title="Topic B",
        qualification=other_body_qualification(),
        key_terms=[
            {"term": "internal customer", "definition": "A colleague in another department."},
            {"term": "External customer", "definition": "Someone  outside who buys."},
        ],
    )
    html = client.get(reverse("topics:glossary")).content.decode()
    assert html.count("<dt") == 2
    assert html.count('id="internal-customer"') == 1
    # different wordings: each, with its source; the same wording: once, with both sources
    assert "A colleague who relies on you." in html and "A colleague in another department." in html
    assert html.count("Someone outside who buys.") == 1
    external = html[html.index('id="external-customer"') :]
    assert "Test Awarding Body" in external and "Other Body" in external
    assert "Test Awarding Body" in external[: external.index("</dd>")]
    assert "Other Body" in external[: external.index("</dd>")]


def test_glossary_term_on_a_topic_page_links_to_its_entry(client):
    topic = make_topic()
    glossary = client.get(reverse("topics:glossary")).content.decode()
    term = KeyTerm.objects.get()
    assert f'id="{term.glossary_anchor}"' in glossary
    assert (
        f'href="/glossary/#{term.glossary_anchor}"'
        in client.get(topic.get_absolute_url()).content.decode()
    )
    # and back: the glossary's entry links to the term on its topic's page
    assert f'href="/topics/test-topic/#{term.page_anchor}"' in glossary


def test_glossary_with_no_terms_says_so(client):
    assert "No key terms yet." in client.get(reverse("topics:glossary")).content.decode()


@pytest.mark.parametrize(
    "url", ["/topics/no-such-topic/", "/compare/nothing/", "/no/such/page/", "/topics/Bad Slug/"]
)
def test_unknown_addresses_are_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Skip to main content" in html and 'lang="en-GB"' in html


@pytest.mark.urls("tests.topics.test_pages")
def test_a_fault_is_a_friendly_500_that_reveals_nothing(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and 'lang="en-GB"' in html
    assert "RuntimeError" not in html and "a fault the learner" not in html
    assert "/static/css/site.css" in html


def test_the_printed_sheet_says_where_it_came_from(client):
    topic = make_topic()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'class="print-only"' in html
    assert "printed from http://testserver/topics/test-topic/" in html


def test_pages_answer_head_requests(client):
    topic = make_topic()
    for url in ("/", topic.get_absolute_url(), "/glossary/", "/search/?q=loyalty"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response["ETag"]


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
    assert first["Cache-Control"] == "no-cache"
    assert client.get(topic.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304
    # a compressing proxy weakens the tag; a browser may send several
    assert client.get(topic.get_absolute_url(), HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    several = f'"stale", {etag}'
    assert client.get(topic.get_absolute_url(), HTTP_IF_NONE_MATCH=several).status_code == 304
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 200  # each page its own tag

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


# Queries for one uncached render, including the read of the content generation. Each guards an
# N+1: the topic and compare pages prefetch one query per kind of part (never one per item or per
# question); home counts with subqueries (never a query per topic); glossary and search load
# each term's or hit's topic in the same or one extra query.
PAGE_QUERIES = {
    "/topics/test-topic/": 11,  # generation, topic, 8 kinds of part, same unit
    "/compare/shared/": 10,  # generation, topics, 8 kinds of part
    "/": 2,  # generation, topics with counts
    "/glossary/": 2,  # generation, terms with their topics
    "/search/?q=outcome": 4,  # generation, the search, the hits' topics, the words known
}


@pytest.mark.parametrize("url", PAGE_QUERIES)
def test_pages_cost_a_fixed_number_of_queries_whatever_the_content(
    client, django_assert_max_num_queries, url
):
    make_topic(**big_topic_overrides(10), unit="shared")
    make_topic(
        slug="second",
        unit="shared",
        qualification=other_body_qualification(),
        **big_topic_overrides(10),
    )
    for slug in ("third", "fourth"):
        make_topic(slug=slug)
    ContentVersion.bump()  # nothing cached: this is a full render
    with django_assert_max_num_queries(PAGE_QUERIES[url]):
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


def test_a_tutors_change_to_a_quiz_drops_the_cached_pages(
    client, django_capture_on_commit_callbacks
):
    topic = make_topic()
    assert "2 marking points" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        MarkingPoint.objects.filter(key="external").delete()
    assert "1 marking point" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        topic.questions.all().delete()
        topic.misconceptions.all().delete()
    assert "Test yourself" not in client.get(topic.get_absolute_url()).content.decode()


def test_one_save_of_many_parts_bumps_the_generation_once(django_capture_on_commit_callbacks):
    topic = make_topic()
    before = ContentVersion.current().generation
    with django_capture_on_commit_callbacks(execute=True):
        for tip in topic.tips.all():
            tip.text += " Edited."
            tip.save()
        topic.title = "Edited title"
        topic.save()
    assert ContentVersion.current().generation == before + 1


def test_page_views_refuse_posts(client):
    assert client.post("/").status_code == 405
    assert client.post("/search/", {"q": "x"}).status_code == 405


def test_every_page_links_its_stylesheet_from_this_host_only(client):
    make_topic()
    html = client.get("/").content.decode()
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    assert "/static/css/site.css" in html


def test_content_pages_carry_no_script_no_token_and_set_no_cookie(client):
    """What makes them safe to cache for every visitor, and light on a phone."""
    topic = make_topic(unit="shared")
    make_topic(slug="other", unit="shared", qualification=other_body_qualification())
    for url in ("/", topic.get_absolute_url(), "/compare/shared/", "/glossary/", "/search/?q=x"):
        response = client.get(url)
        html = response.content.decode()
        assert "<script" not in html and "csrfmiddlewaretoken" not in html, url
        assert "X-CSRFToken" not in html and " style=" not in html, url
        assert not response.cookies, url
