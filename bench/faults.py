"""Faults: restart the whole server, kill an import halfway, and a database that refuses writes
(the disk under SQLite filled; PostgreSQL turned read-only). After each: SQLite's integrity_check
and the counts. (A worker killed under load: bench/load.py.)"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.content import scaled_content
from bench.report import table, write_section
from bench.server import ROOT, Site, prepared_site, serving

QUIZ = "/topics/understand-customers-ocr/quiz/1/"


class Learner:
    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def answer(self, site: Site, text: str) -> int:
        """Open the question and post an answer; the status of whichever step failed, else the post's."""
        try:
            page = self.opener.open(site.base_url + QUIZ, timeout=60).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "answer": text}).encode()
            request = urllib.request.Request(
                site.base_url + QUIZ, data=data, headers={"Referer": site.base_url + QUIZ}
            )
            return self.opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            self.last_body = error.read().decode()
            return error.code

    def progress(self, site: Site) -> str:
        return self.opener.open(site.base_url + "/progress/", timeout=60).read().decode()


def counts(site: Site, database: Path | None = None) -> tuple[str, int, int]:
    """(integrity, topics, attempts): SQLite's integrity_check of `database` (by default the
    site's own file), or on PostgreSQL the counts alone."""
    query_topics = "SELECT count(*) FROM topics_topic"
    query_attempts = "SELECT count(*) FROM assessment_attempt"
    if site.env.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(site.env["DATABASE_URL"], connect_timeout=10) as connection:
            return (
                "n/a (PostgreSQL)",
                connection.execute(query_topics).fetchone()[0],
                connection.execute(query_attempts).fetchone()[0],
            )
    connection = sqlite3.connect(database or site.data_dir / "db.sqlite3")
    try:
        return (
            connection.execute("PRAGMA integrity_check").fetchone()[0],
            connection.execute(query_topics).fetchone()[0],
            connection.execute(query_attempts).fetchone()[0],
        )
    finally:
        connection.close()


def restart(site: Site) -> list:
    learner = Learner()
    with serving(site):
        learner.answer(site, "Colleagues who rely on my work are internal customers.")
    with serving(site):  # the whole server stopped and started again
        survived = "Understand customers" in learner.progress(site)
    integrity, _, attempts = counts(site)
    return [
        "restart the whole server",
        "session and attempt survive" if survived else "LOST",
        integrity,
        f"{attempts} attempt(s)",
    ]


def killed_import(site: Site) -> list:
    before = counts(site)
    with tempfile.TemporaryDirectory() as tmp:
        content = scaled_content(Path(tmp) / "content", 40)  # 200 topics
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_content", str(content)],
            cwd=ROOT,
            env=site.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(4)  # well into the writing
        running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
    after = counts(site)
    outcome = "database as before" if after == before else f"CHANGED {before} -> {after}"
    return [
        "SIGKILL import_content of 200 topics after 4 s" + ("" if running else " (had finished)"),
        outcome,
        after[0],
        f"{after[1]} topics",
    ]


def full_disk(site: Site) -> list:
    """The database on a 32 MB tmpfs of its own, filled to the last byte while serving."""
    mount = Path(tempfile.mkdtemp(prefix="bench-tmpfs-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)], check=True)
    try:
        # the database, checkpointed, onto the small disk
        source = sqlite3.connect(site.data_dir / "db.sqlite3")
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        source.close()
        (mount / "db.sqlite3").write_bytes((site.data_dir / "db.sqlite3").read_bytes())
        env = dict(site.env)
        site.env["DJANGO_DATA_DIR"] = str(mount)
        learner = Learner()
        with serving(site) as running:
            assert learner.answer(
                running, "Before the disk fills: colleagues are internal customers."
            ) in (200, 302)
            filler = mount / "filler"
            with open(filler, "wb") as handle:
                try:
                    while True:
                        handle.write(b"\0" * 65536)
                        handle.flush()
                except OSError:
                    pass
            statuses = [
                learner.answer(running, f"While the disk is full, answer {i} " + "x" * 2000)
                for i in range(5)
            ]
            friendly = "Back in a moment" in getattr(learner, "last_body", "")
            leaked = "Traceback" in getattr(learner, "last_body", "")
            log = running.log_tail(20000)
            filler.unlink()
            after = learner.answer(
                running, "After freeing space: colleagues are internal customers."
            )
        integrity, _, attempts = counts(site, mount / "db.sqlite3")
        site.env.clear()
        site.env.update(env)
        return [
            "fill the disk (32 MB tmpfs) under the database",
            f"answer posts while full: {sorted(set(statuses))}; friendly page: {friendly}; traceback shown: {leaked}; "
            f"log line: {'database error: answering 503' in log}; after freeing space: {after}",
            integrity,
            f"{attempts} attempt(s)",
        ]
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def read_only_database(site: Site) -> list:
    """PostgreSQL fails over to a read-only server: the site's connections are cut, and the ones
    it opens again may read but not write. Then writes are allowed again."""
    import psycopg

    url = site.env["DATABASE_URL"]
    learner = Learner()

    def set_read_only(on: bool) -> None:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as admin:
            admin.execute("SET default_transaction_read_only = off")  # this session may write
            name = admin.execute("SELECT current_database()").fetchone()[0]
            setting = (
                "SET default_transaction_read_only = on"
                if on
                else "RESET default_transaction_read_only"
            )
            admin.execute(f'ALTER DATABASE "{name}" {setting}')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    with serving(site) as running:
        assert learner.answer(running, "Before: colleagues are internal customers.") in (200, 302)
        set_read_only(True)
        try:
            statuses = [
                learner.answer(running, f"While read-only, answer {i}: colleagues.")
                for i in range(5)
            ]
            body = getattr(learner, "last_body", "")
            topic_page = running.get("/topics/understand-customers-ocr/")
            reading = "Understand customers" in topic_page.decode()
        finally:
            set_read_only(False)
        after = learner.answer(running, "After: colleagues are internal customers.")
        log = running.log_tail(20000)
    integrity, _, attempts = counts(site)
    return [
        "the database turns read-only (connections cut, as in a fail-over), then writable again",
        f"answer posts while read-only: {sorted(set(statuses))}; friendly page: "
        f"{'Back in a moment' in body}; traceback shown: {'Traceback' in body}; topic pages still "
        f"read: {reading}; log line: {'database error: answering 503' in log}; after: {after}",
        integrity,
        f"{attempts} attempt(s)",
    ]


def run(database_url: str = "", label: str = "SQLite") -> str:
    rows = []
    if database_url:
        faults = [read_only_database, restart, killed_import]
    else:
        faults = [full_disk if os.geteuid() == 0 else None, restart, killed_import]
    with prepared_site(database_url=database_url) as site:
        for fault in faults:
            if fault is None:
                rows.append(["fill the disk", "skipped: mounting a tmpfs needs root", "", ""])
                continue
            try:
                rows.append(fault(site))
            except Exception as error:  # report the fault that could not be run, go on
                rows.append([fault.__name__, f"could not run: {error!r}", "", ""])
    body = table(["fault", "outcome", "integrity_check", "counts after"], rows)
    write_section(f"Faults ({label})", body, database_url=database_url)
    return body
