from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = "Topics and content"

    def ready(self) -> None:
        from topics import signals  # noqa: F401 - connects the receivers
