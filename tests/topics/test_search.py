"""Search: ranked, across every part, other word forms, highlighted safely."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import make_topic
from topics.models import Tip
from topics.search import search, search_with_correction

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    make_topic(
        slug="complaints-topic",
        title="Handling complaints",
        mistakes=["Ignoring complaints from customers."],
        key_terms=[
            {"term": "Complaint", "definition": "A customer's expression of dissatisfaction."}
        ],
    )
    make_topic(
        slug="data-topic", title="Data protection", synopsis="Keeping customer records safe."
    )


def test_other_word_forms_match_and_the_part_is_named(client, topics):
    html = client.get("/search/?q=complaint").content.decode()
    assert "Handling complaints" in html
    assert "Common mistake" in html
    assert "Key term" in html
    assert "<mark>complaints</mark>" in html.lower() or "<mark>complaint</mark>" in html.lower()
    assert "Keeping customer records safe." not in html


def test_a_word_in_a_title_ranks_above_the_same_word_in_a_tip(client):
    # no key concept named "Loyalty": a name the query says exactly comes first (tested below)
    concepts = [{"name": "Rapport", "description": "Getting on with customers."}]
    make_topic(
        slug="tip-mentions",
        title="Handling enquiries",
        key_concepts=concepts,
        tips=[{"text": "Loyalty matters when you answer questions.", "scope": "topic"}],
    )
    make_topic(slug="about-loyalty", title="Customer loyalty", key_concepts=concepts)
    hits = search("loyalty")
    assert hits[0].topic.slug == "about-loyalty" and hits[0].part == "title"
    assert [hit.rank for hit in hits] == sorted((hit.rank for hit in hits), reverse=True)
    html = client.get("/search/?q=loyalty").content.decode()
    assert html.index('href="/topics/about-loyalty/"') < html.index('href="/topics/tip-mentions/')


def test_entries_holding_every_word_come_before_those_holding_some(client):
    make_topic(slug="both", mistakes=["Rude staff lose loyal customers."])
    make_topic(slug="one", mistakes=["Rude remarks."])
    hits = search("rude loyal")
    assert {hit.topic.slug for hit in hits} == {"both"}  # any-word results only when none has all
    assert {hit.topic.slug for hit in search("rude zebra")} == {"both", "one"}


@pytest.mark.parametrize(
    ("word", "label", "anchor"),
    [
        ("Zanzibar", "Title", ""),
        ("quokka", "Synopsis", "#synopsis"),
        ("aardvark", "Learning outcome", "#outcomes"),
        ("walrus", "Key concept", "#concepts"),
        ("yodel", "What examiners award credit for", "#criterion-ac1"),
        ("kazoo", "Exam tip", "#tips"),
        ("marmalade", "Common mistake", "#mistakes"),
        ("xylophone", "Misconception", "#misconception-odd"),
        ("gazebo", "Key term", "#term-gazebo"),
    ],
)
def test_every_part_is_searched_and_named(client, word, label, anchor):
    make_topic(
        slug="parts",
        title="Zanzibar",
        synopsis="A *quokka* here.",
        learning_outcomes=["Understand the aardvark"],
        key_concepts=[{"name": "Walrus", "description": "A concept."}],
        assessment_criteria=[{"id": "ac1", "text": "Award credit for a yodel."}],
        tips=[{"text": "Bring a kazoo.", "scope": "topic"}],
        mistakes=["Spilling marmalade."],
        misconceptions=[{"id": "odd", "statement": "A xylophone is rude.", "correction": "No."}],
        key_terms=[{"term": "Gazebo", "definition": "A shelter."}],
    )
    html = client.get("/search/", {"q": word}).content.decode()
    assert "1 result for" in html
    assert f"{label} · Test Awarding Body" in html
    assert f'href="/topics/parts/{anchor}"' in html
    assert re.search(rf"<mark>{word}</mark>", html, re.IGNORECASE)


def test_the_synopsis_is_searched_as_the_words_a_learner_reads(client):
    make_topic(synopsis="Read about **loyalty** and [retention](https://example.org/).")
    html = client.get("/search/?q=retention").content.decode()
    assert "**" not in html and "](https" not in html
    assert "<mark>retention</mark>" in html


def test_a_tutors_edit_is_searchable_once_saved(client, django_capture_on_commit_callbacks):
    make_topic()
    assert "0 results" in client.get("/search/?q=wombat").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        tip = Tip.objects.first()
        tip.text = "Mention the wombat."
        tip.save()
    assert "1 result for" in client.get("/search/?q=wombat").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Tip.objects.filter(pk=tip.pk).first().delete()
    assert "0 results" in client.get("/search/?q=wombat").content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
def test_postgresql_search_reads_its_gin_index():
    make_topic()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        cursor.execute(
            "EXPLAIN SELECT id FROM topics_searchentry WHERE to_tsvector('english'::regconfig, "
            "COALESCE(body, '')) @@ to_tsquery('english'::regconfig, 'loyalty')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "topics_searchentry_body_english" in plan


def test_a_hit_links_to_the_part_that_matched(client, topics):
    html = client.get("/search/?q=ignoring").content.decode()
    assert 'href="/topics/complaints-topic/#mistakes"' in html


def test_hostile_query_is_escaped_and_does_not_break_search(client, topics):
    for query in [
        "<script>alert(1)</script>",
        '"unbalanced',
        "NEAR(a b",
        "* OR 1=1; --",
        "a" * 500,
        "\x02 \x03 complaints",  # the snippet markers themselves
        "'; DROP TABLE topics_topic; --",
    ]:
        response = client.get("/search/", {"q": query})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert(1)" not in html


def test_hostile_content_is_escaped_inside_snippets(client):
    make_topic(mistakes=["<b>bold</b> complaints handled badly"])
    html = client.get("/search/?q=complaints").content.decode()
    # SQLite's snippet keeps the tags as escaped text; PostgreSQL's drops them: never raw markup
    assert "<b>bold</b>" not in html
    assert re.search(r"bold.{0,40}<mark>complaints</mark>", html)


def test_empty_query_shows_the_form_only(client, topics):
    html = client.get("/search/?q=").content.decode()
    assert "result" not in html
    assert 'type="search"' in html


@pytest.fixture
def real_content():
    call_command("import_content", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_mistyped_word_finds_what_the_right_word_would(client, real_content):
    html = client.get("/search/", {"q": "complant"}).content.decode()
    assert 'Showing results for <strong class="suggestion">complaint</strong>' in html
    assert re.search(r"<mark>complaints?</mark>", html, re.IGNORECASE)
    assert "0 results" not in html


def test_a_known_word_beside_a_typo_keeps_its_results_and_the_typo_is_suggested(client, topics):
    results = search_with_correction("ignoring complant")
    assert results.hits and not results.corrected
    assert results.suggestion == "ignoring complaint"
    html = client.get("/search/", {"q": "ignoring complant"}).content.decode()
    assert 'Did you mean <a class="suggestion" href="/search/?q=ignoring%20complaint">' in html


def test_a_correctly_spelt_word_in_another_form_is_not_corrected(topics):
    # "ignored" is not in the content, but its stem is ("ignoring"): the index knows it
    assert search_with_correction("ignored").suggestion == ""


def test_a_question_ranks_the_term_it_asks_about_first_and_marks_no_grammar_words(
    client, real_content
):
    hits = search("what is an internal customer")
    assert [hit.part for hit in hits[:3]] == ["term", "term", "term"]
    # both topics' "Internal customer" before "Internal and external customers"
    for hit in hits[:2]:
        assert hit.snippet.lower().startswith("<mark>internal</mark> <mark>customer</mark>:")
    assert hits[2].anchor == "term-internal-and-external-customers"
    html = client.get("/search/", {"q": "what is an internal customer"}).content.decode()
    for grammar_word in ("what", "is", "an"):
        assert f"<mark>{grammar_word}</mark>" not in html.lower()


def test_a_key_term_result_links_to_the_term_itself(client, real_content):
    html = client.get("/search/", {"q": "acquisition cost"}).content.decode()
    assert 'href="/topics/understand-customers-focus/#term-acquisition-cost"' in html
    topic = client.get("/topics/understand-customers-focus/").content.decode()
    assert 'id="term-acquisition-cost"' in topic


def test_nothing_found_is_a_clear_empty_state_not_a_numbered_result(client, topics):
    html = client.get("/search/", {"q": "zzqxv"}).content.decode()
    assert "0 results for" in html
    assert "<h2>No matches</h2>" in html
    assert "Check the spelling" in html
    assert '<ol class="search-results">' not in html


def test_a_query_of_grammar_words_only_says_to_use_a_topic_word(client, topics):
    results = search_with_correction("what is the")
    assert results.hits == [] and results.searched == []
    html = client.get("/search/", {"q": "what is the"}).content.decode()
    assert "try a topic word" in html
    assert '<ol class="search-results">' not in html
