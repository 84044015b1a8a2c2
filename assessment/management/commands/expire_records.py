"""The scheduled clean-up: expired sessions, then learners' answers past the retention period.

Run daily (the entrypoint runs it at each start; docs/self-hosting.md shows a cron line and the
compose file's `cleanup` service). Tutors' records are never touched: challenged answers,
challenges and sample answers stay.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from assessment.services import attempts_expire
from assessment.signals import sessions_cleared


class Command(BaseCommand):
    help = (
        "Delete expired sessions (clearsessions) and learners' answers older than "
        "DJANGO_ATTEMPT_RETENTION_DAYS (0 keeps them). Challenged answers and samples stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        if dry_run:
            expired = Session.objects.filter(expire_date__lt=timezone.now()).count()
            self.stdout.write(f"{expired} expired session(s) would be deleted.")
        else:
            call_command("clearsessions")
            responses = sessions_cleared.send(sender=Session)
            ended = sum(count for _, count in responses if isinstance(count, int))
            self.stdout.write(
                f"Expired sessions deleted, and {ended} record(s) kept for them "
                "(review cards, progress codes).",
                self.style.SUCCESS,
            )

        days = settings.ATTEMPT_RETENTION_DAYS
        if days <= 0:
            self.stdout.write("Answers are kept: DJANGO_ATTEMPT_RETENTION_DAYS is 0.")
            return
        result = attempts_expire(older_than=timezone.now() - timedelta(days=days), dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(
            f"{result.answers} answer(s) older than {days} days {verb}; "
            f"{result.kept_for_tutors} kept because a learner challenged them (tutors' records); "
            f"{result.checks} true-or-false answer(s) {verb}.",
            self.style.SUCCESS if not dry_run else None,
        )
