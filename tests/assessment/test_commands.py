"""score_answers and evaluate_scoring, run as a tutor would run them."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db
DEVSET = Path(__file__).resolve().parent.parent / "data" / "devset.jsonl"


def test_score_answers_writes_a_jsonl_row_per_answer(real_content, tmp_path):
    answers = tmp_path / "class.jsonl"
    answers.write_text(
        json.dumps(
            {
                "question": "enhancing-the-customer-experience/q5",
                "answer": "Complaints are feedback so we can improve.",
            }
        )
        + "\n"
        + json.dumps(
            {
                "question": "enhancing-the-customer-experience/q5",
                "answer": "Complaints are always negative.",
            }
        )
        + "\n"
    )
    out = io.StringIO()
    call_command("score_answers", str(answers), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["max_marks"] for row in rows] == [2, 2]
    assert rows[0]["mark"] == 1
    assert next(p for p in rows[0]["points"] if p["key"] == "feedback")["evidence"]
    assert rows[1]["wrong_ideas"] == ["complaints-negative"]


def test_score_answers_without_the_engines_word_data_stops_with_its_message(tmp_path, monkeypatch):
    from assessment import lexicon

    answers = tmp_path / "class.jsonl"
    answers.write_text(json.dumps({"question": "any/q1", "answer": "An answer."}) + "\n")
    monkeypatch.setattr(lexicon, "WORDNET_EXTRACT", tmp_path / "gone.json.gz")
    lexicon._wordnet.cache_clear()
    try:
        with pytest.raises(CommandError, match="make install"):
            call_command("score_answers", str(answers))
    finally:
        monkeypatch.undo()
        lexicon._wordnet.cache_clear()


def test_score_answers_reads_and_writes_csv_for_a_spreadsheet(real_content, tmp_path):
    answers = tmp_path / "class.csv"
    answers.write_text(
        'question,answer\nprinciples-of-customer-service/q2,"The Equality Act, so we treat everyone equally."\n'
    )
    output = tmp_path / "marks.csv"
    call_command(
        "score_answers",
        str(answers),
        "--format",
        "csv",
        "--output",
        str(output),
        stderr=io.StringIO(),
    )
    rows = list(csv.DictReader(output.open()))
    assert rows[0]["max_marks"] == "4"
    assert rows[0]["law"] == "earned"


def test_unknown_question_names_the_line(real_content, tmp_path):
    answers = tmp_path / "class.jsonl"
    answers.write_text('{"question": "no-such/q1", "answer": "x"}\n')
    with pytest.raises(CommandError, match=r"class.jsonl, line 1: no question 'no-such/q1'"):
        call_command("score_answers", str(answers), stdout=io.StringIO())


def test_development_set_meets_the_marking_targets(real_content):
    """The labelled development set (tests/data/devset.jsonl, 300+ answers marked by hand)."""
    out = io.StringIO()
    call_command("evaluate_scoring", str(DEVSET), stdout=out)
    report = out.getvalue()
    count = int(re.search(r"Answers: (\d+)", report).group(1))
    qwk = float(re.search(r"Quadratic weighted kappa: ([\d.]+)", report).group(1))
    accuracy = float(re.search(r"Per-point accuracy: ([\d.]+)", report).group(1))
    assert count >= 300
    assert qwk >= 0.90, report
    assert accuracy >= 0.92, report
    assert "Largest disagreements" in report


def test_evaluation_without_per_point_labels_says_not_applicable(real_content, tmp_path):
    rows = tmp_path / "marks.jsonl"
    rows.write_text(
        json.dumps(
            {
                "question": "enhancing-the-customer-experience/q5",
                "answer": "Complaints are feedback so we can improve.",
                "mark": 1,
            }
        )
        + "\n"
    )
    out = io.StringIO()
    call_command("evaluate_scoring", str(rows), stdout=out)
    report = out.getvalue()
    assert "Per-point figures: not applicable" in report
    assert "precision" not in report


def test_score_answers_says_why_a_point_was_missed(real_content, tmp_path):
    answers = tmp_path / "class.jsonl"
    answers.write_text(
        json.dumps(
            {"question": "enhancing-the-customer-experience/q5", "answer": "feedback, improve"}
        )
        + "\n"
    )
    out = io.StringIO()
    call_command("score_answers", str(answers), stdout=out)
    row = json.loads(out.getvalue())
    missed = [p for p in row["points"] if not p["earned"]]
    assert missed and all(p["reason"] for p in missed)


def test_score_answers_fetches_all_the_questions_together(real_content, tmp_path):
    # guards the N+1: a class set names dozens of questions, and each fetched on its own cost a
    # query and its prefetches (about 30 queries for these six questions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [json.loads(line) for line in DEVSET.read_text().splitlines()]
    first_of_each = list({row["question"]: row for row in rows}.values())[:6]
    assert len({row["question"] for row in first_of_each}) == 6
    answers = tmp_path / "class.jsonl"
    answers.write_text("".join(json.dumps(row) + "\n" for row in first_of_each))
    with CaptureQueriesContext(connection) as queries:
        call_command("score_answers", str(answers), stdout=io.StringIO())
    # the questions, then one query for each of the five prefetched relations at most
    assert len(queries) <= 6


def test_a_big_class_set_is_marked_in_several_processes_into_the_same_rows(
    real_content, tmp_path, monkeypatch
):
    from assessment.management.commands import score_answers

    monkeypatch.setattr(score_answers, "PARALLEL_FROM", 10)  # a class set of 60 counts as big
    answers = tmp_path / "class.jsonl"
    answers.write_text("".join(line + "\n" for line in DEVSET.read_text().splitlines()[:60]))
    alone, shared = io.StringIO(), io.StringIO()
    call_command("score_answers", str(answers), "--jobs", "1", stdout=alone)
    call_command("score_answers", str(answers), "--jobs", "2", stdout=shared)
    assert len(alone.getvalue().splitlines()) == 60
    assert shared.getvalue() == alone.getvalue()
