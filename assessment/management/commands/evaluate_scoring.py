"""Measure the marker against a human's marks: agreement, kappa, per-point accuracy."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.evaluation import Judgement, evaluate
from assessment.rows import QuestionLookup, read_rows
from assessment.services import answer_mark


class Command(BaseCommand):
    help = (
        "Read rows with `question`, `answer`, a human's `mark` and, where known, the human's verdict "
        "per point (`points`: {point-id: true/false}); print exact agreement, quadratic weighted "
        "kappa, per-point accuracy, precision and recall, and the answers marked most differently."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--worst", type=int, default=10, help="How many disagreements to list.")

    def handle(self, *args, file, worst, **options):
        questions = QuestionLookup()
        judgements = []
        for number, row in read_rows(file):
            where = f"{file}, line {number}"
            try:
                human_mark = int(row["mark"])
            except (KeyError, TypeError, ValueError):
                raise CommandError(
                    f"{where}: each row needs a human 'mark' (a whole number)."
                ) from None
            question = questions.get(str(row.get("question", "")), where=where)
            result = answer_mark(question=question, answer=str(row.get("answer") or ""))
            human_points = row.get("points") or {}
            if not isinstance(human_points, dict):
                raise CommandError(f"{where}: 'points' must map point ids to true or false.")
            judgements.append(
                Judgement(
                    question=str(row["question"]),
                    answer=str(row.get("answer") or ""),
                    human_mark=human_mark,
                    engine_mark=result.mark,
                    max_marks=result.max_marks,
                    human_points={str(k): bool(v) for k, v in human_points.items()},
                    engine_points={p.key: p.earned for p in result.points},
                )
            )
        if not judgements:
            raise CommandError(f"{file}: no answers to evaluate.")
        report = evaluate(judgements, worst=worst)
        write = self.stdout.write
        write(f"Answers: {report.count}")
        write(f"Exact agreement of marks: {report.exact:.3f}")
        write(f"Within one mark: {report.within_one:.3f}")
        write(f"Quadratic weighted kappa: {report.qwk:.3f}")
        stats = report.points
        if stats.total:
            write(
                f"Per-point accuracy: {stats.accuracy:.3f} (precision {stats.precision:.3f}, "
                f"recall {stats.recall:.3f}, F1 {stats.f1:.3f}, over {stats.total} point verdicts)"
            )
        else:
            write("Per-point figures: not applicable (no row says which points the human gave)")
        write("Kappa per question:")
        for key, value in report.per_question_qwk.items():
            write(f"  {key}: {value:.3f}")
        if report.disagreements:
            write(f"Largest disagreements (up to {worst}):")
            for judgement in report.disagreements:
                points = ", ".join(
                    f"{key} human={'Y' if human else 'N'} engine={'Y' if judgement.engine_points.get(key) else 'N'}"
                    for key, human in judgement.human_points.items()
                    if human != judgement.engine_points.get(key, False)
                )
                write(
                    f"  {judgement.question} human {judgement.human_mark} engine {judgement.engine_mark}"
                    f"/{judgement.max_marks}: {judgement.answer[:120]!r}"
                    + (f" [{points}]" if points else "")
                )
