"""What the home and topic pages show a learner: reviews due, marks at a glance, what each
criterion shows, and one thing to do next. The shared cached copy never carries any of it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_topic, make_two_criteria_topic

pytestmark = pytest.mark.django_db

HALF_RIGHT = "Internal customers are colleagues or other departments who rely on our work."
HOME = reverse("topics:home")


@pytest.fixture
def topic():
    return make_two_criteria_topic()


def quiz_answer(client, topic, text):
    url = reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": 1})
    client.post(url, {"answer": text})


def test_home_suggests_the_weakest_criterion_then_the_due_review(client, topic, clock):
    first_visit = Client().get(HOME)  # a visitor without a session: the shared, cached page
    assert "Next for you" not in first_visit.content.decode()
    assert first_visit.headers["Cache-Control"] == "no-cache"

    quiz_answer(client, topic, HALF_RIGHT)
    response = client.get(HOME)
    html = response.content.decode()
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "Next for you" in html
    assert (
        "Your weakest point now, in Test topic: <strong>Name the types of customer.</strong>"
        in html
    )
    assert 'href="/topics/test-topic/#criterion-ac1"' in html
    assert "Your latest marks: <strong>1 / 2</strong>" in html

    clock.now += timedelta(days=1)
    html = client.get(HOME).content.decode()
    assert "Review: 1 due." in html
    assert 'href="/review/"' in html and "1 review due" in html

    # the page a learner saw is theirs alone: a visitor without a session gets the shared copy
    assert "Next for you" not in Client().get(HOME).content.decode()


def test_the_topic_page_shows_what_this_learner_has_and_has_not_shown(client, topic):
    quiz_answer(client, topic, HALF_RIGHT)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "What you have shown so far" in html
    shown = html[html.index("What you have shown so far") :]
    assert "Partly shown</span> Name the types of customer. " in shown
    assert "Not tried yet</span> Explain why loyalty matters." in shown
    assert "What you have shown" not in Client().get(topic.get_absolute_url()).content.decode()


def test_learners_home_page_queries_do_not_grow_with_topics(client, django_assert_max_num_queries):
    topics = [make_topic(slug=f"topic-{i}", title=f"Topic {i}") for i in range(5)]
    for each in topics:
        quiz_answer(client, each, HALF_RIGHT)
    # one snapshot per request, for every card on the page
    with django_assert_max_num_queries(16):
        client.get(HOME)
