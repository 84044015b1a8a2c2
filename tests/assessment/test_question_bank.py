"""The question bank (issue 14, item 1): enough questions on every criterion for a learner who
repeats a quiz to meet new ones, each with a model answer the real marker gives full marks and
hand-marked answers in the development set. Pure: the questions come from content/ as the
importer reads them."""

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from assessment.scoring import score_answer
from assessment.spec import question_spec_from_mapping

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
DEVSET = ROOT / "tests" / "data" / "devset.jsonl"
QUESTIONS_PER_CRITERION = 3
ANSWERS_PER_QUESTION = 8

TOPICS = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted(CONTENT.glob("*.yaml"))
}
QUESTIONS = {
    f"{slug}/{question['id']}": (topic, question)
    for slug, topic in TOPICS.items()
    for question in topic["questions"]
}
DEVSET_ROWS = [json.loads(line) for line in DEVSET.read_text().splitlines() if line.strip()]


def test_the_bank_holds_the_five_topics():
    assert len(TOPICS) == 5


@pytest.mark.parametrize("slug", TOPICS)
def test_every_criterion_is_assessed_by_at_least_three_questions(slug):
    topic = TOPICS[slug]
    count = Counter(criterion for q in topic["questions"] for criterion in q["assesses"])
    short = {
        criterion["id"]: count[criterion["id"]]
        for criterion in topic["assessment_criteria"]
        if count[criterion["id"]] < QUESTIONS_PER_CRITERION
    }
    assert not short, f"{slug}: criteria with fewer than {QUESTIONS_PER_CRITERION} questions"


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_asks_with_several_command_words(slug):
    command_words = {q["command_word"] for q in TOPICS[slug]["questions"]}
    assert len(command_words) >= 3, command_words


def test_the_bank_mixes_identify_describe_explain_and_evaluate():
    command_words = {question["command_word"] for _, question in QUESTIONS.values()}
    assert {"identify", "describe", "explain", "evaluate"} <= command_words


@pytest.mark.parametrize("workplace", ["shop", "call centre", "hotel", "council", "online"])
def test_the_bank_sets_questions_in_each_workplace(workplace):
    prompts = [question["prompt"].lower() for _, question in QUESTIONS.values()]
    assert sum(workplace in prompt for prompt in prompts) >= 3


@pytest.mark.parametrize("reference", QUESTIONS)
def test_the_model_answer_earns_full_marks(reference):
    topic, question = QUESTIONS[reference]
    misconceptions = {m["id"]: m for m in topic.get("misconceptions", [])}
    spec = question_spec_from_mapping(question, misconceptions=misconceptions)
    result = score_answer(spec, question["model_answer"])
    missed = [point.key for point in result.points if not point.earned]
    assert result.mark == result.max_marks == question["marks"], missed


@pytest.mark.parametrize("reference", QUESTIONS)
def test_the_question_has_hand_marked_answers_in_the_devset(reference):
    rows = [row for row in DEVSET_ROWS if row["question"] == reference]
    assert len(rows) >= ANSWERS_PER_QUESTION
    assert {row["mark"] for row in rows} > {0}  # some earn marks, not only wrong answers


@pytest.mark.parametrize("reference", QUESTIONS)
def test_the_devset_labels_name_the_questions_own_points_and_marks(reference):
    _, question = QUESTIONS[reference]
    point_ids = {point["id"] for point in question["points"]}
    for row in DEVSET_ROWS:
        if row["question"] == reference:
            assert 0 <= row["mark"] <= question["marks"], row
            assert set(row.get("points", {})) <= point_ids, row
