"""The light/dark/device switch: a plain form that sets a cookie, honoured on every page, and
never mixed up by the page cache."""

import pytest

from tests.factories import make_topic

pytestmark = pytest.mark.django_db


def test_choosing_a_theme_sets_a_cookie_and_goes_back(client):
    topic = make_topic()
    response = client.post("/theme/", {"theme": "dark", "next": topic.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    cookie = response.cookies["theme"]
    assert cookie.value == "dark" and cookie["httponly"] and cookie["samesite"] == "Lax"
    html = client.get(topic.get_absolute_url()).content.decode()
    assert '<html lang="en-GB" data-theme="dark">' in html
    assert 'value="dark" aria-pressed="true"' in html


def test_the_device_choice_leaves_the_page_to_the_device(client):
    make_topic()
    client.post("/theme/", {"theme": "system", "next": "/"})
    html = client.get("/").content.decode()
    assert "data-theme" not in html
    assert 'value="system" aria-pressed="true"' in html


def test_the_page_cache_keeps_each_theme_apart(client):
    topic = make_topic()
    plain = client.get(topic.get_absolute_url())
    client.cookies["theme"] = "light"
    light = client.get(topic.get_absolute_url())
    assert "data-theme" not in plain.content.decode()
    assert 'data-theme="light"' in light.content.decode()
    assert plain["ETag"] != light["ETag"]  # a browser's stored copy is not reused across themes
    del client.cookies["theme"]
    assert "data-theme" not in client.get(topic.get_absolute_url()).content.decode()


def test_an_unknown_theme_is_a_form_error_that_changes_nothing(client):
    response = client.post("/theme/", {"theme": "neon", "next": "/"})
    assert response.status_code == 400
    assert "not one of the colour choices" in response.content.decode()
    assert "theme" not in response.cookies


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_the_switch_never_sends_a_learner_to_another_site(client, next_url):
    response = client.post("/theme/", {"theme": "light", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_forged_cookie_value_counts_as_no_choice(client):
    make_topic()
    client.cookies["theme"] = '"><script>'
    html = client.get("/").content.decode()
    assert "data-theme" not in html and "<script>" not in html


def test_the_switch_is_a_post_only(client):
    assert client.get("/theme/").status_code == 405
