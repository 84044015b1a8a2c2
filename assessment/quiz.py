"""The order of a topic's quiz: written questions with true-or-false checks between them."""

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
    # a check shows the misconception (false) or, every other one, its correction (true): a
    # check whose answer is always "false" tests nothing
    shows_correction: bool = False

    @property
    def is_check(self) -> bool:
        return self.misconception is not None

    @property
    def statement(self) -> str:
        """What a check asks to be judged true or false."""
        if self.misconception is None:
            return ""
        return (
            self.misconception.correction if self.shows_correction else self.misconception.statement
        )

    @property
    def statement_is_true(self) -> bool:
        return self.shows_correction

    @property
    def statement_key(self) -> str:
        """Which statement a check showed, stable across imports: the misconception's id, and
        whether the statement or its correction."""
        if self.misconception is None:
            return ""
        return f"{self.misconception.key}:{'correction' if self.shows_correction else 'statement'}"


def quiz_items(questions: list[Question], misconceptions: list[Misconception]) -> list[QuizItem]:
    """Question, check, question, check…; whatever is left over goes at the end. The first check
    is a false statement, the second a true one, and so on."""
    items: list[QuizItem] = []
    checks = 0
    for question, misconception in zip_longest(questions, misconceptions):
        if question is not None:
            items.append(QuizItem(number=len(items) + 1, question=question))
        if misconception is not None:
            items.append(
                QuizItem(
                    number=len(items) + 1,
                    misconception=misconception,
                    shows_correction=checks % 2 == 1,
                )
            )
            checks += 1
    return items
