"""Which of a topic's questions a quiz asks: a set of a few, drawn afresh for each round.

A topic holds three or more questions for every assessment criterion, far more than one sitting
should ask. A round draws a few: questions the learner has not met come first, then the ones they
last answered short of full marks, then the rest, the least recently answered first; within each
of those, the order is shuffled by the round's seed (a learner's first round keeps the tutor's
order), and the set covers as many different criteria and command words as it can before it
takes a second of either.

Plain Python over plain values, so the rule is tested without a database.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Candidate:
    key: Hashable  # the question's id
    criteria: frozenset[str]
    command_word: str


@dataclass(frozen=True)
class Answered:
    """The learner's latest answer to one question."""

    full_marks: bool
    at: datetime


UNSEEN, MISSED, EARNED = 0, 1, 2
FIRST_ROUND = 0  # the seed of a learner's first round: the questions in the order given


def draw(
    candidates: Iterable[Candidate],
    history: dict[Hashable, Answered],
    *,
    size: int,
    seed: int,
) -> list[Hashable]:
    """The keys of the questions a round asks, in the order it asks them."""
    if seed == FIRST_ROUND:
        pool = list(candidates)  # the tutor's order: a new learner meets the first questions first
    else:
        pool = sorted(candidates, key=lambda c: str(c.key))  # the same whatever the order given
        random.Random(seed).shuffle(pool)

    def need(candidate: Candidate) -> tuple:
        answered = history.get(candidate.key)
        if answered is None:
            return (UNSEEN, 0.0)
        return (MISSED if not answered.full_marks else EARNED, answered.at.timestamp())

    pool.sort(key=need)  # stable: the shuffle orders questions of equal need
    chosen: list[Candidate] = []
    criteria: set[str] = set()
    command_words: set[str] = set()
    while pool and len(chosen) < size:
        # among the most needed: one that adds a criterion, else a command word, else the next
        most_needed = [c for c in pool if need(c)[0] == need(pool[0])[0]]
        best = min(
            most_needed,
            key=lambda c: (c.criteria <= criteria, c.command_word in command_words),
        )
        pool.remove(best)
        chosen.append(best)
        criteria |= best.criteria
        command_words.add(best.command_word)
    return [c.key for c in chosen]
