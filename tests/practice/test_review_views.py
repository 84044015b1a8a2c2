"""The review session, flashcards and progress codes through the test client: plain forms
(post, redirect, get) and htmx partials."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt
from practice.models import ProgressCode, ReviewCard
from tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

HALF_RIGHT = "Internal customers are colleagues or other departments who rely on our work."
BOTH_RIGHT = (
    HALF_RIGHT + " External customers are people outside the business who buy goods or services."
)
REVIEW = reverse("practice:review")


@pytest.fixture
def topic():
    return make_topic()


def answer_action(page: str) -> str:
    """Where the review page's answer form posts (the card, and the question it asks)."""
    return html.unescape(
        re.search(r'<form class="quiz-item" method="post" action="([^"]+)"', page)[1]
    )


def quiz_answer(client, topic, text):
    url = reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": 1})
    return client.post(url, {"answer": text})


def test_a_missed_point_is_due_the_next_day_and_its_review_asks_again(client, topic, clock):
    quiz_answer(client, topic, HALF_RIGHT)
    page = client.get(REVIEW).content.decode()
    assert "Nothing due now" in page
    assert "next review is due" in page

    clock.now += timedelta(days=1)
    page = client.get(REVIEW).content.decode()
    assert "<strong>1</strong> due now" in page
    assert "Describe two types of customer." in page
    card = ReviewCard.objects.get()
    response = client.post(answer_action(page), {"answer": BOTH_RIGHT, "submission": "x"})
    attempt = Attempt.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("practice:review_feedback", args=[card.pk, attempt.pk])
    feedback = client.get(response.url).content.decode()
    assert "You scored 2 out of 2" in feedback
    assert re.search(r"comes back in \d+ days", feedback)
    assert "You are up to date" in client.get(REVIEW).content.decode()


def test_with_htmx_the_review_answers_with_its_feedback_partial(client, topic, clock):
    quiz_answer(client, topic, HALF_RIGHT)
    clock.now += timedelta(days=1)
    page = client.get(REVIEW).content.decode()
    response = client.post(
        answer_action(page), {"answer": HALF_RIGHT + " Again."}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "You scored 1 out of 2" in html
    assert "comes back tomorrow" in html


def test_a_review_asks_another_question_on_the_same_criterion_where_there_is_one(client, clock):
    other = make_question(
        id="q2",
        prompt="Who are external customers?",
        marks=1,
        points=[{"id": "outside", "text": "People outside the business who buy from it."}],
        model_answer="People outside the business who buy from it.",
    )
    topic = make_topic(questions=[make_question(), other])
    quiz_answer(client, topic, HALF_RIGHT)
    clock.now += timedelta(days=1)
    page = client.get(REVIEW).content.decode()
    assert "Who are external customers?" in page
    card = ReviewCard.objects.get()
    client.post(
        answer_action(page), {"answer": "Shoppers from outside the company who purchase our goods."}
    )
    card.refresh_from_db()
    assert Attempt.objects.latest("pk").mark == 1, Attempt.objects.latest("pk").result
    assert card.due > clock.now + timedelta(days=1)  # rated from the other question's verdict


def test_a_card_of_another_learner_or_a_question_not_on_its_point_is_not_found(
    client, topic, clock
):
    quiz_answer(client, topic, HALF_RIGHT)
    card = ReviewCard.objects.get()
    stranger = Client()
    assert stranger.get(reverse("practice:review_card", args=[card.pk])).status_code == 404
    url = reverse("practice:review_card", args=[card.pk]) + "?question=999"
    assert client.post(url, {"answer": BOTH_RIGHT}).status_code == 404


def test_flashcards_are_chosen_then_rated_without_javascript(client, topic, clock):
    url = reverse("practice:flashcards", args=[topic.slug])
    page = client.get(url).content.decode()
    assert "Practise these 1 term" in page
    response = client.post(url, {"action": "practise"})
    assert response.url == REVIEW
    page = client.get(REVIEW).content.decode()
    assert "2 flashcards added" in page
    assert "What does it mean?" in page and "Internal customer" in page
    assert 'Good <span class="when">in 2 days</span>' in page
    card = ReviewCard.objects.get(reverse=False)
    response = client.post(reverse("practice:review_card", args=[card.pk]), {"rating": "4"})
    assert response.url == REVIEW
    page = client.get(REVIEW).content.decode()
    assert "Internal customer: next in 8 days." in page
    assert "Which term is this?" in page  # the reversed card is next
    assert "A colleague who relies on you." in page


def test_a_flashcard_rating_with_htmx_answers_with_the_next_card(client, topic, clock):
    client.post(reverse("practice:flashcards", args=[topic.slug]), {"action": "practise"})
    card = ReviewCard.objects.get(reverse=False)
    response = client.post(
        reverse("practice:review_card", args=[card.pk]),
        {"rating": "3"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Internal customer: next in 2 days." in html
    assert "Which term is this?" in html


def test_a_bad_rating_is_a_form_error_and_changes_nothing(client, topic, clock):
    client.post(reverse("practice:flashcards", args=[topic.slug]), {"action": "practise"})
    card = ReviewCard.objects.get(reverse=False)
    response = client.post(reverse("practice:review_card", args=[card.pk]), {"rating": "9"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    card.refresh_from_db()
    assert card.reviews == 0


def test_stopping_flashcards_takes_the_terms_out_of_the_reviews(client, topic):
    url = reverse("practice:flashcards", args=[topic.slug])
    response = client.post(url, {"action": "delete-everything"})
    assert response.status_code == 400 and "Choose one of the buttons" in response.content.decode()
    assert not ReviewCard.objects.exists()
    client.post(url, {"action": "practise"})
    client.post(url, {"action": "stop"})
    assert not ReviewCard.objects.exists()


def test_a_progress_code_opens_the_same_progress_in_another_browser(client, topic):
    quiz_answer(client, topic, HALF_RIGHT)
    page = client.post(reverse("practice:progress_code")).content.decode()
    code = re.search(r"<code>([A-Z2-7-]+)</code>", page).group(1)
    assert len(code.replace("-", "")) * 5 >= 128
    assert "<svg" in page  # the QR code

    other = Client()
    quiz_answer(other, topic, BOTH_RIGHT)  # this browser's own answer joins the history
    use = reverse("practice:progress_code_use")
    response = other.post(use, {"code": code.lower().replace("-", " ")})
    assert response.url == reverse("assessment:progress")
    assert other.session.session_key == client.session.session_key
    assert Attempt.objects.filter(session_key=client.session.session_key).count() == 2

    # the code typed again in a browser that already shares the progress changes nothing
    response = client.post(use, {"code": code})
    assert response.url == reverse("assessment:progress")
    assert Attempt.objects.filter(session_key=client.session.session_key).count() == 2


def test_a_wrong_or_wiped_code_opens_nothing_and_redeeming_is_rate_limited(client, topic, settings):
    quiz_answer(client, topic, HALF_RIGHT)
    page = client.post(reverse("practice:progress_code")).content.decode()
    code = re.search(r"<code>([A-Z2-7-]+)</code>", page).group(1)
    client.post(reverse("assessment:progress_wipe"), {"confirm": "on"})
    assert not ProgressCode.objects.exists()

    other = Client()
    use = reverse("practice:progress_code_use")
    response = other.post(use, {"code": code})
    assert response.status_code == 200
    assert "does not open any progress" in response.content.decode()
    response = other.post(use, {"code": "short"})
    assert "has 5" in response.content.decode()

    settings.PROGRESS_CODE_RATE_PER_ADDRESS = 2
    response = other.post(use, {"code": code})
    assert response.status_code == 429
    assert "Too many codes" in response.content.decode()


def test_wiping_deletes_the_cards_and_parts_the_devices_that_shared_the_history(client, topic):
    quiz_answer(client, topic, HALF_RIGHT)
    page = client.post(reverse("practice:progress_code")).content.decode()
    code = re.search(r"<code>([A-Z2-7-]+)</code>", page).group(1)
    other = Client()
    other.post(reverse("practice:progress_code_use"), {"code": code})
    shared = client.session.session_key
    client.post(reverse("assessment:progress_wipe"), {"confirm": "on"})
    assert not ReviewCard.objects.exists()
    assert client.session.session_key != shared
    quiz_answer(client, topic, HALF_RIGHT)
    assert Attempt.objects.get().session_key != other.cookies["sessionid"].value


def test_a_wrong_true_or_false_check_comes_back_the_next_day(client, topic, clock):
    check_url = reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": 2})
    client.post(check_url, {"verdict": "true"})  # "Complaints are always negative." is false
    card = ReviewCard.objects.get(kind="check")
    assert card.due == clock.now + timedelta(days=1)
    client.post(check_url, {"verdict": "false"})  # right at once: not a recall
    card.refresh_from_db()
    assert card.due == clock.now + timedelta(days=1)

    clock.now += timedelta(days=1)
    page = client.get(REVIEW).content.decode()
    assert "True or false?" in page and "Complaints are always negative." in page
    url = reverse("practice:review_card", args=[card.pk])
    response = client.post(url, {"verdict": "false"})
    assert response.url == url + "?verdict=false"
    feedback = client.get(response.url).content.decode()
    assert "Right: it is false." in feedback
    assert "Complaints are valuable feedback." in feedback
    card.refresh_from_db()
    assert card.due > clock.now + timedelta(days=1)

    assert client.post(url, {"verdict": "maybe"}).status_code == 400


def test_a_check_answered_with_htmx_answers_with_its_feedback_partial(client, topic, clock):
    check_url = reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": 2})
    client.post(check_url, {"verdict": "true"})
    card = ReviewCard.objects.get(kind="check")
    response = client.post(
        reverse("practice:review_card", args=[card.pk]),
        {"verdict": "true"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Not quite: it is false." in html and "comes back tomorrow" in html


def test_expire_records_deletes_the_cards_and_codes_of_sessions_that_ended(client, topic):
    import io

    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    quiz_answer(client, topic, HALF_RIGHT)
    client.post(reverse("practice:progress_code"))
    ended = Client()
    quiz_answer(ended, topic, HALF_RIGHT)
    ended.post(reverse("practice:progress_code"))
    Session.objects.filter(session_key=ended.session.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    out = io.StringIO()
    call_command("expire_records", stdout=out)
    assert "and 2 record(s) kept for them" in out.getvalue()  # a card and a code
    assert set(ReviewCard.objects.values_list("session_key", flat=True)) == {
        client.session.session_key
    }
    assert ProgressCode.objects.count() == 1
