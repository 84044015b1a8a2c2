"""Converting one question of a content file into the engine's frozen spec."""

import dataclasses

import pytest

from assessment.scoring_methods import Band, Requirement, Rule
from assessment.spec import Idea, QuestionSpec, question_spec_from_mapping


def make_question(**overrides) -> dict:
    question = {
        "id": "q1",
        "command_word": "describe",
        "prompt": "Describe two types of customer.",
        "marks": 2,
        "points": [
            {"id": "internal", "text": "Internal customers are colleagues who rely on your work."},
            {"id": "external", "text": "External customers buy from the organisation."},
        ],
    }
    return {**question, **overrides}


@pytest.mark.parametrize(
    ("command_word", "depth"),
    [
        ("identify", "identify"),
        ("state", "identify"),
        ("list", "identify"),
        ("name", "identify"),
        ("outline", "describe"),
        ("describe", "describe"),
        ("explain", "explain"),
        ("analyse", "explain"),
        ("evaluate", "explain"),
        ("justify", "explain"),
        ("compare", "explain"),
        ("assess", "explain"),
        ("discuss", "explain"),
    ],
)
def test_a_points_depth_defaults_to_the_command_words(command_word, depth):
    spec = question_spec_from_mapping(make_question(command_word=command_word))
    assert {point.depth for point in spec.points} == {depth}


@pytest.mark.parametrize(
    ("command_word", "text", "depth"),
    [
        ("explain", "Politely refuses to share the other customer's details.", "describe"),
        ("explain", "Checks details against the original source.", "describe"),
        ("explain", "Explains that sharing them would break data protection law.", "describe"),
        ("explain", "Explains why loyal customers matter.", "explain"),
        ("explain", "Satisfied customers are more likely to become loyal.", "explain"),
        ("identify", "Refuses to share the details.", "identify"),
    ],
)
def test_an_action_or_a_stated_claim_asks_for_a_description_not_a_reason(command_word, text, depth):
    """Under "explain", a point naming what the learner would do ("Refuses...") is met by saying
    so in a sentence; the reasons are asked for by the points that say "Explains why..."."""
    spec = question_spec_from_mapping(
        make_question(command_word=command_word, points=[{"id": "a", "text": text}])
    )
    assert spec.points[0].depth == depth


def test_a_tutors_depth_and_the_points_own_verb_override_the_command_word():
    spec = question_spec_from_mapping(
        make_question(
            command_word="explain",
            points=[
                {"id": "a", "text": "Internal customers are colleagues.", "depth": "identify"},
                {"id": "b", "text": "Identifies a relevant law."},
                {"id": "c", "text": "Loyal customers return."},
            ],
        )
    )
    assert [point.depth for point in spec.points] == ["identify", "identify", "explain"]


def test_every_field_of_a_point_is_carried_over():
    spec = question_spec_from_mapping(
        make_question(
            points=[
                {
                    "id": "types",
                    "text": "At least two customer types.",
                    "marks": 2,
                    "example": True,
                    "group": "knowledge",
                    "accept": ["internal", "external"],
                    "ideas": [
                        {"label": "internal", "accept": ["colleague"]},
                        {"label": "external"},
                    ],
                    "at_least": 2,
                }
            ]
        )
    )
    (point,) = spec.points
    assert (point.key, point.marks, point.needs_example, point.group) == (
        "types",
        2,
        True,
        "knowledge",
    )
    assert point.accept == ("internal", "external")
    assert point.ideas == (Idea("internal", ("colleague",)), Idea("external", ()))
    assert point.at_least == 2


def test_a_wrong_idea_takes_statement_and_correction_from_the_topics_misconception():
    spec = question_spec_from_mapping(
        make_question(
            wrong_ideas=[
                {
                    "id": "negative",
                    "misconception": "complaints-negative",
                    "accept": ["complaints are bad"],
                    "contradicts": ["internal"],
                },
                {"id": "own", "statement": "Only buyers are customers.", "correction": "Not so."},
            ]
        ),
        misconceptions={
            "complaints-negative": {
                "statement": "Complaints are always negative.",
                "correction": "Complaints are valuable feedback.",
            }
        },
    )
    borrowed, own = spec.wrong_ideas
    assert borrowed.statement == "Complaints are always negative."
    assert borrowed.correction == "Complaints are valuable feedback."
    assert borrowed.contradicts == ("internal",)
    assert (own.statement, own.correction) == ("Only buyers are customers.", "Not so.")


def test_scoring_defaults_to_points_and_reads_bands_and_rules():
    assert question_spec_from_mapping(make_question()).method == "points"
    bands = question_spec_from_mapping(
        make_question(scoring={"method": "bands", "bands": [{"points": 2, "marks": 2}]})
    )
    assert (bands.method, bands.parameters) == ("bands", (Band(2, 2),))
    rules = question_spec_from_mapping(
        make_question(
            scoring={
                "method": "rules",
                "rules": [{"marks": 2, "requires": [{"group": "types", "at_least": 2}]}],
            }
        )
    )
    assert rules.parameters == (Rule(2, (Requirement("types", 2),)),)


def test_the_spec_is_frozen_hashable_and_serialisable():
    spec = question_spec_from_mapping(make_question())
    assert isinstance(spec, QuestionSpec)
    assert hash(spec) == hash(question_spec_from_mapping(make_question()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.max_marks = 5  # type: ignore[misc]
    assert dataclasses.asdict(spec)["points"][0]["key"] == "internal"
