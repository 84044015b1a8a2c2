"""Answers marked per second by the engine on one core, and by `score_answers` end to end."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.report import table, write_section
from bench.server import ROOT, prepared_site

ROUNDS = 5
SECONDS_PER_ROUND = 2.0


def load_questions() -> dict:
    sys.path.insert(0, str(ROOT))
    from assessment.spec import question_spec_from_mapping

    specs = {}
    for path in sorted((ROOT / "content").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        misconceptions = {m["id"]: m for m in data.get("misconceptions", [])}
        for question in data.get("questions", []):
            specs[f"{data['slug']}/{question['id']}"] = question_spec_from_mapping(
                question, misconceptions=misconceptions
            )
    return specs


def engine_rate(specs: dict, rows: list[dict]) -> float:
    from assessment.scoring import score_answer

    pairs = [(specs[row["question"]], row["answer"]) for row in rows]
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS_PER_ROUND:
        for spec, answer in pairs:
            score_answer(spec, answer)
        count += len(pairs)
    return count / (time.perf_counter() - started)


def run(database_url: str = "", label: str = "SQLite") -> str:
    rows = [
        json.loads(line) for line in (ROOT / "tests/data/devset.jsonl").read_text().splitlines()
    ]
    specs = load_questions()
    engine_rate(specs, rows[:20])  # warm the per-question caches, as a running server has them
    rates = [engine_rate(specs, rows) for _ in range(ROUNDS)]
    words = statistics.median(len(row["answer"].split()) for row in rows)
    with prepared_site(database_url=database_url) as site, tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "class.jsonl"
        answers.write_text(
            "".join(
                json.dumps({"question": r["question"], "answer": r["answer"]}) + "\n"
                for r in rows * 10
            )
        )
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "score_answers",
                str(answers),
                "--output",
                str(Path(tmp) / "out.jsonl"),
            ],
            cwd=ROOT,
            env=site.env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        command_seconds = time.perf_counter() - started
    body = (
        f"The engine alone, one process (one core): the {len(rows)} answers of the development set "
        f"(median {words:.0f} words) marked over and over for {SECONDS_PER_ROUND:.0f} s, "
        f"{ROUNDS} rounds.\n\n"
        + table(
            ["measure", "answers per second", "target"],
            [
                ["engine, median of rounds", f"{statistics.median(rates):,.0f}", ">= 2,000"],
                ["engine, slowest round", f"{min(rates):,.0f}", ""],
                [
                    f"`score_answers` on {len(rows) * 10} rows, whole command (start-up, database, output)",
                    f"{len(rows) * 10 / command_seconds:,.0f}",
                    "",
                ],
            ],
        )
    )
    write_section(f"Marking speed ({label})", body, database_url=database_url)
    return body
