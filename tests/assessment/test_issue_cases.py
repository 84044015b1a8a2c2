"""The answers issue 11 found marked wrongly, tried as a learner would, on the content's own
questions. Pure: the questions come from content/ as the importer reads them."""

from pathlib import Path

import yaml

from assessment.scoring import score_answer
from assessment.spec import question_spec_from_mapping

CONTENT = Path(__file__).resolve().parents[2] / "content"


def question(reference: str):
    slug, _, key = reference.partition("/")
    data = yaml.safe_load((CONTENT / f"{slug}.yaml").read_text(encoding="utf-8"))
    misconceptions = {m["id"]: m for m in data.get("misconceptions", [])}
    mapping = next(q for q in data["questions"] if q["id"] == key)
    return question_spec_from_mapping(mapping, misconceptions=misconceptions)


def test_keywords_with_a_connective_or_none_earn_nothing():
    refuse = question("process-information-about-customers/q4")
    assert score_answer(refuse, "refuse data protection confidentiality").mark == 0
    complaints = question("enhancing-the-customer-experience/q5")
    assert score_answer(complaints, "feedback because improve, loyal so that loyal").mark == 0


def test_a_consequence_in_a_clause_explains_loyalty():
    complaints = question("enhancing-the-customer-experience/q5")
    answer = (
        "If the complaint is handled well, the unhappy customer often stays loyal and comes back."
    )
    loyalty = next(p for p in score_answer(complaints, answer).points if p.key == "loyalty")
    assert loyalty.earned


def test_known_wrong_ideas_in_other_words_are_recognised():
    complaints = question("enhancing-the-customer-experience/q5")
    hit = score_answer(complaints, "Complaints are only ever bad news.")
    assert [w.key for w in hit.wrong_ideas] == ["complaints-negative"]


def test_a_workmate_is_a_colleague():
    principles = question("principles-of-customer-service/q1")
    answer = (
        "Customer service is looking after shoppers so they get what they want. My workmates are "
        "customers too because they need things from me."
    )
    both = next(p for p in score_answer(principles, answer).points if p.key == "both-customers")
    assert "internal customers" in both.ideas_found
