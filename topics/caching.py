"""Pages that depend only on the content and the URL: rendered once per content generation.

A revisit with the page's ETag gets 304 Not Modified without rendering. Each app process keeps
its rendered pages in its own memory, keyed by the content generation (one indexed read per
request), so a tutor's save or an import is seen by every process at once, and no process ever
serves a page older than the content. Only anonymous, form-free pages use this: nothing here
holds a CSRF token or anything about the visitor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import condition

from topics.models import ContentVersion

PAGE_TIMEOUT = 60 * 60 * 24


def _version(request: HttpRequest) -> ContentVersion:
    if not hasattr(request, "_content_version"):
        request._content_version = ContentVersion.current()
    return request._content_version


def _stamp(request: HttpRequest) -> str:
    """The content generation and when it was reached: a restored or recreated database starts
    its generations again, and must not meet pages cached from the old one."""
    version = _version(request)
    changed = version.changed_at.timestamp() if version.changed_at else 0
    return f"{version.generation}.{changed:.6f}"


def _etag(request: HttpRequest, *args, **kwargs) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=8).hexdigest()
    return f"{_stamp(request)}-{path}"


def _last_modified(request: HttpRequest, *args, **kwargs):
    return _version(request).changed_at


def content_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @condition(etag_func=_etag, last_modified_func=_last_modified)
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
        key = f"page:{_stamp(request)}:{path}"
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            cache.set(key, response.content, PAGE_TIMEOUT)
        return response

    return wrapper
