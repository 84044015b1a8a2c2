"""The stylesheet as production serves it: collected under a hashed name, compressed, and cached
by browsers for a year (whitenoise), so a revisit fetches nothing but the page."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # only the site's own static files: the admin's would make this test slow for nothing
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", "--no-input", stdout=io.StringIO())
    return Client()  # a new handler: whitenoise indexes STATIC_ROOT when it starts


def test_the_stylesheet_has_a_hashed_name_a_long_lifetime_and_compression(collected):
    topic = make_topic()
    html = collected.get(topic.get_absolute_url()).content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = collected.get(stylesheet, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    body = b"".join(response.streaming_content)
    assert len(body) < 8_000  # the whole stylesheet, compressed
