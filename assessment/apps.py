from django.apps import AppConfig
from django.core import checks


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "Quiz questions and marking"

    def ready(self) -> None:
        from assessment.content import QUESTIONS
        from topics.content_registry import section_register

        checks.register(marking_data_check)
        # a topic file's `questions:` block is this app's to check, import and export
        section_register(QUESTIONS)


def marking_data_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Marks must never depend on what happens to be installed: without the engine's word data
    the site refuses to start rather than mark differently."""
    from assessment.lexicon import LexiconMissing, check_installed

    try:
        check_installed()
    except LexiconMissing as error:
        return [checks.Error(str(error), id="assessment.E001")]
    return []
