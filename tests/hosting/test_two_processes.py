"""Two app processes against one PostgreSQL serve the same learner's session alternately."""

import http.cookiejar
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://..."
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, static_root: Path) -> subprocess.Popen:
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=url,
        DJANGO_DEBUG="0",
        DJANGO_SECURE="0",
        DJANGO_SECRET_KEY="shared-secret-" + "y" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_DATA_DIR=str(static_root.parent),
        DJANGO_STATIC_ROOT=str(static_root),
    )
    if not static_root.exists():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "revision_site.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"port {port} did not answer")


@pytest.mark.django_db(transaction=True)
def test_a_session_started_on_one_process_continues_on_the_other(tmp_path):
    call_command("import_content", stdout=io.StringIO(), stderr=io.StringIO())
    ports = [free_port(), free_port()]
    processes = [serve(port, tmp_path / "static") for port in ports]
    try:
        for port in ports:
            wait_up(port)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        quiz = "/topics/understand-customers-ocr/quiz/1/"
        page = opener.open(a + quiz, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "answer": "Colleagues rely on my work."}
        ).encode()
        request = urllib.request.Request(b + quiz, data=data, headers={"Referer": b + quiz})
        opener.open(request, timeout=10)  # answered through B with the session A started
        progress = (
            opener.open(a + "/progress/", timeout=10).read().decode()
        )  # and read back through A
        assert "Understand customers" in progress
        assert "Latest:" in progress
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
