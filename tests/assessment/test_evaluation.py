"""Agreement measures between engine and human marks."""

import pytest

from assessment.evaluation import (
    Judgement,
    PointStats,
    evaluate,
    exact_agreement,
    largest_disagreements,
    point_stats,
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


def test_kappa_of_two_marks_equals_cohens_kappa():
    # Out of 1, quadratic weights are plain kappa: observed 0.75, chance 0.5, so (0.75-0.5)/0.5.
    assert quadratic_weighted_kappa([0, 0, 1, 1], [0, 1, 1, 1], max_mark=1) == pytest.approx(0.5)


def test_exact_agreement_counts_identical_marks():
    assert exact_agreement([0, 1, 2, 3], [0, 1, 1, 3]) == 0.75
    assert exact_agreement([], []) == 0.0


def test_point_stats_are_kept_per_point_of_each_question():
    judgements = [
        Judgement("t/q1", "a", 1, 1, 2, {"oxygen": True, "energy": False}, {"oxygen": True}),
        Judgement("t/q1", "b", 1, 0, 2, {"oxygen": True, "energy": False}, {"oxygen": False}),
        Judgement("t/q2", "c", 1, 1, 1, {"oxygen": False}, {"oxygen": True}),
    ]
    stats = point_stats(judgements)
    assert list(stats) == ["t/q1 energy", "t/q1 oxygen", "t/q2 oxygen"]
    assert stats["t/q1 oxygen"].recall == 0.5
    assert stats["t/q1 energy"].accuracy == 1.0
    assert stats["t/q2 oxygen"].precision == 0.0
    assert evaluate(judgements).per_point == stats


def test_disagreements_are_ranked_by_share_of_the_maximum_then_by_points():
    judgements = [
        Judgement("t/q4", "one of four", 4, 3, 4),
        Judgement("t/q1", "one of one", 1, 0, 1),
        Judgement("t/q2", "same mark, a different point", 1, 1, 2, {"a": True}, {"b": True}),
        Judgement("t/q2", "agreed", 2, 2, 2, {"a": True}, {"a": True}),
    ]
    ranked = largest_disagreements(judgements)
    assert [j.answer for j in ranked] == [
        "one of one",
        "one of four",
        "same mark, a different point",
    ]
    assert largest_disagreements(judgements, worst=1)[0].answer == "one of one"
