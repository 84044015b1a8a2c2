"""htmx error answers: shown and announced, not dropped.

By default htmx swaps nothing for a 4xx or 5xx, so a learner past the answer limit, or whose
CSRF cookie was lost, pressed a button that did nothing. base.html's htmx-config swaps every
answer (responseHandling). A refusal a view made for its place (the quiz form with "take a
breath") is swapped where it was aimed; an error page (403, 404, 500, 503, the CSRF failure)
would land a whole page inside a small target, so for those this middleware tells htmx to take
only the page's message (#error-message) into the page's alert region (#request-error).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

ERROR_MESSAGE_ID = b'id="error-message"'


class HtmxErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code >= 400
            and not response.streaming
            and ERROR_MESSAGE_ID in response.content
        ):
            response["HX-Retarget"] = "#request-error"
            response["HX-Reswap"] = "innerHTML"
            response["HX-Reselect"] = "#error-message"
        return response
