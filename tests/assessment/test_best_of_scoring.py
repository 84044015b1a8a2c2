"""Best-N scoring (a method of assessment.scoring_methods): only the N highest-marked points a
learner earned count, in the engine and in a content file (the admin's form: test_question_admin)."""

import pytest
import yaml

from assessment.content import question_to_mapping
from assessment.models import Question
from assessment.scoring import score_answer
from assessment.spec import question_spec_from_mapping
from tests.factories import make_question, make_topic, make_topic_mapping
from topics.content_format import ContentInvalid, mapping_document
from topics.importer import topic_import

POINTS = [
    {"id": "refund", "text": "Offers a refund.", "marks": 2, "accept": ["refund"]},
    {"id": "apology", "text": "Apologises.", "accept": ["apologise"]},
    {"id": "manager", "text": "Calls a manager.", "accept": ["manager"]},
]


def best_of(count: int, **overrides) -> dict:
    return make_question(
        command_word="identify",
        prompt="Identify two things you would do for an unhappy customer.",
        marks=3,
        assesses=["ac1"],
        points=POINTS,
        scoring={"method": "best", "best": count},
        **overrides,
    )


def test_only_the_best_n_points_earned_count():
    question = question_spec_from_mapping(best_of(2))
    both_small = score_answer(question, "I would apologise. I would fetch the manager.")
    assert both_small.mark == 2  # two 1-mark points
    all_three = score_answer(
        question, "I would apologise. I would fetch the manager. I would offer a refund."
    )
    assert all_three.mark == 3  # refund (2) and one of the others (1): the third counts for nothing
    points_method = question_spec_from_mapping({**best_of(2), "scoring": {"method": "points"}})
    assert score_answer(points_method, "I would apologise. I would fetch the manager.").mark == 2
    only_one = question_spec_from_mapping(best_of(1))
    assert score_answer(only_one, "I would apologise. I would fetch the manager.").mark == 1


@pytest.mark.django_db
def test_a_best_of_question_imports_and_exports_as_written():
    mapping = make_topic_mapping(questions=[best_of(2)])
    topic_import(documents=[mapping_document(mapping, "best.yaml")], sets_baseline=True)
    question = Question.objects.get()
    assert (question.scoring_method, question.scoring_parameters) == ("best", {"best": 2})
    assert question_to_mapping(question)["scoring"] == {"method": "best", "best": 2}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scoring", "field", "words"),
    [
        ({"method": "best"}, "questions[0].scoring", "best scoring needs 'best'"),
        ({"method": "best", "best": 4}, "questions[0].scoring.best", "counts 4 points"),
        ({"method": "best", "best": 1}, "questions[0].scoring.best", "full marks cannot"),
    ],
)
def test_a_best_of_question_that_cannot_work_is_refused(scoring, field, words):
    mapping = make_topic_mapping(questions=[{**best_of(2), "scoring": scoring}])
    with pytest.raises(ContentInvalid) as raised:
        topic_import(documents=[mapping_document(mapping, "best.yaml")], sets_baseline=True)
    assert [(e.field, words in e.message) for e in raised.value.errors] == [(field, True)]


@pytest.mark.django_db
def test_an_export_gives_editors_a_schema_that_offers_best_of(tmp_path):
    from topics.exporter import content_export

    make_topic(questions=[best_of(2)])
    content_export(directory=tmp_path)
    schema = yaml.safe_load((tmp_path / "schema.json").read_text())
    scoring = schema["properties"]["questions"]["items"]["properties"]["scoring"]
    assert "best" in [branch["properties"]["method"]["const"] for branch in scoring["oneOf"]]
    exported = yaml.safe_load((tmp_path / "test-topic.yaml").read_text())
    assert exported["questions"][0]["scoring"] == {"method": "best", "best": 2}
