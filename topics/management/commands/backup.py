"""Back up the database and the content while the site is serving."""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from topics.exporter import content_export


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database into DIR/<timestamp>/ while the site keeps "
        "serving (SQLite's online backup API; pg_dump for PostgreSQL), checked, with a YAML "
        "export of the content beside it. See docs/self-hosting.md for restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        # learners' answers are in the copy: only the account that runs the backup may read it
        # (files 0600, the folder 0700), whatever the umask of the shell or cron job
        previous_umask = os.umask(0o077)
        try:
            self._backup(directory, options["verbosity"])
        finally:
            os.umask(previous_umask)

    def _backup(self, directory: Path, verbosity: int) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = directory / stamp
        target.mkdir(parents=True, exist_ok=False, mode=0o700)
        if connection.vendor == "sqlite":
            database = self._backup_sqlite(target)
        elif connection.vendor == "postgresql":
            database = self._backup_postgres(target)
        else:
            raise CommandError(f"backup does not know the {connection.vendor} database.")
        topics = content_export(directory=target / "content")
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backed up the database to {database} and {len(topics)} topic(s) to {target / 'content'}."
                )
            )

    def _backup_sqlite(self, target: Path) -> Path:
        source_path = connection.settings_dict["NAME"]
        copy_path = target / "db.sqlite3"
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
        copy = sqlite3.connect(copy_path)
        try:
            with copy:
                source.backup(copy)  # one step: a consistent snapshot even while others write
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
            source.close()
        if result != "ok":
            raise CommandError(
                f"the copy failed its integrity check ({result}); the database was not changed."
            )
        return copy_path

    def _backup_postgres(self, target: Path) -> Path:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError(
                "pg_dump is not installed. Install the PostgreSQL client (apt-get install "
                "postgresql-client) or run pg_dump from the database host; see docs/self-hosting.md."
            )
        settings = connection.settings_dict
        dump_path = target / "db.dump"
        env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        command = [
            pg_dump,
            "--format=custom",
            "--no-owner",
            "--file",
            str(dump_path),
            "--host",
            settings.get("HOST") or "localhost",
            "--port",
            str(settings.get("PORT") or 5432),
            "--username",
            settings.get("USER") or "postgres",
            settings["NAME"],
        ]
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=3600, check=False
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        check = subprocess.run(
            [shutil.which("pg_restore") or "pg_restore", "--list", str(dump_path)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check.returncode != 0:
            raise CommandError(f"the dump cannot be read back: {check.stderr.strip()}")
        return dump_path
