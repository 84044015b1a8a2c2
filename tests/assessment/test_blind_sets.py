"""Agreement with examiners on the blind sets (tests/data/blind/, see its README): a change that
makes the marker agree less with examiners on answers nobody here wrote fails here.

The floors sit just under what docs/benchmarks.md reports, so they guard against regressions;
the frozen halves are only ever read in aggregate, as here.
"""

import json
from pathlib import Path

import pytest

from assessment.evaluation import quadratic_weighted_kappa
from assessment.scoring import score_answer
from assessment.spec import question_spec_from_mapping
from bench import blind
from bench.blind import SUBJECTS

BLIND = Path(__file__).resolve().parents[1] / "data" / "blind"


def agreement(subject: str, half: str) -> tuple[float, float]:
    """(mean QWK over the set's questions, pooled per-point F1)."""
    found = blind.agreement(
        BLIND / subject,
        half,
        spec_from_mapping=question_spec_from_mapping,
        score=score_answer,
        kappa=quadratic_weighted_kappa,
    )
    return sum(found["kappas"]) / len(found["kappas"]), found["f1"]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_each_blind_set_was_written_by_the_book(subject):
    rows = [
        json.loads(line)
        for half in ("dev", "frozen")
        for line in (BLIND / subject / f"{half}.jsonl").read_text().splitlines()
    ]
    assert len(rows) >= 600 and len({row["id"] for row in rows}) == len(rows)
    per_question: dict[str, int] = {}
    for row in rows:
        per_question[row["question"]] = per_question.get(row["question"], 0) + 1
    assert len(per_question) >= 5 and min(per_question.values()) >= 120


def test_the_marker_agrees_with_examiners_on_answers_nobody_here_wrote():
    development = [agreement(subject, "dev") for subject in SUBJECTS]
    frozen = [agreement(subject, "frozen") for subject in SUBJECTS]
    assert sum(k for k, _ in development) / len(SUBJECTS) >= 0.78
    assert sum(k for k, _ in frozen) / len(SUBJECTS) >= 0.74
    assert min(f for _, f in frozen) >= 0.58
