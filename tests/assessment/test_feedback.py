"""Feedback that teaches (issue 13): a next step, a link to the teaching, a relevant tip, the shape
of an explanation; made at display time, so old attempts read in today's words."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt, CheckAnswer, MarkingPoint
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
        "You scored 1 out of 2 To get the last mark, say what "
        "internal customers are: colleagues or other departments." in text
    )
    assert "Next step Say what internal customers are: colleagues or other departments." in text
    assert "Every mark earned" not in text
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


# --- true-or-false checks (item 8) -------------------------------------------------------------

TWO_MISCONCEPTIONS = [
    {
        "id": "complaints-negative",
        "statement": "Complaints are always negative.",
        "correction": "Complaints are valuable feedback.",
    },
    {
        "id": "external-only",
        "statement": "Only external customers matter.",
        "correction": "Colleagues are customers too.",
    },
]


def test_checks_mix_true_statements_with_false_ones_and_are_kept_in_progress(client):
    topic = make_topic(misconceptions=TWO_MISCONCEPTIONS)
    # question 1, then a false statement, then its neighbour's correction: a true one
    false_check = client.get(quiz_url(topic, 2)).content.decode()
    true_check = client.get(quiz_url(topic, 3)).content.decode()
    assert "Complaints are always negative." in false_check
    assert "Colleagues are customers too." in true_check
    assert "Only external customers matter." not in true_check

    response = client.post(quiz_url(topic, 3), {"verdict": "true"})
    page = text_of(client.get(response.url).content.decode())
    assert "Right: it is true." in page
    assert "It corrects a common mistake: Only external customers matter." in page
    client.post(quiz_url(topic, 2), {"verdict": "true"})

    answers = list(
        CheckAnswer.objects.order_by("created_at", "id").values_list(
            "session_key",
            "topic__slug",
            "statement_key",
            "statement_is_true",
            "chose_true",
            "correct",
        )
    )
    session = client.session.session_key
    assert answers == [
        (session, "test-topic", "external-only:correction", True, True, True),
        (session, "test-topic", "complaints-negative:statement", False, True, False),
    ]
    # showing the feedback again (a refresh) records nothing more
    client.get(response.url)
    assert CheckAnswer.objects.count() == 2


def test_the_topic_page_does_not_say_every_belief_is_wrong_before_the_check(client):
    topic = make_topic()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Each statement below is wrong" not in page
    assert "Decide whether each is true or false" in page


def test_a_check_with_htmx_pushes_the_address_of_its_feedback(client):
    topic = make_topic()
    response = client.post(quiz_url(topic, 2), {"verdict": "false"}, headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == quiz_url(topic, 2) + "?verdict=false"
    assert "Right: it is false." in client.get(response["HX-Push-Url"]).content.decode()


# --- challenges and the wipe (items 10 and 11) -------------------------------------------------


def test_a_challenge_without_javascript_comes_back_to_its_point_with_the_thanks(client):
    topic = make_topic()
    client.post(quiz_url(topic), {"answer": EXTERNAL_ONLY})
    attempt = Attempt.objects.get()
    url = reverse("assessment:challenge", args=[attempt.pk])
    response = client.post(url, {"point": "internal"})
    assert response.url.endswith("#point-internal")
    page = client.get(response.url).content.decode()
    # the point's details are open, so its thanks is in view where the button was
    assert '<details class="point-more" open>' in page
    assert "Thanks: a tutor will look at your answer for that point" in page

    htmx = client.post(url, {"point": "internal"}, headers={"HX-Request": "true"})
    assert 'tabindex="-1" autofocus' in htmx.content.decode()  # focus goes to the message


def test_the_progress_page_shows_what_the_tutor_decided(client):
    from assessment.models import Challenge
    from assessment.review import challenge_resolve

    topic = make_topic()
    client.post(quiz_url(topic), {"answer": EXTERNAL_ONLY})
    attempt = Attempt.objects.get()
    challenge = Challenge.objects.create(attempt=attempt, point_key="internal")
    text = text_of(client.get(reverse("assessment:progress")).content.decode())
    assert "Waiting for a tutor . Internal customers are colleagues" in text

    challenge_resolve(challenge=challenge, accepted=True, user=None, mark=2)
    text = text_of(client.get(reverse("assessment:progress")).content.decode())
    assert "Accepted : a tutor agreed you earned it." in text


def test_wiping_asks_first_says_what_goes_and_counts_it_right(client):
    topic = make_topic()
    for answer in (EXTERNAL_ONLY, EXTERNAL_ONLY + " Again.", "Colleagues.", "Customers."):
        client.post(quiz_url(topic), {"answer": answer})
    client.post(quiz_url(topic, 2), {"verdict": "false"})
    attempt = Attempt.objects.first()
    client.post(reverse("assessment:challenge", args=[attempt.pk]), {"point": "internal"})

    confirm = text_of(client.get(reverse("assessment:progress_wipe")).content.decode())
    assert (
        "This deletes 4 written answers, 1 true-or-false answer and 1 challenge from this "
        "browser's history" in confirm
    )
    # a post that did not come from the confirming form changes nothing
    client.post(reverse("assessment:progress_wipe"))
    assert Attempt.objects.count() == 4

    response = client.post(reverse("assessment:progress_wipe"), {"confirm": "True"}, follow=True)
    text = text_of(response.content.decode())
    assert (
        "Your history is wiped: 4 written answers, 1 true-or-false answer and 1 challenge deleted."
        in text
    )
    assert (Attempt.objects.count(), CheckAnswer.objects.count()) == (0, 0)


def test_the_summary_line_points_to_the_steps_when_there_are_several():
    from assessment.feedback import MissedPoint, summary_line

    def missed(step: str) -> MissedPoint:
        return MissedPoint("k", "text", "missed", 0, 1, step, "", None, None)

    assert summary_line(3, 3, []) == "Every mark earned."
    assert (
        summary_line(2, 3, [missed("Add why loyalty matters.")])
        == "To get the last mark, add why loyalty matters."
    )
    assert (
        summary_line(1, 3, [missed("A."), missed("B.")])
        == "For 2 more marks, follow the 2 next steps below."
    )


def test_a_point_named_but_not_described_shows_what_describe_needs(client):
    topic = make_topic()
    page = feedback_page(client, topic, "colleagues, departments, outside, buy")
    text = text_of(page)
    assert "but did not describe" in text
    assert "Describe : Say what it is or what happens, in full sentences" in text
    assert "Write it in this shape: <q>… is … that …, for example …</q>" in page
    assert 'href="/command-words/#word-describe"' in page
