from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _tutor_group(sender, **kwargs) -> None:
    from topics.roles import tutor_group_setup

    tutor_group_setup()


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = "Topics and content"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from topics import signals

        # the Tutor group exists after every migrate, with exactly its permissions
        post_migrate.connect(_tutor_group, sender=self, dispatch_uid="topics.tutor_group")
        user_logged_in.connect(
            signals.staff_session_expiry, dispatch_uid="topics.staff_session_expiry"
        )
