"""The visitor's colour theme: light, dark, or whatever the device prefers (the default).

Kept in a cookie set by a plain form (no JavaScript, no account), read on every page into
<html data-theme>, which the stylesheet turns into a color-scheme. A content page is cached per
theme as well as per address (topics/caching.py), so one visitor's choice never reaches another.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

THEME_COOKIE = "theme"
THEME_COOKIE_AGE = 60 * 60 * 24 * 365
SYSTEM = "system"
THEMES = [(SYSTEM, "Device"), ("light", "Light"), ("dark", "Dark")]


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(choices=THEMES)
    next = forms.CharField(required=False, max_length=2000)


def theme_of(request: HttpRequest) -> str:
    """The theme this visitor chose; anything unknown in the cookie counts as no choice."""
    chosen = request.COOKIES.get(THEME_COOKIE, SYSTEM)
    return chosen if chosen in dict(THEMES) else SYSTEM


def theme(request: HttpRequest) -> dict:
    """Context processor: the theme for <html data-theme> and the switch's pressed button."""
    return {"theme": theme_of(request), "theme_choices": THEMES}
