"""Load (locust) on gunicorn over loopback: the learner scenario at 50 learners for 60 s, the
answer post alone at 20 learners, then the check that no answer was lost or written twice."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.report import table, write_section
from bench.server import ROOT, Site, prepared_site, serving

# The answer-post limits are raised for the load runs: locust sends every learner from 127.0.0.1.
UNLIMITED = {"DJANGO_QUIZ_RATE_PER_SESSION": "1000000", "DJANGO_QUIZ_RATE_PER_ADDRESS": "1000000"}


def locust(
    site: Site, *, users: int, seconds: int, only_answers: bool, workdir: Path, think: float = 1.0
) -> tuple[dict, int]:
    """Run locust headless; returns ({name: stats row}, successful answer posts)."""
    success_log = workdir / "answers.log"
    success_log.unlink(missing_ok=True)
    env = {
        **os.environ,
        "BENCH_SUCCESS_LOG": str(success_log),
        "BENCH_ONLY_ANSWERS": "1" if only_answers else "0",
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
    successes = len(success_log.read_text().splitlines()) if success_log.exists() else 0
    return rows, successes


def attempts_in_database(site: Site) -> int:
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from assessment.models import Attempt; print(Attempt.objects.count())",
        ],
        cwd=ROOT,
        env=site.env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return int(result.stdout.strip().splitlines()[-1])


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


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def run(database_url: str = "", label: str = "SQLite") -> str:
    headers = ["step", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"]
    with prepared_site(database_url=database_url) as site, tempfile.TemporaryDirectory() as tmp:
        site.env.update(UNLIMITED)
        workdir = Path(tmp)
        before = attempts_in_database(site)
        with serving(site, workers=3, threads=2):
            scenario, scenario_ok = locust(
                site, users=50, seconds=60, only_answers=False, workdir=workdir
            )
            after_scenario = attempts_in_database(site)
            answers, answers_ok = locust(
                site, users=20, seconds=30, only_answers=True, workdir=workdir
            )
            after_answers = attempts_in_database(site)
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
            fault, fault_ok = locust(
                site, users=20, seconds=20, only_answers=True, workdir=workdir, think=0
            )
            killer.join()
            after_fault = attempts_in_database(site)
            workers_after = len(worker_pids(site.process.pid))
        check = integrity(site)
    lost_scenario = scenario_ok - (after_scenario - before)
    lost_answers = answers_ok - (after_answers - after_scenario)
    fault_difference = (after_fault - after_answers) - fault_ok
    body = (
        "gunicorn with 3 workers x 2 threads on 127.0.0.1, locust headless (answer-post rate limits "
        "raised for the run, since every simulated learner comes from one address).\n\n"
        "### Learner scenario: 50 learners for 60 s (home, topic page, quiz, post answers, progress)\n\n"
        + table(headers, step_rows(scenario))
        + "\n\n### The answer post alone: 20 learners for 30 s, each answering about once a second (target p95 <= 50 ms, zero errors)\n\n"
        + table(headers, step_rows(answers))
        + "\n\n### Nothing lost\n\n"
        + table(
            [
                "run",
                "answer posts answered with success",
                "new attempts in the database",
                "difference",
            ],
            [
                ["scenario", scenario_ok, after_scenario - before, lost_scenario],
                ["answers only", answers_ok, after_answers - after_scenario, lost_answers],
            ],
        )
        + "\n\n### Fault: SIGKILL one gunicorn worker during a 20-learner answer run\n\n"
        + table(
            [
                "worker killed",
                "requests",
                "failed requests",
                "successes",
                "new attempts",
                "extra rows (committed, reply lost)",
                "workers after",
                "integrity_check",
            ],
            [
                [
                    killed.get("pid", "none"),
                    fault["Aggregated"]["Request Count"],
                    fault["Aggregated"]["Failure Count"],
                    fault_ok,
                    after_fault - after_answers,
                    fault_difference,
                    workers_after,
                    check,
                ]
            ],
        )
    )
    write_section(f"Load and a killed worker ({label})", "make bench", body)
    return body
