"""Every page type in real Chromium: phone and desktop widths, light and dark, zero axe violations,
usable by keyboard."""

import pytest

from tests.browser_fixtures import SCHEMES, WIDTHS, assert_no_axe_violations, screenshot

PAGES = {
    "home": "/",
    "topic": "/topics/understand-customers-ocr/",
    "compare": "/compare/understand-customers/",
    "glossary": "/glossary/",
    "search": "/search/?q=complaints",
    "not-found": "/topics/no-such-topic/",
    "quiz-question": "/topics/understand-customers-ocr/quiz/",
    "progress": "/progress/",
    "review": "/review/",
    "flashcards": "/topics/understand-customers-ocr/flashcards/",
    "progress-code": "/progress/code/",
    "progress-code-use": "/progress/code/use/",
}

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_type_is_accessible_at_both_widths_in_both_schemes(
    site, new_page, width_name, scheme
):
    page = new_page(width=WIDTHS[width_name], scheme=scheme)
    for name, path in PAGES.items():
        response = page.goto(site + path)
        assert response.status == (404 if name == "not-found" else 200), path
        assert_no_axe_violations(page)
        # nothing wider than the screen: no sideways scrolling on a phone
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width_name}"
        screenshot(page, f"{name}-{width_name}-{scheme}")


def test_every_page_fits_a_320px_screen(site, new_page):
    page = new_page(width=320)
    for name, path in PAGES.items():
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"


def test_tabbing_through_a_topic_page_reaches_every_link_with_a_visible_focus(site, new_page):
    page = new_page()
    page.goto(site + PAGES["topic"])
    links = set(
        page.eval_on_selector_all(
            "a[href]", "els => els.filter(e => e.offsetParent !== null).map(e => e.href)"
        )
    )
    reached = set()
    unmarked = set()
    for _ in range(len(links) + 30):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                return el && {href: el.href || null, outline: getComputedStyle(el).outlineStyle};
            }"""
        )
        if focused and focused["href"]:
            reached.add(focused["href"])
            if focused["outline"] == "none":
                unmarked.add(focused["href"])
    assert links - reached == set()
    assert unmarked == set(), "links focused without a visible outline"


def test_skip_link_is_first_and_moves_to_the_main_content(site, new_page):
    page = new_page()
    page.goto(site + PAGES["topic"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-48px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_misconception_correction_opens_with_the_keyboard(site, new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto(site + PAGES["topic"])
    summary = page.locator("details.misconception summary").first
    correction = page.locator("details.misconception").first.get_by_text("Correction:")
    assert not correction.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert correction.is_visible()


def test_pages_make_no_request_to_another_host(site, new_page):
    page = new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        page.goto(site + path)
    assert [url for url in requested if not url.startswith(site)] == []


def test_search_works_without_javascript(site, new_page):
    page = new_page(width=375, javascript=False)
    page.goto(site + "/")
    page.get_by_label("Search the topics").fill("complaint")
    page.get_by_label("Search the topics").press("Enter")
    page.wait_for_url("**/search/?q=complaint")
    assert page.locator(".search-results mark").count() > 0
    page.locator(".search-results a").first.click()
    assert "/topics/" in page.url


def test_print_shows_every_correction_and_hides_navigation(site, new_page):
    page = new_page()
    page.goto(site + PAGES["topic"])
    page.emulate_media(media="print")
    corrections = page.locator("details.misconception").get_by_text("Correction:")
    assert corrections.count() >= 3
    assert all(corrections.nth(i).is_visible() for i in range(corrections.count()))
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("nav.contents").is_visible()
    assert not page.get_by_role("link", name="Test yourself on this topic").is_visible()
    assert page.get_by_text(f"printed from {site}{PAGES['topic']}").is_visible()
    # links print their address after them
    same_unit = page.locator(".same-unit a").first
    after = same_unit.evaluate("el => getComputedStyle(el, '::after').content")
    assert "/topics/understand-customers-focus/" in after
    screenshot(page, "topic-print")
