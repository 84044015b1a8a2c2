"""backup while learners' answers are being written: a consistent, complete, restorable copy."""

import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.hosting.commands import manage as run_manage
from tests.hosting.commands import plain_environment

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's online backup")


def manage(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_manage(*args, env=plain_environment(DJANGO_DEBUG="1", DJANGO_DATA_DIR=str(data_dir)))


def test_backup_while_writing_is_consistent_and_holds_every_committed_attempt(tmp_path):
    data = tmp_path / "data"
    assert manage(data, "migrate", "--no-input").returncode == 0
    assert manage(data, "import_content").returncode == 0
    database = data / "db.sqlite3"
    writer = sqlite3.connect(database, timeout=30, check_same_thread=False)
    question_id = writer.execute("SELECT id FROM assessment_question LIMIT 1").fetchone()[0]
    committed: list[int] = []
    stop = threading.Event()

    def write_attempts():
        number = 0
        while not stop.is_set() and number < 5000:
            number += 1
            with writer:
                cursor = writer.execute(
                    "INSERT INTO assessment_attempt (session_key, question_id, answer, mark, max_marks, result, created_at)"
                    " VALUES (?, ?, ?, 1, 3, '{}', datetime('now'))",
                    (f"learner-{number}", question_id, f"answer {number}"),
                )
            committed.append(cursor.lastrowid)

    thread = threading.Thread(target=write_attempts)
    thread.start()
    time.sleep(0.3)
    committed_before = list(committed)
    result = manage(data, "backup", str(tmp_path / "backups"))
    stop.set()
    thread.join(timeout=30)
    writer.close()

    assert result.returncode == 0, result.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    copy = sqlite3.connect(backup / "db.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {row[0] for row in copy.execute("SELECT id FROM assessment_attempt")}
    assert set(committed_before) <= ids
    assert len(committed_before) > 0
    assert sorted((backup / "content").glob("*.yaml"))
    # learners' answers are in there: readable by the account that made the backup only
    assert backup.stat().st_mode & 0o777 == 0o700
    for written in [backup / "db.sqlite3", *(backup / "content").glob("*.yaml")]:
        assert written.stat().st_mode & 0o777 == 0o600, written

    # restoring: the copy becomes the data directory's database, and the site reads it
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "db.sqlite3").write_bytes((backup / "db.sqlite3").read_bytes())
    check = manage(restored, "import_content", "--dry-run")
    assert check.returncode == 0
    assert "5 unchanged" in check.stdout
