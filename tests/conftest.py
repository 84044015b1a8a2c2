import io
import os

import pytest

# manage.py and gunicorn.conf.py read the project's .env (revision_site/envfile.py); the commands
# tests start must see only the environment each test gives them, whatever a developer keeps there.
os.environ["REVISION_ENV_FILE"] = ""

# Real Chromium fixtures, one browser for the whole session, for tests/browser and tests/admin.
pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture
def topic():
    """A small topic with every part and one question, imported through the real importer."""
    from tests.factories import make_topic

    return make_topic()


@pytest.fixture
def real_content():
    """The content/ folder imported as `make run` imports it (about 3 s: only where the real
    topics matter)."""
    from django.core.management import call_command

    call_command("import_content", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests run with DEBUG off but without collectstatic: serve static names unhashed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_page_cache(monkeypatch):
    """Each test starts with a fresh database, so it must not meet another test's cached pages.
    The content's generation is read again only after a save (or with CONTENT_VERSION_TTL 0),
    never because a second passed: a test that counts queries would count one more on a slow
    machine."""
    from django.core.cache import cache

    from topics import caching

    cache.clear()
    caching.forget_content_stamp()
    monkeypatch.setattr(caching, "clock", lambda: 1_000_000.0)


@pytest.fixture(autouse=True)
def one_rate_window(monkeypatch):
    """Rate limits count per minute of the clock: a test that crossed into the next minute would
    see its counts start again. Every test runs in the middle of one minute."""
    import assessment.ratelimit

    window = assessment.ratelimit.WINDOW_SECONDS
    middle = 1_800_000_000 // window * window + window / 2
    monkeypatch.setattr(assessment.ratelimit, "clock", lambda: middle)
