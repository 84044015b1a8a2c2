"""What the footer says about the learner's data, from the settings that decide it."""

from django.conf import settings
from django.http import HttpRequest


def data_retention(request: HttpRequest) -> dict:
    return {
        "session_days": settings.SESSION_COOKIE_AGE // (60 * 60 * 24),
        "attempt_retention_days": settings.ATTEMPT_RETENTION_DAYS,
    }
