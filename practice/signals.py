"""Handlers for what the quiz sends (connected in PracticeConfig.ready)."""

from assessment.models import Attempt
from practice.services import cards_from_attempt, cards_wipe


def attempt_saved(sender, instance: Attempt, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw and instance.session_key:
        cards_from_attempt(attempt=instance)


def progress_wiped(sender, session_key: str, **kwargs) -> None:
    cards_wipe(session_key=session_key)
