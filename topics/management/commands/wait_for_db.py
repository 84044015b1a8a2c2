"""Wait until the database answers, for container start-up (bounded in time)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection


class Command(BaseCommand):
    help = "Wait until the database accepts connections, up to --timeout seconds."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60)

    def handle(self, *args, timeout, **options):
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.ensure_connection()
                connection.cursor().execute("SELECT 1")
                break
            except DatabaseError as error:
                connection.close()
                if time.monotonic() > deadline:
                    raise CommandError(
                        f"the database did not answer within {timeout:.0f} s: {error}"
                    ) from None
                if options["verbosity"] >= 1:
                    self.stderr.write(f"waiting for the database: {error}")
                time.sleep(1)
        if options["verbosity"] >= 1:
            self.stdout.write("The database is ready.")
