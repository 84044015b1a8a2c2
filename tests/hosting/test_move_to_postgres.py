"""Moving a centre from SQLite to PostgreSQL with dumpdata and loaddata (docs/self-hosting.md)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import connection

from assessment.models import Attempt, Question
from topics.models import Tip, Topic

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://..."
)


def sqlite_manage(data: Path, *args: str) -> None:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    env.update(DJANGO_DEBUG="1", DJANGO_DATA_DIR=str(data))
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_site_moves_to_postgresql_whole(tmp_path):
    data = tmp_path / "data"
    sqlite_manage(data, "migrate", "--no-input")
    sqlite_manage(data, "import_content")
    sqlite_manage(
        data,
        "shell",
        "-c",
        (
            "from assessment.models import Attempt, Question; from topics.models import Tip;"
            "q = Question.objects.first(); Attempt.objects.create(session_key='s', question=q, answer='a', mark=1, max_marks=q.marks, result={});"
            "t = Tip.objects.first(); t.text = 'Edited before the move.'; t.save()"
        ),
    )
    dump = tmp_path / "site.json"
    sqlite_manage(
        data,
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--exclude",
        "contenttypes",
        "--exclude",
        "auth.permission",
        "--exclude",
        "admin.logentry",
        "--exclude",
        "sessions",
        "--output",
        str(dump),
    )
    call_command("flush", "--no-input", stdout=io.StringIO())
    call_command("loaddata", str(dump), stdout=io.StringIO())
    assert Topic.objects.count() == 5
    assert Question.objects.count() == sum(  # every question of the content, none lost
        len(yaml.safe_load(path.read_text())["questions"])
        for path in (ROOT / "content").glob("*.yaml")
    )
    assert Attempt.objects.count() == 1
    assert Tip.objects.filter(text="Edited before the move.").exists()
    out = io.StringIO()
    call_command("import_content", "--dry-run", stdout=out, stderr=io.StringIO())
    assert "4 unchanged" in out.getvalue() and "1 kept" in out.getvalue()
