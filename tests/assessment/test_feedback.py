"""Feedback that teaches (issue 13): a next step, a link to the teaching, a relevant tip, the shape
of an explanation; made at display time, so old attempts read in today's words."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt, MarkingPoint
from assessment.wording import next_step, sentence_shape
from tests.factories import make_question, make_topic, make_topic_mapping
from topics.content_format import check_documents, mapping_document

pytestmark = pytest.mark.django_db

EXTERNAL_ONLY = "External customers are people outside the business who buy goods or services."


def quiz_url(topic, number=1):
    return reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": number})


def feedback_page(client, topic, answer, number=1) -> str:
    response = client.post(quiz_url(topic, number), {"answer": answer})
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_missed_point_gets_a_next_step_and_a_link_to_where_the_topic_teaches_it(client):
    topic = make_topic()
    page = feedback_page(client, topic, EXTERNAL_ONLY)
    text = text_of(page)
    # one line first: the mark, and what to do for the mark still missing
    assert (
        "1 of 2. To get the last mark, say what internal customers are: colleagues or other "
        "departments." in text
    )
    assert "Next step Say what internal customers are: colleagues or other departments." in text
    # the key term that teaches it, by its anchor on the topic page
    assert 'href="/topics/test-topic/#term-internal-customer"' in page
    topic_page = client.get(topic.get_absolute_url()).content.decode()
    assert 'id="term-internal-customer"' in topic_page
    # the examiner's criterion text is no longer offered as the thing to revise
    assert "#criterion-" not in page


def test_a_tip_is_shown_only_when_it_is_about_the_point_or_a_tutor_linked_it(client):
    tips = [
        {"text": "Use workplace examples.", "scope": "topic"},
        {"id": "colleagues", "text": "Think of who you hand work to.", "scope": "topic"},
        {"text": "Internal customers are colleagues and departments: name both.", "scope": "topic"},
    ]
    topic = make_topic(tips=tips)
    text = text_of(feedback_page(client, topic, EXTERNAL_ONLY))
    assert "Tip: Internal customers are colleagues and departments: name both." in text
    assert "Use workplace examples" not in text and "hand work to" not in text

    MarkingPoint.objects.filter(key="internal").update(tip="colleagues")
    text = text_of(feedback_page(client, topic, EXTERNAL_ONLY + " Really."))
    assert "Tip: Think of who you hand work to." in text


def test_an_old_attempt_reads_in_todays_words_and_stores_no_sentence(client):
    topic = make_topic()
    response = client.post(quiz_url(topic), {"answer": EXTERNAL_ONLY})
    attempt = Attempt.objects.get()
    stored = str(attempt.result)
    assert "Say what" not in stored and "Not found" not in stored  # codes, not sentences

    MarkingPoint.objects.filter(key="internal").update(
        hint="Add who inside the business relies on your work.", learn="Loyalty"
    )
    text = text_of(client.get(response.url).content.decode())
    assert "Next step Add who inside the business relies on your work." in text
    assert "Learn it: Loyalty" in text


def test_a_point_named_but_not_explained_shows_what_explain_needs_and_the_answers_shape(client):
    question = make_question(
        command_word="explain",
        prompt="Explain why loyalty matters to a business.",
        marks=1,
        model_answer="Loyal customers matter because they come back, so sales go up.",
        points=[
            {
                "id": "loyal",
                "text": "Explains that loyal customers come back, so sales rise.",
                "depth": "explain",
                "accept": ["loyal customers"],
            }
        ],
    )
    topic = make_topic(questions=[question])
    page = feedback_page(client, topic, "Loyal customers are good for the business.")
    text = text_of(page)
    assert "did not explain it" in text
    assert "Explain : Say why or how: give a reason or a result" in text
    assert "Write it the way the model answer does: <q>… because …, so …</q>" in page
    assert 'href="/command-words/#word-explain"' in page


def test_try_again_starts_from_the_previous_answer_and_only_the_learners_own(client):
    topic = make_topic()
    client.post(quiz_url(topic), {"answer": EXTERNAL_ONLY})
    attempt = Attempt.objects.get()
    again = client.get(quiz_url(topic) + f"?again={attempt.pk}").content.decode()
    assert f">{EXTERNAL_ONLY}</textarea>" in again

    stranger = Client().get(quiz_url(topic) + f"?again={attempt.pk}").content.decode()
    assert EXTERNAL_ONLY not in stranger
    assert client.get(quiz_url(topic) + "?again=nonsense").status_code == 200


def test_marking_with_htmx_pushes_the_feedback_address_a_refresh_shows_again(client):
    topic = make_topic()
    response = client.post(
        quiz_url(topic), {"answer": EXTERNAL_ONLY}, headers={"HX-Request": "true"}
    )
    attempt = Attempt.objects.get()
    pushed = response["HX-Push-Url"]
    assert pushed == reverse(
        "assessment:quiz_feedback",
        kwargs={"slug": topic.slug, "number": 1, "attempt_id": attempt.pk},
    )
    assert "You scored 1 out of 2" in client.get(pushed).content.decode()


def test_see_your_summary_appears_once_on_the_last_item(client):
    topic = make_topic(misconceptions=[])
    page = feedback_page(client, topic, EXTERNAL_ONLY)
    assert page.count("See your summary") == 1
    assert "Skip to your summary" not in page


def test_each_question_says_what_its_command_word_asks_and_links_to_the_guide(client):
    topic = make_topic()
    page = client.get(quiz_url(topic)).content.decode()
    assert "Say what it is or what happens, in full sentences" in page
    assert 'href="/command-words/#word-describe"' in page

    guide = client.get(reverse("assessment:command_words")).content.decode()
    for word in ("identify", "state", "describe", "explain", "analyse", "evaluate", "justify"):
        assert f'id="word-{word}"' in guide
    assert "Example question:" in guide and "Consumer Rights Act 2015" in guide


def test_next_steps_made_from_examiners_points_read_as_instructions():
    assert next_step("Explains why loyalty matters.") == "Explain why loyalty matters."
    assert next_step("Award credit for naming a law") == "Name a law."
    assert next_step("Politely refuses to share details.") == "Politely refuse to share details."
    assert (
        next_step("Customer service is meeting customers' needs and expectations.")
        == "Say what customer service is: meeting customers' needs and expectations."
    )
    assert (
        next_step("Satisfied customers are more likely to return.")
        == "Add that satisfied customers are more likely to return."
    )
    assert next_step("Anything at all.", "  Write the hint.  ") == "Write the hint."


def test_the_sentence_shape_keeps_the_connectives_of_the_first_reasoned_sentence():
    assert (
        sentence_shape("It is a law. It matters because they return, so sales rise.")
        == "… because …, so …"
    )
    assert sentence_shape("No reasons here. None at all.") == ""


def test_a_points_tip_and_learn_must_name_parts_of_its_topic():
    mapping = make_topic_mapping()
    mapping["questions"][0]["points"][0].update(tip="nowhere", learn="Not a concept")
    errors, _ = check_documents([mapping_document(mapping, "test-topic.yaml")])
    messages = " ".join(error.message for error in errors)
    assert "'nowhere' is not the id of one of this topic's tips" in messages
    assert "'Not a concept' is not the name of one of this topic's key concepts" in messages

    mapping["tips"][0]["id"] = "examples"
    mapping["questions"][0]["points"][0].update(tip="examples", learn="internal customer")
    errors, _ = check_documents([mapping_document(mapping, "test-topic.yaml")])
    assert errors == []
