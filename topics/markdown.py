"""Markdown for content bodies: rendered once when saved, sanitised with nh3."""

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


# `//host/page` (and the `/\\host` spellings browsers read the same way) leaves the site while
# looking like a path on it; nh3 lets relative links through, so these are dropped here.
PROTOCOL_RELATIVE = re.compile(r"^\s*[/\\]{2}")


def _drop_protocol_relative(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and PROTOCOL_RELATIVE.match(value):
        return None
    return value


def render_markdown(source: str) -> str:
    """Turn a tutor's markdown into HTML that is safe to show with |safe."""
    html = markdown_lib.markdown(source or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_drop_protocol_relative,
    )
