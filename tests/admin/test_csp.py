"""Pages that broke the Content-Security-Policy in the browser console (issue 12, item 14):
no inline style, and htmx told not to add its own."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.admin.forms import change_url

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<style|\sstyle=", re.IGNORECASE)


def test_the_question_page_tells_htmx_not_to_add_its_indicator_style(tutor_client, topic):
    page = tutor_client.get(change_url(topic.questions.get())).content.decode()
    assert "{% htmx_script %}" not in page and "htmx" in page
    assert '"includeIndicatorStyles": false' in page


def test_history_pages_carry_no_inline_style(tutor_client, topic):
    question = topic.questions.get()
    for url in (
        reverse("admin:assessment_question_history", args=[question.pk]),
        reverse("admin:topics_topic_history", args=[topic.pk]),
    ):
        page = tutor_client.get(url).content.decode()
        assert not INLINE_STYLE.search(page), url


def test_the_csrf_failure_page_carries_no_inline_style(topic):
    url = reverse("assessment:quiz_item", args=[topic.slug, 1])
    response = Client(enforce_csrf_checks=True).post(url, {"answer": "x"})
    assert response.status_code == 403
    assert not INLINE_STYLE.search(response.content.decode())
