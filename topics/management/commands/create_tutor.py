"""Create a tutor's account: staff, in the Tutor group, nothing more."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from topics.roles import tutor_group_setup


class Command(BaseCommand):
    help = (
        "Create a tutor account that can edit content and questions in /admin/. The password is "
        "asked for at a terminal, or read from the TUTOR_PASSWORD variable (scripts, containers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"there is already a user called {username!r}.")
        password = os.environ.get("TUTOR_PASSWORD") or self._ask_password(username)
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("the password is too weak: " + " ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        user.groups.add(tutor_group_setup())
        self.stdout.write(
            self.style.SUCCESS(f"Created the tutor {username}; they can sign in at /admin/.")
        )

    def _ask_password(self, username: str) -> str:
        # Without a terminal getpass reads standard input, which ends at once in a script or cron.
        try:
            return getpass.getpass(f"Password for {username}: ")
        except EOFError:
            raise CommandError(
                "no password given: at a terminal it is asked for; elsewhere set TUTOR_PASSWORD, "
                f"for example TUTOR_PASSWORD='…' python manage.py create_tutor {username}"
            ) from None
