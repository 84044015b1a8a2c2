"""The questions a quiz round draws: new ones first, then missed ones, a varied set each time."""

from datetime import datetime, timedelta

from assessment.drawing import Answered, Candidate, draw

NOW = datetime(2026, 12, 2, 9, 0)


def bank(criteria=("ac1", "ac2", "ac3"), per_criterion=3, words=("describe", "explain")):
    return [
        Candidate(f"{c}-{n}", frozenset({c}), words[n % len(words)])
        for c in criteria
        for n in range(per_criterion)
    ]


def test_questions_the_learner_has_not_met_come_first():
    questions = bank()
    history = {q.key: Answered(full_marks=True, at=NOW) for q in questions[:6]}
    drawn = draw(questions, history, size=3, seed=1)
    assert set(drawn) == {q.key for q in questions[6:]}


def test_then_the_ones_last_answered_short_of_full_marks_oldest_first():
    questions = bank()
    history = {q.key: Answered(full_marks=True, at=NOW) for q in questions}
    history["ac2-1"] = Answered(full_marks=False, at=NOW - timedelta(days=1))
    history["ac3-2"] = Answered(full_marks=False, at=NOW)
    history["ac1-0"] = Answered(full_marks=True, at=NOW - timedelta(days=9))
    assert draw(questions, history, size=3, seed=5) == ["ac2-1", "ac3-2", "ac1-0"]


def test_a_round_covers_every_criterion_before_it_repeats_one():
    for seed in range(20):
        drawn = draw(bank(), {}, size=3, seed=seed)
        assert {key.split("-")[0] for key in drawn} == {"ac1", "ac2", "ac3"}, seed


def test_rounds_with_other_seeds_ask_other_questions():
    sets = {tuple(sorted(draw(bank(), {}, size=3, seed=seed))) for seed in range(10)}
    assert len(sets) > 3


def test_the_same_seed_and_history_draw_the_same_round():
    assert draw(bank(), {}, size=4, seed=7) == draw(list(reversed(bank())), {}, size=4, seed=7)


def test_a_first_round_asks_the_first_questions_in_the_tutors_order():
    """Not shuffled: the tutor's first question first, then on through the criteria (and the
    command words) in their order."""
    drawn = draw(bank(), {}, size=3, seed=0)
    assert drawn == ["ac1-0", "ac2-1", "ac3-0"]  # ac2-1 adds "explain" to ac1-0's "describe"


def test_a_small_topic_asks_everything():
    questions = bank(criteria=("ac1",), per_criterion=2)
    assert sorted(draw(questions, {}, size=5, seed=0)) == ["ac1-0", "ac1-1"]
