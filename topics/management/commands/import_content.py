"""Import the content YAML files into the database: checked first, written in one transaction."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from topics.content_format import ContentInvalid
from topics.importer import load_documents, topic_import


class Command(BaseCommand):
    help = (
        "Check and import topic content files (default: the content/ folder). Nothing is written "
        "unless every file is valid. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="YAML files or folders of them.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Archive topics that no longer have a file (off the site; learners' records kept).",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace topics that were edited in the admin since the last import.",
        )
        parser.add_argument(
            "--delete-learners-work",
            action="store_true",
            help="Delete, instead of archiving, the questions that left the content (and with "
            "--prune the topics without a file), with every learner's attempt, challenge and "
            "saved sample on them. Run with --dry-run first: it names each one and its counts.",
        )

    def handle(self, *args, paths, dry_run, prune, overwrite, delete_learners_work, **options):
        documents = load_documents(paths or None)
        try:
            report = topic_import(
                documents=documents,
                dry_run=dry_run,
                sets_baseline=True,
                prune=prune,
                overwrite=overwrite,
                delete_learners_work=delete_learners_work,
            )
        except ContentInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(self.style.ERROR(str(error)))
            raise CommandError(
                f"{len(invalid.errors)} problem(s) found; nothing was imported. "
                "Fix the file(s) named above and run the import again."
            ) from None

        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        styles = {
            "created": self.style.SUCCESS,
            "updated": self.style.SUCCESS,
            "archived": self.style.WARNING,
            "deleted": self.style.ERROR,
            "kept": self.style.WARNING,
            "unchanged": str,
        }
        for change in report.changes:
            if change.action != "unchanged" or options["verbosity"] >= 1:
                self.stdout.write(styles[change.action](change.describe()))
            # every question that leaves the quiz is named, whatever the verbosity
            for line in change.describe_leaving():
                style = self.style.ERROR if change.deleted else self.style.WARNING
                self.stdout.write(style(f"  {line}"))
        summary = ", ".join(
            f"{report.count(action)} {action}"
            for action in ("created", "updated", "unchanged", "archived", "deleted", "kept")
            if report.count(action)
        )
        prefix = "Dry run, nothing written: " if dry_run else ""
        if not report.changed_anything:
            summary += " - nothing to change"
        if options["verbosity"] >= 1:
            self.stdout.write(prefix + summary + ".")
