"""Rate limits that hold across processes and containers, on SQLite and PostgreSQL alike.

A counter per (limit, who, minute) lives in one database row, incremented with an atomic
`UPDATE ... SET count = count + 1` (SQLite takes the write lock at BEGIN IMMEDIATE; PostgreSQL
locks the row). Who is a keyed hash of the session key or address: no address is stored.
The cache-based libraries need memcached or Redis for atomic increments; a college running
several containers on SQLite or PostgreSQL alone has neither.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from assessment.models import RateCounter

WINDOW_SECONDS = 60
clock = time.time  # the minute counted in; tests hold it still


def rate_exceeded(*, name: str, who: str, limit: int, now: float | None = None) -> bool:
    """Count one more event for `who` in this minute; True when that goes over `limit`."""
    window = int((now if now is not None else clock()) // WINDOW_SECONDS)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{name}:{who}".encode(), hashlib.sha256
    ).hexdigest()
    key = f"{digest[:40]}:{window}"
    with transaction.atomic():
        if not RateCounter.objects.filter(key=key).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window=window, count=1)
            except IntegrityError:  # another process created it first
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
            RateCounter.objects.filter(window__lt=window - 1).delete()  # once a minute per key
        count = RateCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0
    return count > limit
