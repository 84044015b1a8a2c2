"""Pages that depend only on the content and the URL: rendered once per content generation.

Views marked with `content_page` send an ETag and Last-Modified (a revisit gets 304 Not
Modified without rendering). `ContentPageCacheMiddleware`, placed just inside the security and
static-file middleware, keeps each such response (headers included, so the Content-Security-Policy
travels with it) in this process's memory, keyed by the content generation, and answers repeat
requests before sessions, CSRF or the view run. The generation is read from the database at most
once a second per process (`CONTENT_VERSION_TTL`); a save in this process resets it at once, so
a tutor sees their edit immediately and every other process within a second. Only anonymous,
form-free pages are marked: nothing cached holds a CSRF token or anything about the visitor.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date

from topics.models import ContentVersion

PAGE_TIMEOUT = 60 * 60 * 24
_local = threading.local()


def content_stamp() -> tuple[str, float]:
    """(generation stamp, changed_at as a timestamp), from memory for up to CONTENT_VERSION_TTL."""
    ttl = getattr(settings, "CONTENT_VERSION_TTL", 1.0)
    cached = getattr(_local, "stamp", None)
    if cached is not None and time.monotonic() - cached[2] < ttl:
        return cached[0], cached[1]
    version = ContentVersion.current()
    changed = version.changed_at.timestamp() if version.changed_at else 0.0
    # a restored or recreated database starts its generations again: the time tells them apart
    stamp = f"{version.generation}.{changed:.6f}"
    _local.stamp = (stamp, changed, time.monotonic())
    return stamp, changed


def forget_content_stamp() -> None:
    """Called after this process changes content, so its next request reads the new generation."""
    _local.stamp = None


def _etag(request: HttpRequest, stamp: str) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=8).hexdigest()
    return f'"{stamp}-{path}"'


def content_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view's page as depending only on the content and the URL."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        stamp, changed = content_stamp()
        etag = _etag(request, stamp)
        if request.headers.get("If-None-Match") == etag:
            return HttpResponseNotModified(headers={"ETag": etag})
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(changed)
            response["Cache-Control"] = "no-cache"  # keep it, but ask again (a 304 is cheap)
            response.content_page_key = f"page:{stamp}:{request.get_full_path()}"
        return response

    return wrapper


class ContentPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or request.headers.get("HX-Request"):
            return self.get_response(request)
        stamp, _ = content_stamp()
        key = (
            "page:"
            + hashlib.blake2b(
                f"{stamp}:{request.get_full_path()}".encode(), digest_size=16
            ).hexdigest()
        )
        cached = cache.get(key)
        if cached is not None:
            headers, content = cached
            if request.headers.get("If-None-Match") == headers.get("ETag"):
                return HttpResponseNotModified(headers={"ETag": headers["ETag"]})
            response = HttpResponse(content, headers=headers)
            return response
        response = self.get_response(request)
        if (
            getattr(response, "content_page_key", None)
            and response.status_code == 200
            and not response.cookies
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {k: v for k, v in response.items() if k.lower() not in {"set-cookie", "vary"}}
            cache.set(key, (headers, response.content), PAGE_TIMEOUT)
        return response
