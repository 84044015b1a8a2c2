"""Every page type in real Chromium: phone and desktop widths, light and dark, zero axe violations,
usable by keyboard."""

import re

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

FEEDBACK_ANSWER = "Internal customers are colleagues. New customers buy for the first time."

pytestmark = pytest.mark.browser


def check_page(page, name: str, label: str) -> None:
    """axe finds nothing, nothing is wider than the screen, and a screenshot is kept."""
    assert_no_axe_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {label}"
    screenshot(page, f"{name}-{label}")


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_type_is_accessible_at_both_widths_in_both_schemes(
    site, new_page, width_name, scheme
):
    page = new_page(width=WIDTHS[width_name], scheme=scheme)
    for name, path in PAGES.items():
        response = page.goto(site + path)
        assert response.status == (404 if name == "not-found" else 200), path
        check_page(page, name, f"{width_name}-{scheme}")
    # the feedback on a written answer
    page.goto(site + PAGES["quiz-question"])
    page.get_by_label("Your answer, in your own words").fill(FEEDBACK_ANSWER)
    page.get_by_role("button", name="Mark my answer").click()
    page.locator("section.feedback").wait_for()
    check_page(page, "feedback", f"{width_name}-{scheme}")
    # and the progress page with that answer on it
    page.goto(site + PAGES["progress"])
    check_page(page, "progress-answered", f"{width_name}-{scheme}")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_chosen_theme_beats_the_devices_and_stays_accessible(site, new_page, theme):
    """The switch (a form, no JavaScript) wins over the device: light on a dark device, dark on a
    light one, at both widths, with nothing for axe to find."""
    device = "dark" if theme == "light" else "light"
    page = new_page(width=WIDTHS["phone"], scheme=device, javascript=False)
    page.goto(site + PAGES["topic"])
    page.get_by_role("button", name=theme.title(), exact=True).click()
    page.wait_for_url(site + PAGES["topic"])  # back where the learner was
    assert page.locator("html").get_attribute("data-theme") == theme
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(18, 20, 24)") == (theme == "dark"), background
    cookies = page.context.cookies()
    for width_name, width in WIDTHS.items():
        # axe runs as a script: the chosen theme's cookie, in a context with JavaScript
        checked = new_page(width=width, scheme=device)
        checked.context.add_cookies(cookies)
        for name in ("home", "topic", "search", "progress"):
            checked.goto(site + PAGES[name])
            pressed = checked.get_by_role("button", name=theme.title(), exact=True)
            assert pressed.get_attribute("aria-pressed") == "true"
            check_page(checked, f"{name}-chosen", f"{width_name}-{theme}")


def test_the_first_topic_is_on_a_phones_first_screen(site, new_page):
    page = new_page(width=WIDTHS["phone"])
    page.goto(site + "/")
    first_topic = page.locator(".topic-cards a").first
    box = first_topic.bounding_box()
    viewport = page.viewport_size
    assert viewport == {"width": 390, "height": 844}
    assert box is not None and box["y"] >= 0
    assert box["y"] + box["height"] <= viewport["height"], f"first topic link at y={box['y']}"
    # and its one action, too
    action = page.locator(".topic-cards .card-action").first.bounding_box()
    assert action["y"] + action["height"] <= viewport["height"]


def test_a_phone_topic_page_is_short_with_its_parts_folded(site, new_page):
    page = new_page(width=WIDTHS["phone"])
    page.goto(site + PAGES["topic"])
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 8264 / 2, f"{height}px tall"  # the measure before: 8,264px
    # the Test yourself action stays at the foot of the screen while the page scrolls
    page.mouse.wheel(0, 600)
    action = page.get_by_role("link", name=re.compile("^Test yourself"))
    box = action.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"]


def test_every_page_fits_a_320px_screen(site, new_page):
    page = new_page(width=320)
    for name, path in PAGES.items():
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"


def test_tabbing_through_a_topic_page_opens_every_part_and_reaches_every_link(site, new_page):
    """A keyboard user tabs through the page, opening each folded part with Enter as they meet
    it: every link is reached, and every focused control shows its focus."""
    page = new_page()
    page.goto(site + PAGES["topic"])
    total = page.evaluate("document.querySelectorAll('a[href], summary').length")
    reached = set()
    unmarked = set()
    for _ in range(total + 30):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                return el && {
                    href: el.href || null,
                    part: el.matches('details.part > summary') && !el.parentElement.open,
                    text: el.textContent.trim(),
                    outline: getComputedStyle(el).outlineStyle,
                };
            }"""
        )
        if not focused:
            continue
        if focused["outline"] == "none" and (focused["href"] or focused["part"]):
            unmarked.add(focused["href"] or focused["text"])
        if focused["href"]:
            reached.add(focused["href"])
        elif focused["part"]:
            page.keyboard.press("Enter")
    assert page.evaluate("[...document.querySelectorAll('details.part')].every(d => d.open)")
    links = set(
        page.eval_on_selector_all(
            "a[href]", "els => els.filter(e => e.checkVisibility()).map(e => e.href)"
        )
    )
    assert links - reached == set()
    assert unmarked == set(), "focused without a visible outline"


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
    part = page.locator("details.part#misconceptions > summary")
    summary = page.locator("details.misconception summary").first
    correction = page.locator("details.misconception").first.get_by_text("Correction:")
    assert not summary.is_visible()  # folded away with the rest of the part
    part.focus()
    page.keyboard.press("Enter")
    assert summary.is_visible() and not correction.is_visible()
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
    assert not page.get_by_role("link", name=re.compile("^Test yourself")).is_visible()
    assert page.get_by_text(f"printed from {site}{PAGES['topic']}").is_visible()
    # every part is open on paper
    assert page.locator(".terms dd").first.is_visible()
    # the addresses are listed once, at the end, and never after each link or key term
    addresses = page.locator(".print-addresses")
    assert addresses.is_visible()
    assert f"{site}/topics/understand-customers-focus/" in addresses.inner_text()
    assert f"{site}/glossary/" in addresses.inner_text()
    for link in (".same-unit a", ".terms a"):
        after = page.locator(link).first.evaluate("el => getComputedStyle(el, '::after').content")
        assert after in ("none", "normal"), f"{link} prints {after}"
    screenshot(page, "topic-print")


def test_print_is_ink_on_paper_whatever_theme_was_chosen(site, new_page):
    page = new_page(scheme="dark", javascript=False)
    page.goto(site + "/")
    page.get_by_role("button", name="Dark", exact=True).click()
    page.goto(site + PAGES["topic"])
    assert page.locator("html").get_attribute("data-theme") == "dark"
    page.emulate_media(media="print")
    colours = page.evaluate(
        """() => [document.body, document.querySelector('.terms dd'), document.querySelector('h1')]
            .map(el => getComputedStyle(el).color)"""
    )
    assert colours == ["rgb(0, 0, 0)"] * 3 or all(
        c in ("rgb(0, 0, 0)", "rgb(26, 28, 33)") for c in colours
    ), colours
    screenshot(page, "topic-print-dark-theme")


def test_a_key_term_result_opens_its_folded_part_at_the_term(site, new_page):
    page = new_page(width=WIDTHS["phone"], javascript=False)
    page.goto(site + "/search/?q=what+is+acquisition+cost")
    page.locator(".search-results a").first.click()
    assert page.url.endswith("/topics/understand-customers-focus/#term-acquisition-cost")
    term = page.locator("#term-acquisition-cost")
    assert term.is_visible()  # the browser opens the <details> that holds the target
    box = term.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
