"""The container's entrypoint, run outside a container: first start imports the content, later
starts keep tutors' edits, gunicorn serves /healthz and pages. Only its own process is killed."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs the site on its own SQLite file"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(data: Path, port: int, **extra: str) -> subprocess.Popen:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECURE="0",
        DJANGO_SECRET_KEY="entrypoint-test-secret-" + "x" * 40,
        DJANGO_DATA_DIR=str(data),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(data / "static"),
        PYTHON=sys.executable,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        **extra,
    )
    return subprocess.Popen(
        ["sh", "scripts/entrypoint.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_healthy(process: subprocess.Popen, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("the entrypoint exited: " + process.stdout.read())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("no answer from /healthz in time")


def stop(process: subprocess.Popen) -> str:
    os.killpg(process.pid, signal.SIGTERM)  # the process group this test started, nothing else
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
    return output


def test_first_start_imports_then_later_starts_keep_tutors_edits(tmp_path):
    data = tmp_path / "data"
    port = free_port()
    process = start(
        data,
        port,
        DJANGO_SUPERUSER_USERNAME="admin",
        DJANGO_SUPERUSER_EMAIL="admin@example.org",
        DJANGO_SUPERUSER_PASSWORD="a-strong-password-for-tests",
    )
    try:
        wait_healthy(process, port)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/topics/understand-customers-ocr/", timeout=5
        ) as page:
            assert "Understand customers" in page.read().decode()
    finally:
        first_output = stop(process)
    assert "5 created" in first_output
    assert "created the admin user admin" in first_output

    database = sqlite3.connect(data / "db.sqlite3")
    with database:
        database.execute(
            "UPDATE topics_tip SET text = 'A tutor''s own tip.' WHERE id = (SELECT min(id) FROM topics_tip)"
        )
    database.close()

    process = start(data, port)
    try:
        wait_healthy(process, port)
    finally:
        second_output = stop(process)
    assert "kept" in second_output
    database = sqlite3.connect(data / "db.sqlite3")
    assert (
        database.execute(
            "SELECT count(*) FROM topics_tip WHERE text = 'A tutor''s own tip.'"
        ).fetchone()[0]
        == 1
    )
    assert database.execute("SELECT count(*) FROM auth_user WHERE is_superuser").fetchone()[0] == 1
