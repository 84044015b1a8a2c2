import pytest


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests run with DEBUG off but without collectstatic: serve static names unhashed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
