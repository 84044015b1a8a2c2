"""The order of a topic's quiz: written questions with misconception checks between them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

from assessment.models import Question
from topics.models import Misconception


@dataclass(frozen=True)
class QuizItem:
    number: int
    question: Question | None = None
    misconception: Misconception | None = None

    @property
    def is_check(self) -> bool:
        return self.misconception is not None


def quiz_items(questions: list[Question], misconceptions: list[Misconception]) -> list[QuizItem]:
    """Question, check, question, check…; whatever is left over goes at the end."""
    items: list[QuizItem] = []
    for question, misconception in zip_longest(questions, misconceptions):
        if question is not None:
            items.append(QuizItem(number=len(items) + 1, question=question))
        if misconception is not None:
            items.append(QuizItem(number=len(items) + 1, misconception=misconception))
    return items
