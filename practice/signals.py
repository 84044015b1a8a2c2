"""Handlers for what the quiz sends (connected in PracticeConfig.ready)."""

from assessment.models import Attempt, CheckAnswer
from practice.services import (
    cards_from_attempt,
    cards_from_check,
    cards_of_ended_sessions_delete,
    cards_wipe,
)


def attempt_saved(sender, instance: Attempt, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw and instance.session_key:
        cards_from_attempt(attempt=instance)


def check_answered(
    sender, instance: CheckAnswer, created: bool, raw: bool = False, **kwargs
) -> None:
    if created and not raw and instance.session_key:
        cards_from_check(check=instance)


def progress_wiped(sender, session_key: str, **kwargs) -> None:
    cards_wipe(session_key=session_key)


def sessions_cleared(sender, **kwargs) -> int:
    return cards_of_ended_sessions_delete()
