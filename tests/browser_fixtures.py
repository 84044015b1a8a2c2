"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live
server, with axe-core (shipped inside axe-playwright-python, nothing fetched) and screenshots."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls of the live server's
# fixtures happen here too, which Django otherwise refuses.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"phone": 390, "desktop": 1280}
HEIGHTS = {390: 844, 1280: 800}  # an iPhone 12-15 and a laptop: the first screen each sees
SCHEMES = ("light", "dark")
SCREENSHOTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts")) / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server):
    """The live server with the real content imported."""
    call_command("import_content", stdout=io.StringIO(), stderr=io.StringIO())
    return live_server.url


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(width: int = 1280, scheme: str = "light", javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHTS.get(width, 900)},
            color_scheme=scheme,
            java_script_enabled=javascript,
            reduced_motion="reduce",
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


_axe = Axe()


def assert_no_axe_violations(page) -> None:
    results = _axe.run(page)
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]
    assert violations == [], "\n".join(violations)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
