"""The adversarial suite: answers that game the marker, made from every question of content/.

Keyword lists of a question's own accepted phrasings (with spaces, commas or "and"), the mark
scheme pasted back, the question echoed, relations turned round and the known wrong ideas: on a
describe, explain or evaluate question none of them earns a mark. Pure: no database.
"""

from pathlib import Path

import pytest
import yaml

from assessment.gaming import gaming_answers
from assessment.scoring import has_predicate, score_answer
from assessment.spec import DEPTH_OF_COMMAND_WORD, question_spec_from_mapping
from assessment.text import tokenize

CONTENT = Path(__file__).resolve().parents[2] / "content"


def said_as_a_clause(point) -> bool:
    """A point whose first accepted phrasing is itself a statement ("total amount a customer
    spends", "customers expect"): a list that joins it to others still says it. Not a term."""
    return bool(point.accept) and has_predicate(list(tokenize(point.accept[0])))


def content_questions():
    for path in sorted(CONTENT.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        misconceptions = {m["id"]: m for m in data.get("misconceptions", [])}
        for question in data.get("questions", []):
            spec = question_spec_from_mapping(question, misconceptions=misconceptions)
            if DEPTH_OF_COMMAND_WORD.get(spec.command_word) != "identify":
                yield pytest.param(spec, id=f"{data['slug']}/{question['id']}")


QUESTIONS = list(content_questions())


def test_the_suite_covers_every_describe_explain_and_evaluate_question():
    assert len(QUESTIONS) >= 15
    kinds = {kind for spec in (p.values[0] for p in QUESTIONS) for kind, _ in gaming_answers(spec)}
    assert {
        "keywords with spaces",
        "keywords with commas",
        "mark scheme pasted back",
        "question echoed",
        "wrong idea asserted",
    } <= kinds


@pytest.mark.parametrize("question", QUESTIONS)
def test_gaming_answers_earn_nothing(question):
    statements = {p.key for p in question.points if said_as_a_clause(p)}
    earned = []
    for kind, answer in gaming_answers(question):
        result = score_answer(question, answer)
        # a list that joins statements still says them; nothing else earns anything
        excused = statements if kind.startswith("keywords") else set()
        points = [p.key for p in result.points if p.earned and p.key not in excused]
        if points or (result.mark and not excused):
            earned.append((kind, answer, result.mark, points))
    assert earned == []
