"""/healthz, and a clear 503 (never a 500 with a traceback) when the database fails."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("revision_site.health")


class HealthCheckMiddleware:
    """Answers /healthz before anything else runs: no host check (the container's own probe calls
    127.0.0.1), no session, no redirect. It checks the database and nothing else that can hang."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.error("health check failed: database unavailable", extra={"error": repr(error)})
            return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        return HttpResponse("ok\n", content_type="text/plain")


def database_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """The friendly 503 page, and one clear log line for the operator."""
    logger.error(
        "database error: answering 503",
        extra={"path": request.path, "method": request.method, "error": repr(error)},
    )
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """A database error in a view (server down, disk full, read-only file) becomes a friendly 503
    page and one clear log line for the operator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DatabaseError):
            return None
        return database_unavailable(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Django calls it while the exception is being handled, so a database error
    raised outside any view (a middleware reading the database, a session saved on the way out)
    still gets the 503 page rather than "something went wrong"."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        return database_unavailable(request, error)
    return defaults.server_error(request)
