"""The admin sign-in's second limit: a per-username back-off that cannot lock a tutor out.

django-axes locks a (username, address) pair out after a few failures. Someone guessing one
tutor's password from many addresses never meets that lock, so failures for a username from
anywhere are also counted (axes' own records, so every app container sees the same figures):
past ``LOGIN_BACKOFF_AFTER`` of them, each further try must wait a delay that doubles with every
failure, up to ``LOGIN_BACKOFF_MAX_SECONDS``. A refused try is not a failure and checks no
password, so it neither lengthens the wait nor tells a guesser anything.

A delay, not a lock: whoever holds the right password gets in once the short wait is over. And a
browser that has signed in as a username before carries a signed cookie saying so; it skips the
back-off for that username (the per-address lock still applies), so an attack on a tutor's name
does not slow the tutor down at their own desk.
"""

import math
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.utils import timezone

DEVICE_COOKIE = "tutor_device"
_DEVICE_SALT = "revision_site.signin.device"
_DEVICE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days


def wait_seconds(username: str, now=None) -> int:
    """Seconds before ``username`` may try again from a browser it never signed in on; 0 if now."""
    now = now or timezone.now()
    window = now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=window)
    figures = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    over = (figures["failures"] or 0) - settings.LOGIN_BACKOFF_AFTER
    if over < 0:
        return 0
    delay = min(2.0**over, settings.LOGIN_BACKOFF_MAX_SECONDS)
    remaining = (figures["last"] + timedelta(seconds=delay) - now).total_seconds()
    return max(math.ceil(remaining), 0)


def _names_signed_in_here(request) -> list[str]:
    try:
        return signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=_DEVICE_SALT, max_age=_DEVICE_MAX_AGE
        )
    except signing.BadSignature:
        return []


def signed_in_here_before(request, username: str) -> bool:
    return username in _names_signed_in_here(request)


def remember_device(request, response) -> None:
    """After a sign-in, mark this browser as one the user signs in on (kept to a few names)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    name = user.get_username()
    names = [name, *(known for known in _names_signed_in_here(request) if known != name)][:5]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(names, salt=_DEVICE_SALT),
        max_age=_DEVICE_MAX_AGE,
        path="/admin/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class BackoffAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing (without checking the password) during a back-off."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and not signed_in_here_before(self.request, username):
            seconds = wait_seconds(username)
            if seconds:
                raise ValidationError(
                    "There have been many failed sign-ins for this username. To keep it safe, "
                    "wait %(seconds)d seconds before trying again.",
                    code="backoff",
                    params={"seconds": seconds},
                )
        return super().clean()


def login(site_login):
    """Wrap the admin site's login view: the back-off form in, the device cookie out."""

    def view(request, extra_context=None):
        was_signed_in = request.user.is_authenticated
        response = site_login(request, extra_context)
        if request.method == "POST" and not was_signed_in:
            remember_device(request, response)
        return response

    return view
