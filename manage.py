#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

Reads the project's `.env` first (revision_site/envfile.py): `make install` writes one with
DJANGO_DEBUG=1, so `.venv/bin/python manage.py …` works on a developer's machine as the README
shows it. A configuration error is one line on standard error, not a traceback.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revision_site.settings")
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
        from django.core.management import execute_from_command_line
    except ImportError:
        sys.exit(
            f"manage.py: Django is not installed for {sys.executable}. Run `make install`, then "
            "use the project's Python: .venv/bin/python manage.py …"
        )
    from revision_site.envfile import load_env_file

    load_env_file()
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading a setting imports the settings module
    except ImproperlyConfigured as error:
        sys.exit(f"manage.py: configuration error: {error}")
    try:
        execute_from_command_line(sys.argv)
        sys.stdout.flush()  # here, so a reader that went away is caught below, not at exit
    except BrokenPipeError:
        # The reader went away (`… | head`): stop quietly, as other command-line tools do. Point
        # standard output at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:
        if not _missing_table(error):
            raise
        sys.exit(
            "manage.py: the database has no tables for this yet: run "
            "`.venv/bin/python manage.py migrate` first."
        )


def _missing_table(error: Exception) -> bool:
    """A command run before `migrate` (SQLite: "no such table"; PostgreSQL: "does not exist")."""
    from django.db.utils import OperationalError, ProgrammingError

    text = str(error)
    return isinstance(error, (OperationalError, ProgrammingError)) and (
        "no such table" in text or ("relation" in text and "does not exist" in text)
    )


if __name__ == "__main__":
    main()
