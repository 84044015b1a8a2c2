"""Reading and writing rows of answers for the score_answers and evaluate_scoring commands."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.management.base import CommandError

from assessment.models import Question
from assessment.services import question_queryset


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, row) from a JSONL or CSV file with at least `question` and `answer`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot read the file ({error}).") from None
    if path.suffix.lower() == ".csv":
        for number, row in enumerate(csv.DictReader(text.splitlines()), start=2):
            yield number, row
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}, line {number}: not valid JSON ({error.msg}).") from None
        if not isinstance(row, dict):
            raise CommandError(f"{path}, line {number}: each line must be a JSON object.")
        yield number, row


class QuestionLookup:
    """`<topic-slug>/<question-id>` to questions, each fetched once."""

    def __init__(self, references: Iterable[str] = ()) -> None:
        self._cache: dict[str, Question] = {}
        self.fetch(references)

    def fetch(self, references: Iterable[str]) -> None:
        """Fetch these questions together, in the queryset's fixed number of queries rather than
        that many for each question (a class set names dozens). Unknown ones are left to `get`,
        which says which line names them."""
        wanted = {tuple(reference.partition("/")[::2]): reference for reference in references}
        if not wanted:
            return
        found = question_queryset().filter(
            topic__slug__in={slug for slug, _ in wanted}, key__in={key for _, key in wanted}
        )
        for question in found:
            reference = wanted.get((question.topic.slug, question.key))
            if reference is not None:
                self._cache[reference] = question

    def get(self, reference: str, *, where: str) -> Question:
        if reference not in self._cache:
            slug, _, key = (reference or "").partition("/")
            question = question_queryset().filter(topic__slug=slug, key=key).first()
            if question is None:
                raise CommandError(
                    f"{where}: no question '{reference}'. Write it as <topic-slug>/<question-id>, "
                    "for example understand-customers-ocr/q1."
                )
            self._cache[reference] = question
        return self._cache[reference]
