"""Pages that depend only on the content and the URL: rendered once per content generation.

Views marked with `content_page` send an ETag and Last-Modified (a revisit gets 304 Not
Modified without rendering). `ContentPageCacheMiddleware`, placed just inside the security and
static-file middleware, keeps each such response (headers included, so the Content-Security-Policy
travels with it) in this process's memory, keyed by the content generation, and answers repeat
requests before sessions, CSRF or the view run. The generation is read from the database at most
once a second per process (`CONTENT_VERSION_TTL`); a save in this process resets it at once, so
a tutor sees their edit immediately and every other process within a second. Only anonymous,
form-free pages are marked: nothing cached holds a CSRF token or anything about the visitor.

Why a generation stamp in the database and a cache in each process's memory, rather than a shared
cache (Django's DatabaseCache, or Redis): a centre runs one container on SQLite or a few on
PostgreSQL, with no cache server to run. A database cache would cost a query on every page and
put every page's HTML through the database; here a repeat visit costs no query at all, and the
only shared state is one row (`ContentVersion`) that every writer bumps: the tutor's save (through
topics/signals.py, once the transaction commits) and the importer. Old generations' pages are
never served again and age out of the bounded memory cache (CACHES' MAX_ENTRIES).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import condition

from topics.models import ContentVersion
from topics.theme import theme_of

PAGE_TIMEOUT = 60 * 60 * 24
clock = time.monotonic  # when the generation was read; tests hold it still
# (stamp, changed_at, when read): one reading for the whole process, shared by its threads, so a
# save in any thread makes every thread of this process read the new generation
_last_reading: tuple[str, float, float] | None = None


def content_stamp() -> tuple[str, float]:
    """(generation stamp, changed_at as a timestamp), from memory for up to CONTENT_VERSION_TTL."""
    global _last_reading
    ttl = getattr(settings, "CONTENT_VERSION_TTL", 1.0)
    reading = _last_reading
    if reading is not None and clock() - reading[2] < ttl:
        return reading[0], reading[1]
    version = ContentVersion.current()
    changed = version.changed_at.timestamp() if version.changed_at else 0.0
    # a restored or recreated database starts its generations again: the time tells them apart
    stamp = f"{version.generation}.{changed:.6f}"
    _last_reading = (stamp, changed, clock())
    return stamp, changed


def forget_content_stamp() -> None:
    """Called after this process changes content, so its next request (in any of its threads)
    reads the new generation."""
    global _last_reading
    _last_reading = None


def _address(request: HttpRequest) -> str:
    """What a page depends on besides the content: its absolute URL (a printed topic shows it;
    the host is one of ALLOWED_HOSTS, checked by get_host) and the visitor's colour theme."""
    return f"{request.build_absolute_uri()} {theme_of(request)}"


def _etag(request: HttpRequest, *args, **kwargs) -> str:
    stamp, _ = content_stamp()
    address = hashlib.blake2b(_address(request).encode(), digest_size=8).hexdigest()
    return f"{stamp}-{address}"


def _last_modified(request: HttpRequest, *args, **kwargs) -> datetime:
    return datetime.fromtimestamp(content_stamp()[1], tz=UTC)


def has_session(request: HttpRequest) -> bool:
    """Whether the browser sent a session cookie: a learner who has answered, reviewed or been
    given a progress code (a first visit has none)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def content_page(
    view: Callable[..., HttpResponse] | None = None, *, shows_learners_progress: bool = False
):
    """Mark a view's page as depending only on the content and the URL: Django's conditional
    GET answers a revisit with 304 Not Modified (ETag first, then Last-Modified) without
    rendering.

    With `shows_learners_progress`, the page also shows a learner's own progress (its template
    asks the practice app's tags): for a browser with a session it is rendered for that browser
    alone (private, never cached here, no 304 from the content's stamp); a browser without one
    gets the shared copy."""
    if view is None:
        return lambda view: content_page(view, shows_learners_progress=shows_learners_progress)
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if shows_learners_progress and has_session(request):
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
            return response
        response = conditional(request, *args, **kwargs)
        if response.status_code == 200:
            response["Cache-Control"] = "no-cache"  # keep it, but ask again (a 304 is cheap)
            response.content_page = True
            response.shows_learners_progress = shows_learners_progress
        return response

    return wrapper


class ContentPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or request.headers.get("HX-Request"):
            return self.get_response(request)
        try:
            stamp, _ = content_stamp()
        except DatabaseError:
            # no cache without the generation; the view meets the same error and answers 503
            return self.get_response(request)
        key = (
            "page:"
            + hashlib.blake2b(f"{stamp}:{_address(request)}".encode(), digest_size=16).hexdigest()
        )
        cached = cache.get(key)
        # a page showing a learner's progress is shared only with browsers without a session
        if cached is not None and not (cached[2] and has_session(request)):
            headers, content, _ = cached
            not_modified = get_conditional_response(
                request,
                etag=headers["ETag"],
                last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
            )
            return not_modified or HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if (
            getattr(response, "content_page", False)
            and response.status_code == 200
            and not response.cookies
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {k: v for k, v in response.items() if k.lower() not in {"set-cookie", "vary"}}
            personal = getattr(response, "shows_learners_progress", False)
            cache.set(key, (headers, response.content, personal), PAGE_TIMEOUT)
        return response
