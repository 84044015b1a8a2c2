"""Load (locust) on gunicorn over loopback: the learner scenario at 50 learners for 60 s, the
answer post alone at 20 learners, then the check that no answer was lost or written twice."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.report import table, write_section
from bench.server import ROOT, Site, prepared_site, serving

# Locust names a request's second try (after a dropped kept-alive connection) with this suffix.
AGAIN = " (sent again)"
# The answer-post limits are raised for the load runs: locust sends every learner from 127.0.0.1.
UNLIMITED = {"DJANGO_QUIZ_RATE_PER_SESSION": "1000000", "DJANGO_QUIZ_RATE_PER_ADDRESS": "1000000"}


@dataclass(frozen=True)
class Posts:
    """The answer posts of one run, from locust's own log (so none sent while stopping is
    missed): each submission and whether any of its tries got a success response."""

    answered: frozenset[str]
    failed: frozenset[str]  # no try got a success response

    @classmethod
    def from_log(cls, path: Path) -> Posts:
        outcomes: dict[str, bool] = {}
        for line in path.read_text().splitlines() if path.exists() else []:
            outcome, digest = line.split()
            outcomes[digest] = outcomes.get(digest, False) or outcome == "ok"
        return cls(
            answered=frozenset(d for d, ok in outcomes.items() if ok),
            failed=frozenset(d for d, ok in outcomes.items() if not ok),
        )

    def check(self, stored: Counter) -> list[int]:
        """[sent, answered, failed, answered and stored once, lost, stored twice or more,
        failed but stored (the reply was lost after the write)]"""
        return [
            len(self.answered) + len(self.failed),
            len(self.answered),
            len(self.failed),
            sum(stored[d] == 1 for d in self.answered),
            sum(stored[d] == 0 for d in self.answered),
            sum(stored[d] > 1 for d in self.answered | self.failed),
            sum(stored[d] == 1 for d in self.failed),
        ]


def locust(
    site: Site, *, users: int, seconds: int, only_answers: bool, workdir: Path, think: float = 1.0
) -> tuple[dict, Posts, list[list[str]]]:
    """Run locust headless; returns ({name: stats row}, the answer posts it sent, failures as
    [step, error, occurrences])."""
    answer_log = workdir / f"answers-{time.monotonic_ns()}.log"
    env = {
        **os.environ,
        "BENCH_ANSWER_LOG": str(answer_log),
        "BENCH_ONLY_ANSWERS": "1" if only_answers else "0",
        "BENCH_THINK_SECONDS": str(think),
        "BENCH_AGAIN": AGAIN,
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench/locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users // 5)),
            "--run-time",
            f"{seconds}s",
            "--host",
            site.base_url,
            "--csv",
            str(workdir / "stats"),
            "--only-summary",
            "--stop-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        timeout=seconds + 120,
    )
    with open(workdir / "stats_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    with open(workdir / "stats_failures.csv") as failures_file:
        failures = [
            [row["Name"], row["Error"], row["Occurrences"]] for row in csv.DictReader(failures_file)
        ]
    return rows, Posts.from_log(answer_log), failures


def stored_submissions(site: Site) -> Counter:
    """How many attempts the database holds for each submission digest ("" for none)."""
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import json; from django.db.models import Count; from assessment.models import Attempt; "
            "print(json.dumps({r['submission']: r['n'] for r in "
            "Attempt.objects.values('submission').annotate(n=Count('id'))}))",
        ],
        cwd=ROOT,
        env=site.env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return Counter(json.loads(result.stdout.strip().splitlines()[-1]))


def integrity(site: Site) -> str:
    if site.env.get("DATABASE_URL"):
        return "n/a (PostgreSQL)"
    import sqlite3

    connection = sqlite3.connect(site.data_dir / "db.sqlite3")
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def step_rows(stats: dict) -> list[list[str]]:
    rows = []
    for name, row in stats.items():
        if name == "Aggregated":
            continue
        rows.append(
            [
                name,
                row["Request Count"],
                row["Failure Count"],
                f"{float(row['Requests/s']):.1f}",
                row["50%"],
                row["95%"],
                row["99%"],
            ]
        )
    aggregated = stats["Aggregated"]
    rows.append(
        [
            "**all**",
            aggregated["Request Count"],
            aggregated["Failure Count"],
            f"{float(aggregated['Requests/s']):.1f}",
            aggregated["50%"],
            aggregated["95%"],
            aggregated["99%"],
        ]
    )
    return rows


# Django's logfmt lines at ERROR, and gunicorn's own at WARNING and above (worker timeouts, kills).
SERVER_TROUBLE = re.compile(r"level=(ERROR|CRITICAL)|\[(WARNING|ERROR|CRITICAL)\]")


def failure_report(runs: list[tuple[str, list[list[str]]]], server_errors: list[str]) -> str:
    """Locust's failures by run and step, then the ERROR lines gunicorn's workers logged."""
    rows = [[run, *failure] for run, failures in runs for failure in failures]
    text = (
        table(["run", "step", "error", "occurrences"], rows)
        if rows
        else "No request failed in any run."
    )
    if server_errors:
        shown = "\n".join(server_errors[:20])
        text += (
            f"\n\nThe server logged {len(server_errors)} line(s) of trouble:\n\n```\n{shown}\n```"
        )
    else:
        text += "\n\nThe server logged no error and no warning."
    return text


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def errors_a_learner_saw(stats: dict) -> int:
    """Failed requests, less the dropped connections whose second try (as a browser makes) worked."""
    recovered = sum(
        int(row["Request Count"]) - int(row["Failure Count"])
        for name, row in stats.items()
        if name.endswith(AGAIN)
    )
    return int(stats["Aggregated"]["Failure Count"]) - recovered


def run(database_url: str = "", label: str = "SQLite") -> str:
    headers = ["step", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"]
    with prepared_site(database_url=database_url) as site, tempfile.TemporaryDirectory() as tmp:
        site.env.update(UNLIMITED)
        workdir = Path(tmp)
        with serving(site, workers=3, threads=2):
            scenario, scenario_posts, scenario_failures = locust(
                site, users=50, seconds=60, only_answers=False, workdir=workdir
            )
            answers, answers_posts, answers_failures = locust(
                site, users=20, seconds=30, only_answers=True, workdir=workdir
            )
            # fault: SIGKILL one worker in the middle of a load run; the master starts another
            killed = {}

            def kill_a_worker():
                time.sleep(8)
                pids = worker_pids(site.process.pid)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    killed["pid"] = pids[0]

            killer = threading.Thread(target=kill_a_worker)
            killer.start()
            fault, fault_posts, fault_failures = locust(
                site, users=20, seconds=20, only_answers=True, workdir=workdir, think=0
            )
            killer.join()
            workers_after = len(worker_pids(site.process.pid))
        stored = stored_submissions(site)
        check = integrity(site)
        server_errors = [
            line for line in site.log_tail(200_000).splitlines() if SERVER_TROUBLE.search(line)
        ]
    runs = [
        ("scenario", scenario, scenario_posts, scenario_failures),
        ("answers only", answers, answers_posts, answers_failures),
        ("killed worker", fault, fault_posts, fault_failures),
    ]
    body = (
        "gunicorn with 3 workers x 2 threads on 127.0.0.1 (`gunicorn.conf.py`, as the image runs "
        "it), locust headless (answer-post rate limits raised for the run, since every simulated "
        "learner comes from one address). As a browser does, a simulated learner sends a request "
        f"once more when its kept-alive connection drops with no reply; those tries are the rows "
        f'ending in "{AGAIN.strip()}".\n\n'
        "### Learner scenario: 50 learners for 60 s (home, topic page, quiz, post answers, progress)\n\n"
        + table(headers, step_rows(scenario))
        + "\n\n### The answer post alone: 20 learners for 30 s, each answering about once a second "
        "(target p95 <= 50 ms, zero errors)\n\n"
        + table(headers, step_rows(answers))
        + "\n\n### Fault: SIGKILL one gunicorn worker 8 s into a run of 20 learners answering "
        "with no pause\n\n"
        + table(headers, step_rows(fault))
        + "\n\n"
        + table(
            ["worker killed", "workers after", "integrity_check"],
            [[killed.get("pid", "none"), workers_after, check]],
        )
        + "\n\n### Every failed request, and the server's warnings and errors\n\n"
        + table(
            ["run", "failed requests", "errors a learner saw (after a second try)"],
            [
                [name, stats["Aggregated"]["Failure Count"], errors_a_learner_saw(stats)]
                for name, stats, _, _ in runs
            ],
        )
        + "\n\n"
        + failure_report([(name, failures) for name, _, _, failures in runs], server_errors)
        + "\n\n### Nothing lost, nothing twice\n\n"
        "Each answer post carries its form's one-off submission value, so every attempt in the "
        "database can be matched to the post that made it. Every post answered with success must "
        "be stored exactly once; a post that failed may have been stored (the reply was lost after "
        "the write), but never twice.\n\n"
        + table(
            [
                "run",
                "answer posts",
                "answered with success",
                "failed",
                "answered and stored once",
                "**lost**",
                "**stored twice**",
                "failed but stored",
            ],
            [[name, *posts.check(stored)] for name, _, posts, _ in runs],
        )
        + f"\n\nAttempts in the database that no post of these runs made: "
        f"{sum(stored.values()) - sum(stored[d] for _, _, p, _ in runs for d in p.answered | p.failed)}."
    )
    write_section(f"Load and a killed worker ({label})", body, database_url=database_url)
    return body
