"""Agreement measures between engine and human marks."""

import pytest

from assessment.evaluation import (
    Judgement,
    PointStats,
    evaluate,
    exact_agreement,
    quadratic_weighted_kappa,
)


def test_identical_marks_agree_perfectly():
    marks = [0, 1, 2, 3, 2, 1]
    assert quadratic_weighted_kappa(marks, marks, max_mark=3) == 1.0
    assert exact_agreement(marks, marks) == 1.0


def test_kappa_matches_a_worked_example():
    # Worked by hand: 5 answers out of 2, one disagreement by one mark.
    human = [0, 1, 2, 2, 1]
    engine = [0, 1, 2, 1, 1]
    # observed weighted disagreement 0.25, expected 1.25: kappa = 1 - 0.25 / 1.25
    assert quadratic_weighted_kappa(human, engine, max_mark=2) == pytest.approx(0.8)


def test_reversed_marks_give_negative_kappa():
    assert quadratic_weighted_kappa([0, 1, 2], [2, 1, 0], max_mark=2) < 0


def test_point_stats_precision_and_recall():
    stats = PointStats()
    for human, engine in [(True, True), (True, False), (False, True), (False, False)]:
        stats.add(human, engine)
    assert (stats.accuracy, stats.precision, stats.recall) == (0.5, 0.5, 0.5)


def test_evaluate_lists_the_largest_disagreements_first():
    judgements = [
        Judgement("t/q1", "a", 3, 3, 3),
        Judgement("t/q1", "b", 3, 0, 3),
        Judgement("t/q1", "c", 2, 1, 3),
    ]
    report = evaluate(judgements)
    assert [j.answer for j in report.disagreements] == ["b", "c"]
    assert report.exact == pytest.approx(1 / 3)
