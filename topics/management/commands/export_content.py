"""Write the database's topics back as YAML content files, in the layout of content/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from topics.exporter import content_export


class Command(BaseCommand):
    help = (
        "Write every topic (or those named with --topic) as <slug>.yaml in DIR (default: the "
        "content folder), in the same format as content/. Importing the export gives the same "
        "database, and exporting again gives byte-identical files."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=None)
        parser.add_argument(
            "--topic", action="append", dest="slugs", help="Only this topic (repeatable)."
        )

    def handle(self, *args, directory, slugs, **options):
        target = directory or Path(settings.CONTENT_DIR)
        written = content_export(directory=target, slugs=slugs)
        for path in written:
            if options["verbosity"] >= 2:
                self.stdout.write(str(path))
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Exported {len(written)} topic(s) to {target}."))
