from tests.browser.conftest import browser, new_page, site  # noqa: F401 - shared browser fixtures
