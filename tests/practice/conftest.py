from datetime import UTC, datetime
from unittest import mock

import pytest


class Clock:
    """A fixed clock for the review schedule: `clock.now` is what timezone.now() returns."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    fixed = Clock()
    with mock.patch("django.utils.timezone.now", new=fixed):
        yield fixed
