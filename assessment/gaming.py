"""Answers that try to game the marker, made from a question's own marking points.

Pure Python, no Django. After ETS's gaming checks and Kumar et al. (2020), "Calling Out Bluff":
keyword lists, the mark scheme pasted back, the question echoed, relations reversed and the known
wrong ideas asserted. On a question whose points ask for a description or a reason, none of these
should earn a mark; `tests/assessment/test_gaming.py` and `python -m bench marking` check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assessment import lexicon
from assessment.phrasing import PhrasingError, compile_phrasing
from assessment.spec import PointSpec, QuestionSpec

_WORD = re.compile(r"[A-Za-z]+")


def _first_phrasing(point: PointSpec) -> str | None:
    """The tutor's first accepted phrasing (an idea's, for "at least N ideas"); None where the
    point has none and is found through its own text."""
    if point.accept:
        return point.accept[0]
    if point.ideas:
        return point.ideas[0].accept[0] if point.ideas[0].accept else point.ideas[0].label
    return None


def _plain(phrasing: str) -> str:
    """A phrasing as a learner would type it: its first alternative, no marks of the syntax."""
    try:
        pattern = compile_phrasing(phrasing)[0]
    except (PhrasingError, IndexError):
        return phrasing
    return " ".join(w.text for w in pattern.words if not w.text.startswith("#"))


def _reversed(phrasing: str) -> str | None:
    """The phrasing with its direction turned round ("more sales" -> "less sales")."""
    words = _plain(phrasing).split()
    for position, word in enumerate(words):
        direction = lexicon.DIRECTION.get(word)
        if direction and len(words) > 1:
            opposite = next(
                w for w, d in lexicon.DIRECTION.items() if d == lexicon.OPPOSITE[direction]
            )
            return " ".join([*words[:position], opposite, *words[position + 1 :]])
    return None


def gaming_answers(question: QuestionSpec) -> Iterator[tuple[str, str]]:
    """(kind, answer) pairs for one question."""
    phrasings = [p for p in map(_first_phrasing, question.points) if p]
    firsts = [_plain(p) for p in phrasings]
    if firsts:
        yield "keywords with spaces", " ".join(firsts)
        yield "keywords with commas", ", ".join(firsts)
    if len(firsts) > 1:
        yield "keywords with and", ", ".join(firsts[:-1]) + " and " + firsts[-1]
    yield "mark scheme pasted back", " ".join(point.text for point in question.points)
    yield "question echoed", question.prompt
    for phrasing in phrasings:
        flipped = _reversed(phrasing)
        if flipped:
            yield "relation reversed", f"This means {flipped}."
    for wrong in question.wrong_ideas:
        yield "wrong idea asserted", wrong.statement
