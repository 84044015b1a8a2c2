"""Start the site under gunicorn on a loopback port, in a throwaway data directory, for benchmarks."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    base_url: str
    data_dir: Path
    static_root: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    def manage(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def log_tail(self, size: int = 4000) -> str:
        path = self.data_dir / "server.log"
        return path.read_bytes()[-size:].decode(errors="replace") if path.exists() else ""

    def get(self, path: str, timeout: float = 10) -> bytes:
        with urllib.request.urlopen(self.base_url + path, timeout=timeout) as response:
            return response.read()


def site_environment(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        GUNICORN_ACCESS_LOG="",  # gunicorn.conf.py: no access log, only warnings and errors
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_DATA_DIR=str(data_dir),
        DJANGO_STATIC_ROOT=str(data_dir / "static"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SECURE="0",  # plain http on loopback: no redirect to https
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextlib.contextmanager
def prepared_site(*, database_url: str = "", content: Path | None = None) -> Iterator[Site]:
    """A migrated database with the content imported and static files collected (not serving yet)."""
    data_dir = Path(tempfile.mkdtemp(prefix="bench-site-"))
    env = site_environment(data_dir, database_url)
    site = Site(base_url="", data_dir=data_dir, static_root=data_dir / "static", env=env)
    try:
        if database_url:
            site.manage("flush", "--no-input")
        site.manage("migrate", "--no-input")
        site.manage("import_content", *([str(content)] if content else []))
        site.manage("collectstatic", "--no-input")
        yield site
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@contextlib.contextmanager
def serving(
    site: Site, *, workers: int = 2, threads: int = 1, timeout: float = 30
) -> Iterator[Site]:
    """Serve the prepared site with gunicorn until the block ends; only this process is killed."""
    port = free_port()
    site.base_url = f"http://127.0.0.1:{port}"
    log = open(site.data_dir / "server.log", "ab")  # noqa: SIM115 - closed when the server stops
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "revision_site.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    site.process = process
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                site.get("/", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start: " + site.log_tail()) from None
                time.sleep(0.2)
        yield site
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
