"""Mark a class set of answers from a file, as the quiz would."""

import csv
import gc
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from assessment.lexicon import LexiconMissing, check_installed
from assessment.rows import QuestionLookup, read_rows
from assessment.scoring import PointVerdict, WrongIdeaHit, score_answer
from assessment.services import question_spec
from assessment.spec import QuestionSpec
from assessment.wording import point_reason

# Below this many answers a file is marked in this process: starting others would cost more than
# they save. Above it, one process per core marks a share: forked once the questions are read, so
# each starts with them and never touches the database; the engine is deterministic, so the rows
# are the same.
PARALLEL_FROM = 1000
SHARES_PER_PROCESS = 4  # so that a process given hard answers does not hold up the rest


def _fields(verdict: PointVerdict | WrongIdeaHit) -> dict:
    """A verdict as the mapping point_reason reads: what dataclasses.asdict gives, without its
    deep copy of every string and number (about 3% of the command's time)."""
    return {**vars(verdict), "evidence": [vars(evidence) for evidence in verdict.evidence]}


def _marked(row: dict, spec: QuestionSpec) -> dict:
    """One answer marked, as its output row."""
    result = score_answer(spec, str(row["answer"] or ""))
    wrong_ideas = [_fields(w) for w in result.wrong_ideas]
    return {
        **{k: v for k, v in row.items() if k not in {"mark", "max_marks", "points"}},
        "mark": result.mark,
        "max_marks": result.max_marks,
        "points": [
            {
                "key": p.key,
                "earned": p.earned,
                "status": p.status,
                "evidence": [e.text for e in p.evidence],
                "reason": "" if p.earned else point_reason(_fields(p), wrong_ideas),
            }
            for p in result.points
        ],
        "wrong_ideas": [w.key for w in result.wrong_ideas],
    }


_work: list[tuple[dict, QuestionSpec]] = []  # in a marking process: the whole file's answers


def _share_work(work: list[tuple[dict, QuestionSpec]]) -> None:
    global _work
    _work = work  # handed over by fork, not copied through a pipe


def _mark_share(bounds: tuple[int, int]) -> list[dict]:
    return [_marked(row, spec) for row, spec in _work[bounds[0] : bounds[1]]]


def _mark_all(work: list[tuple[dict, QuestionSpec]], jobs: int) -> list[dict]:
    """Every answer marked, in the file's order: in `jobs` processes for a big file."""
    # A question's answers together: what marking them reads (the question's compiled phrasings)
    # stays at hand, and a process compiles only the questions of its shares, in parallel.
    by_question = sorted(range(len(work)), key=lambda number: id(work[number][1]))
    grouped = [work[number] for number in by_question]
    if (
        jobs <= 1
        or len(work) < PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        marked = [_marked(row, spec) for row, spec in grouped]
    else:
        marked = _mark_in_processes(grouped, jobs)
    placed = dict(zip(by_question, marked, strict=True))
    return [placed[number] for number in range(len(work))]


def _mark_in_processes(work: list[tuple[dict, QuestionSpec]], jobs: int) -> list[dict]:
    size = -(-len(work) // (jobs * SHARES_PER_PROCESS))
    bounds = [(start, start + size) for start in range(0, len(work), size)]
    # Frozen, the objects the processes start with are left alone by their garbage collectors,
    # which would otherwise touch (and so copy) every page of them; thawed once they are done.
    # The processes never use the database; closed first, its connection is not shared with
    # them (a forked copy of a PostgreSQL connection could end the parent's session).
    connections.close_all()
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_share_work,
            initargs=(work,),
        ) as pool:
            return [row for share in pool.map(_mark_share, bounds) for row in share]
    finally:
        gc.unfreeze()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Command(BaseCommand):
    help = (
        "Mark answers read from a JSONL or CSV file with the columns `question` "
        "(<topic-slug>/<question-id>) and `answer`; writes one row per answer with the mark, the "
        "maximum and each marking point's verdict and evidence."
    )
    # The site's checks (URLs, templates, security settings) are for serving it; this command
    # needs only the database and the engine's word data, checked in handle. Importing every view
    # to check the URLs took a quarter of a second of each run; `manage.py check` still does.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", type=Path, help="Write here instead of standard output.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=_cores(),
            help=f"Processes that mark a file of {PARALLEL_FROM} answers or more (default: one "
            "per core).",
        )

    def handle(self, *args, file, format, output, jobs, **options):
        try:
            check_installed()
        except LexiconMissing as error:
            raise CommandError(str(error)) from None
        rows = list(read_rows(file))
        # every question the file names in one go, not a query (and its prefetches) per question
        questions = QuestionLookup(str(row["question"]) for _, row in rows if "question" in row)
        specs = {}  # each question's spec built once, not once per answer
        work = []
        for number, row in rows:
            where = f"{file}, line {number}"
            if "answer" not in row or "question" not in row:
                raise CommandError(f"{where}: each row needs 'question' and 'answer'.")
            question = questions.get(str(row["question"]), where=where)
            if question.pk not in specs:
                specs[question.pk] = question_spec(question)
            work.append((row, specs[question.pk]))
        results = _mark_all(work, jobs)
        stream = output.open("w", encoding="utf-8", newline="") if output else self.stdout
        try:
            if format == "csv":
                self._write_csv(stream, results)
            else:
                for result in results:
                    stream.write(json.dumps(result, ensure_ascii=False) + "\n")
        finally:
            if output:
                stream.close()
        if output and options["verbosity"] >= 1:
            self.stderr.write(self.style.SUCCESS(f"Marked {len(results)} answer(s) into {output}."))

    def _write_csv(self, stream, results):
        keys = sorted({p["key"] for r in results for p in r["points"]})
        writer = csv.writer(stream)
        writer.writerow(["question", "answer", "mark", "max_marks", *keys, "wrong_ideas"])
        for result in results:
            verdicts = {
                p["key"]: ("earned" if p["earned"] else p["status"]) for p in result["points"]
            }
            writer.writerow(
                [
                    result["question"],
                    result["answer"],
                    result["mark"],
                    result["max_marks"],
                    *(verdicts.get(key, "") for key in keys),
                    " ".join(result["wrong_ideas"]),
                ]
            )
