"""An htmx request that fails gets the error page's message in the page's alert region."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_topic

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_an_htmx_post_refused_for_its_csrf_token_is_retargeted_to_the_alert_region():
    topic = make_topic()
    url = reverse("assessment:quiz_item", args=[topic.slug, 1])
    response = Client(enforce_csrf_checks=True).post(url, {"answer": "x"}, headers=HTMX)
    assert response.status_code == 403
    assert "could not accept that form" in response.content.decode()
    assert response["HX-Retarget"] == "#request-error"
    assert response["HX-Reselect"] == "#error-message"


def test_an_htmx_request_for_something_gone_is_retargeted_to_the_alert_region(client):
    response = client.post(reverse("assessment:challenge", args=[999]), headers=HTMX)
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#request-error"


def test_a_refusal_made_for_its_place_is_swapped_where_it_was_aimed(client, settings):
    settings.QUIZ_RATE_PER_SESSION = 0
    topic = make_topic()
    url = reverse("assessment:quiz_item", args=[topic.slug, 1])
    response = client.post(url, {"answer": "x"}, headers=HTMX)
    assert response.status_code == 429
    assert "HX-Retarget" not in response


def test_plain_requests_keep_their_full_error_pages(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "HX-Retarget" not in response


def test_every_page_tells_htmx_to_swap_error_answers(client):
    page = client.get("/").content.decode()
    assert '"responseHandling"' in page
    assert 'id="request-error"' in page
