"""The page cache across app processes: two gunicorn processes on one SQLite database each keep
a topic page in memory; an import through a third process changes the topic, and both serve the
new page within CONTENT_VERSION_TTL, with a new ETag."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "/topics/understand-customers-ocr/"


def _environment(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)  # SQLite in tmp_path, whatever the suite runs on
    env.update(
        DJANGO_DEBUG="1",  # no collectstatic needed; the page cache works the same
        DJANGO_DATA_DIR=str(tmp_path / "data"),
        DJANGO_CONTENT_DIR=str(tmp_path / "content"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    return env


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args, "-v0"], cwd=ROOT, env=env, check=True)


def _get(url: str, etag: str = "") -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["ETag"], response.read().decode()
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return 304, etag, ""
        raise


def _start(env: dict) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", "revision_site.wsgi:application"]
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return process, base
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer")


def test_an_import_through_another_process_reaches_every_processs_cached_pages(tmp_path):
    shutil.copytree(settings.CONTENT_DIR, tmp_path / "content")
    env = _environment(tmp_path)
    _manage(env, "migrate", "--no-input")
    _manage(env, "import_content")
    servers = [_start(env), _start(env)]
    try:
        etags = []
        for _, base in servers:
            _get(base + TOPIC)
            status, etag, html = _get(base + TOPIC)  # the second from the process's memory
            assert status == 200 and "<h1>Understand customers</h1>" in html
            assert _get(base + TOPIC, etag)[0] == 304
            etags.append(etag)

        source = tmp_path / "content" / "understand-customers-ocr.yaml"
        text = source.read_text()
        source.write_text(re.sub(r"(?m)^title: .*$", "title: Understand customers (revised)", text))
        _manage(env, "import_content")  # a third process, as a tutor's import would be

        deadline = time.monotonic() + 5  # CONTENT_VERSION_TTL is one second
        for (_, base), old_etag in zip(servers, etags, strict=True):
            while True:
                status, etag, html = _get(base + TOPIC, old_etag)
                if status == 200 or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            assert status == 200 and etag != old_etag, base
            assert "Understand customers (revised)" in html
    finally:
        for process, _ in servers:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
