"""The documented PostgreSQL backup and restore (docs/self-hosting.md): `manage.py backup` writes a
pg_dump archive, and `pg_restore --clean --no-owner -d "$DATABASE_URL" db.dump` brings the site's
data back. Runs in the PostgreSQL CI run (scripts/with-postgres.sh), in a database of its own."""

import os
import shutil
import subprocess
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from tests.hosting.commands import manage, plain_environment

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://..."
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs the PostgreSQL client"),
]


@pytest.fixture
def site_database_url():
    """A database of its own on the test server, dropped afterwards."""
    server_url = os.environ["DATABASE_URL"]
    name = f"backup_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def site(database_url: str) -> dict[str, str]:
    return plain_environment(DJANGO_DEBUG="1", DATABASE_URL=database_url)


def counts(database_url: str) -> tuple[int, int, int]:
    with psycopg.connect(database_url) as database:
        return database.execute(
            "SELECT (SELECT count(*) FROM topics_topic), (SELECT count(*) FROM topics_tip),"
            " (SELECT count(*) FROM assessment_question)"
        ).fetchone()


def test_the_documented_pg_dump_backup_restores_the_site(site_database_url, tmp_path):
    for step in [("migrate", "--no-input"), ("import_content",)]:
        result = manage(*step, env=site(site_database_url))
        assert result.returncode == 0, result.stderr
    before = counts(site_database_url)
    assert before[0] > 0 and before[1] > 0

    result = manage("backup", str(tmp_path / "backups"), env=site(site_database_url))
    assert result.returncode == 0, result.stderr
    (dump,) = (tmp_path / "backups").glob("*/db.dump")

    with psycopg.connect(site_database_url) as database:  # a mistake after the backup
        database.execute("DELETE FROM topics_tip")
    assert counts(site_database_url)[1] == 0

    restore = subprocess.run(
        ["pg_restore", "--clean", "--no-owner", "-d", site_database_url, str(dump)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert restore.returncode == 0, restore.stderr
    assert counts(site_database_url) == before
    assert manage("check", env=site(site_database_url)).returncode == 0
