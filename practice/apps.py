from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Spaced review and progress codes"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from assessment.models import Attempt, CheckAnswer
        from assessment.signals import progress_wiped, sessions_cleared
        from practice import signals

        # practice reads assessment's records; assessment never imports practice, so the quiz
        # tells it of a new answer, and of a wipe, through signals
        post_save.connect(signals.attempt_saved, sender=Attempt, dispatch_uid="practice.cards")
        post_save.connect(
            signals.check_answered, sender=CheckAnswer, dispatch_uid="practice.check_cards"
        )
        progress_wiped.connect(signals.progress_wiped, dispatch_uid="practice.wipe")
        sessions_cleared.connect(signals.sessions_cleared, dispatch_uid="practice.ended_sessions")
