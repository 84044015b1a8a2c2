"""The container's entrypoint, run outside a container: first start imports the content, later
starts keep tutors' edits, gunicorn serves /healthz and pages. Only its own process is killed."""

import http.client
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


# For tests of gunicorn itself: the entrypoint goes straight to serving (the image's later starts
# skip collectstatic the same way), which takes seconds off each start.
SERVE_ONLY = dict(
    DJANGO_COLLECTSTATIC="0",
    DJANGO_MIGRATE="0",
    DJANGO_IMPORT_CONTENT="0",
    DJANGO_EXPIRE_RECORDS="0",
)


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
    )
    env.update(extra)
    return launch(env)


def launch(env: dict[str, str]) -> subprocess.Popen:
    """The entrypoint in a process group of its own, so stop() ends it and nothing else."""
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
        # an expired session and an answer past the retention period: the start cleans both up
        database.execute(
            "INSERT INTO django_session VALUES ('expired-session-key', 'e30', '2020-01-01 00:00:00')"
        )
        database.execute(
            "INSERT INTO assessment_attempt (session_key, question_id, answer, mark, max_marks,"
            " result, created_at, submission) SELECT 'old', min(id), 'An old answer.', 0, 1,"
            " '{}', '2020-01-01 00:00:00', '' FROM assessment_question"
        )
    database.close()

    process = start(data, port, DJANGO_COLLECTSTATIC="0")  # as the image's later starts do
    try:
        wait_healthy(process, port)
    finally:
        second_output = stop(process)
    assert "kept" in second_output
    assert "1 answer(s) older than 365 days deleted" in second_output
    database = sqlite3.connect(data / "db.sqlite3")
    assert database.execute("SELECT count(*) FROM django_session").fetchone()[0] == 0
    assert database.execute("SELECT count(*) FROM assessment_attempt").fetchone()[0] == 0
    assert (
        database.execute(
            "SELECT count(*) FROM topics_tip WHERE text = 'A tutor''s own tip.'"
        ).fetchone()[0]
        == 1
    )
    assert database.execute("SELECT count(*) FROM auth_user WHERE is_superuser").fetchone()[0] == 1


def idle_then_ask_again(port: int, idle: float) -> int | None:
    """Ask for /healthz, stay idle on the same connection, ask again; returns the second status
    (None when the server closed the connection in the meantime)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        first = connection.getresponse()
        first.read()
        assert first.status == 200
        time.sleep(idle)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            return None
    finally:
        connection.close()


def test_an_idle_connection_stays_open_for_the_proxy_as_long_as_gunicorn_keep_alive_says(
    tmp_path,
):
    """A proxy reuses idle connections to the site; gunicorn's own 2 s default closed them under
    it (resets under load, 502s for learners), so the entrypoint keeps them for 75 s unless told."""
    port = free_port()
    process = start(tmp_path / "data", port, **SERVE_ONLY)
    try:
        wait_healthy(process, port)
        assert idle_then_ask_again(port, 3) == 200
    finally:
        stop(process)
    process = start(tmp_path / "data", port, GUNICORN_KEEP_ALIVE="1", **SERVE_ONLY)
    try:
        wait_healthy(process, port)
        assert idle_then_ask_again(port, 3) is None
    finally:
        stop(process)


def test_a_gunicorn_variable_that_is_not_a_number_stops_the_start_with_its_name(tmp_path):
    port = free_port()
    process = start(tmp_path / "data", port, GUNICORN_WORKERS="two", **SERVE_ONLY)
    try:
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            stop(process)
    assert process.returncode != 0
    assert "GUNICORN_WORKERS must be a whole number, not 'two'" in output


def test_without_docker_the_entrypoint_reads_dot_env_and_uses_the_projects_virtualenv(tmp_path):
    """docs/self-hosting.md's path without Docker: `make install`, variables in .env, then
    scripts/entrypoint.sh from a shell where neither PYTHON nor any site variable is set."""
    if not (ROOT / ".venv" / "bin" / "python").exists():
        pytest.skip("no .venv here (make install makes it)")
    data = tmp_path / "data"
    port = free_port()
    env_file = tmp_path / ".env"
    env_file.write_text(
        "\n".join(
            [
                "DJANGO_DEBUG=0",
                "DJANGO_SECURE=0",
                "DJANGO_SECRET_KEY=entrypoint-test-secret-" + "y" * 40,
                f"DJANGO_DATA_DIR={data}",
                "DJANGO_ALLOWED_HOSTS=127.0.0.1",
                f"GUNICORN_BIND=127.0.0.1:{port}",
                "GUNICORN_WORKERS=1",
                "DJANGO_COLLECTSTATIC=0",
                "DJANGO_IMPORT_CONTENT=0",  # read by the entrypoint itself, not only by manage.py
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "GUNICORN_")) and k not in {"DATABASE_URL", "PYTHON"}
    }
    env["REVISION_ENV_FILE"] = str(env_file)
    process = launch(env)
    try:
        wait_healthy(process, port)
    finally:
        output = stop(process)
    assert (data / "db.sqlite3").exists()
    assert "Applying" in output  # migrated
    assert "created" not in output  # DJANGO_IMPORT_CONTENT=0 from .env was honoured
