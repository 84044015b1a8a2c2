"""Write the database's topics back as YAML content files, in the layout of content/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from topics.exporter import content_export


class Command(BaseCommand):
    help = (
        "Write every topic (or those named with --topic) as <slug>.yaml in DIR (default: the "
        "content folder), in the same format as content/, with schema.json beside them. "
        "Importing the export gives the same database, and exporting again gives byte-identical "
        "files; only files whose text changes are written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", nargs="?", type=Path, default=None, help="Default: the content folder."
        )
        parser.add_argument(
            "--topic", action="append", dest="slugs", help="Only this topic (repeatable)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say which files would change; write nothing."
        )

    def handle(self, *args, directory, slugs, dry_run, **options):
        target = directory or Path(settings.CONTENT_DIR)
        exported = content_export(directory=target, slugs=slugs, dry_run=dry_run)
        verbosity = options["verbosity"]
        for file in exported:
            if verbosity >= 2 or (verbosity >= 1 and file.action != "unchanged"):
                self.stdout.write(f"{file.path}: {file.action}")
        if verbosity >= 1:
            changed = sum(file.action != "unchanged" for file in exported)
            verb = "Would write" if dry_run else "Wrote"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {changed} of {len(exported)} topic file(s) in {target}"
                    f"{' (dry run: nothing written)' if dry_run else ''}."
                )
            )
