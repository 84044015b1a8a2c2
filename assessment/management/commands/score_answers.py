"""Mark a class set of answers from a file, as the quiz would."""

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.lexicon import LexiconMissing, check_installed
from assessment.rows import QuestionLookup, read_rows
from assessment.scoring import PointVerdict, WrongIdeaHit, score_answer
from assessment.services import question_spec
from assessment.wording import point_reason


def _fields(verdict: PointVerdict | WrongIdeaHit) -> dict:
    """A verdict as the mapping point_reason reads: what dataclasses.asdict gives, without its
    deep copy of every string and number (about 3% of the command's time)."""
    return {**vars(verdict), "evidence": [vars(evidence) for evidence in verdict.evidence]}


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

    def handle(self, *args, file, format, output, **options):
        try:
            check_installed()
        except LexiconMissing as error:
            raise CommandError(str(error)) from None
        rows = list(read_rows(file))
        # every question the file names in one go, not a query (and its prefetches) per question
        questions = QuestionLookup(str(row["question"]) for _, row in rows if "question" in row)
        specs = {}  # each question's spec built once, not once per answer
        results = []
        for number, row in rows:
            where = f"{file}, line {number}"
            if "answer" not in row or "question" not in row:
                raise CommandError(f"{where}: each row needs 'question' and 'answer'.")
            question = questions.get(str(row["question"]), where=where)
            if question.pk not in specs:
                specs[question.pk] = question_spec(question)
            result = score_answer(specs[question.pk], str(row["answer"] or ""))
            wrong_ideas = [_fields(w) for w in result.wrong_ideas]
            results.append(
                {
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
            )
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
