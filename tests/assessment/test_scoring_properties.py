"""Properties of the marking engine that must hold for any answer (hypothesis)."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessment.scoring import score_answer
from tests.assessment.questions import (
    COMPLAINTS,
    CUSTOMER_TYPES,
    DIGNITY,
    HEART_RATE,
    LOYALTY,
    spec,
)

QUESTIONS = [
    spec(CUSTOMER_TYPES),
    spec(LOYALTY),
    spec(COMPLAINTS),
    spec(HEART_RATE),
    spec(DIGNITY),
]
VOCABULARY = [
    "customers",
    "colleagues",
    "loyal",
    "come",
    "back",
    "recommend",
    "because",
    "so",
    "not",
    "complaints",
    "feedback",
    "improve",
    "internal",
    "external",
    "new",
    "for",
    "example",
    "shop",
    "always",
    "negative",
    "reputation",
    "competitors",
    "the",
    "and",
    "is",
    "are",
    "never",
    "muscles",
    "oxygen",
    "respiration",
    "faster",
    "curtains",
    "choose",
    "consent",
    "don't",
]
answers = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(VOCABULARY), max_size=40).map(" ".join),
    st.lists(st.sampled_from([*VOCABULARY, ".", ",", "!"]), max_size=40).map(" ".join),
)
# Sentences made only of words the questions never use, with no negation or wrong idea.
UNRELATED = st.lists(
    st.sampled_from(
        ["zebras", "purple", "mountains", "quietly", "guitar", "tomorrow", "pancakes", "river"]
    ),
    min_size=1,
    max_size=8,
).map(lambda words: " ".join(words).capitalize() + ".")
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(question=st.sampled_from(QUESTIONS), answer=answers)
def test_mark_always_lies_between_zero_and_the_maximum(question, answer):
    result = score_answer(question, answer)
    assert 0 <= result.mark <= question.max_marks
    for point in result.points:
        for evidence in point.evidence:
            assert answer[evidence.start : evidence.end] == evidence.text


@FAST
@given(question=st.sampled_from(QUESTIONS), answer=answers)
def test_the_same_answer_always_gets_the_same_result(question, answer):
    assert score_answer(question, answer) == score_answer(question, answer)


@FAST
@given(
    question=st.sampled_from(QUESTIONS),
    answer=answers,
    case=st.sampled_from([str.upper, str.lower, str.title, str.swapcase]),
    spacing=st.sampled_from(["  ", "\t", " \n "]),
)
# found by this test: a cue phrase ("for example") split by two spaces was not a cue
@example(question=QUESTIONS[0], answer="CUSTOM:0FOR EXAMPLE", case=str.upper, spacing="  ")
# and: a circled digit ("\u2776") is a digit to str.isdigit, but not a number float() can read
@example(question=QUESTIONS[0], answer="\u2776 for example", case=str.lower, spacing="  ")
def test_changing_case_or_whitespace_changes_nothing(question, answer, case, spacing):
    varied = spacing.join(case(answer).split(" "))
    assert score_answer(question, varied).mark == score_answer(question, answer).mark


@FAST
@given(
    question=st.sampled_from(QUESTIONS),
    answer=answers,
    extra=st.lists(UNRELATED, min_size=1, max_size=3),
)
def test_appending_unrelated_sentences_never_lowers_a_mark(question, answer, extra):
    longer = answer + " " + " ".join(extra)
    assert score_answer(question, longer).mark >= score_answer(question, answer).mark
