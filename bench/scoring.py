"""Answers marked per second by the engine on one core, and by `score_answers` end to end.

Realistic work, cold caches: at least 5,000 distinct answers of 40-80 words, none repeated, made
by joining sentences of the hand-marked development answers of each question in a new order
(learners' own sentences, in combinations the process has never marked). The engine is timed in a
fresh process after the questions are compiled (a running server has them); every answer is
marked once.
"""

from __future__ import annotations

import inspect
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.marking import BEFORE, _engine_before
from bench.report import table, write_section
from bench.server import ROOT, prepared_site

ANSWERS = 6000
ROUNDS = 3
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def load_questions() -> dict:
    """The content's questions as the engine on the path reads them (this tree's, or an older
    one the bench compares with, which may not take the content's example words)."""
    sys.path.insert(0, str(ROOT))
    from assessment.spec import question_spec_from_mapping

    extra = {}
    if "example_words" in inspect.signature(question_spec_from_mapping).parameters:
        lines = (ROOT / "content" / "example-words.txt").read_text(encoding="utf-8").splitlines()
        extra["example_words"] = [word for line in lines for word in line.split("#")[0].split()]
    specs = {}
    for path in sorted((ROOT / "content").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        misconceptions = {m["id"]: m for m in data.get("misconceptions", [])}
        for question in data.get("questions", []):
            specs[f"{data['slug']}/{question['id']}"] = question_spec_from_mapping(
                question, misconceptions=misconceptions, **extra
            )
    return specs


def distinct_answers(count: int = ANSWERS, *, seed: int = 2026) -> list[dict]:
    """`count` distinct answers of 40-80 words for the content's questions, from the sentences
    of the development set's answers to each question."""
    rows = [
        json.loads(line) for line in (ROOT / "tests/data/devset.jsonl").read_text().splitlines()
    ]
    pools: dict[str, list[str]] = {}
    for row in rows:
        pools.setdefault(row["question"], []).extend(
            s.strip() for s in SENTENCE.split(row["answer"]) if len(s.split()) >= 3
        )
    random_source = random.Random(seed)
    questions = sorted(pools)
    made: dict[str, str] = {}
    while len(made) < count:
        question = random_source.choice(questions)
        pool = pools[question]
        sentences: list[str] = []
        for sentence in random_source.sample(pool, len(pool)):
            if len(" ".join(sentences).split()) >= 40:
                break
            sentences.append(sentence)
        answer = " ".join(sentences)
        if 40 <= len(answer.split()) <= 80 and answer not in made:
            made[answer] = question
    return [{"question": question, "answer": answer} for answer, question in made.items()]


ENGINE_RUN = """
import json, sys, time
sys.path.insert(0, {engine!r})
sys.path.insert(1, {root!r})
from bench.scoring import load_questions
from assessment.scoring import question_matcher, score_answer
specs = load_questions()
for spec in specs.values():
    question_matcher(spec)  # compiled once, as a running server has them
rows = [json.loads(line) for line in open({path!r})]
pairs = [(specs[row["question"]], row["answer"]) for row in rows]
started = time.process_time()
for spec, answer in pairs:
    score_answer(spec, answer)
print(len(pairs) / (time.process_time() - started))
"""


def engine_rate(path: Path, engine: Path = ROOT) -> float:
    """Answers per second of CPU time, in a fresh process: no answer's work is cached."""
    code = ENGINE_RUN.format(engine=str(engine), root=str(ROOT), path=str(path))
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=600
    )
    return float(result.stdout.strip().splitlines()[-1])


def run(database_url: str = "", label: str = "SQLite") -> str:
    rows = distinct_answers()
    words = [len(row["answer"].split()) for row in rows]
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "class.jsonl"
        answers.write_text("".join(json.dumps(row) + "\n" for row in rows))
        before = _engine_before(Path(tmp) / "before")
        rates, rates_before = [], []
        for _ in range(ROUNDS):  # alternately, so both meet the same load
            rates.append(engine_rate(answers))
            if before:
                rates_before.append(engine_rate(answers, before))
        with prepared_site(database_url=database_url) as site:
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
                timeout=900,
            )
            command_seconds = time.perf_counter() - started
    body = (
        f"{len(rows):,} distinct answers (40-80 words, median {statistics.median(words):.0f}), "
        "made by joining the development set's sentences for each question in new orders; each "
        f"marked once. The engine runs in a fresh process per round ({ROUNDS} rounds), timed in "
        "CPU seconds after the questions are compiled; `score_answers` is the whole command "
        "(start-up, database, output), timed on the wall clock, marking in one process per core "
        f"({len(os.sched_getaffinity(0))} here).\n\n"
        + table(
            ["measure", "answers per second", "target"],
            [
                ["engine, median of rounds", f"{statistics.median(rates):,.0f}", ">= 2,000"],
                ["engine, slowest round", f"{min(rates):,.0f}", ""],
                *(
                    [
                        [
                            f"the engine before (commit {BEFORE}), median of rounds",
                            f"{statistics.median(rates_before):,.0f}",
                            "",
                        ]
                    ]
                    if rates_before
                    else []
                ),
                [
                    f"`score_answers` on the {len(rows):,} answers, whole command",
                    f"{len(rows) / command_seconds:,.0f}",
                    ">= 1,000",
                ],
            ],
        )
    )
    write_section(f"Marking speed ({label})", body, database_url=database_url)
    return body
