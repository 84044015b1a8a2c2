"""The import command: valid content lands completely and idempotently; bad files change nothing."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.urls import reverse

from assessment.models import Attempt, Challenge, Question, SampleAnswer
from tests.factories import (
    database_snapshot,
    make_learners_work,
    make_question,
    make_topic,
    make_topic_mapping,
)
from topics.models import Topic

pytestmark = pytest.mark.django_db


def write(path: Path, mapping: dict) -> Path:
    path.write_text(yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def run_import(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_content", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_the_topic_with_every_part_in_order(tmp_path):
    write(tmp_path / "topic.yaml", make_topic_mapping())

    out, _ = run_import(tmp_path)

    assert "test-topic: created" in out
    topic = Topic.objects.get(slug="test-topic")
    assert [o.text for o in topic.learning_outcomes.all()] == [
        "Understand customers",
        "Understand loyalty",
    ]
    assert [(t.text, t.scope) for t in topic.tips.all()] == [
        ("Use workplace examples.", "topic"),
        ("Know your terminology.", "qualification"),
    ]
    misconception = topic.misconceptions.get()
    assert misconception.statement == "Complaints are always negative."
    assert misconception.correction == "Complaints are valuable feedback."
    assert "<strong>customers</strong>" in topic.synopsis_html
    question = topic.questions.get()
    assert [p.key for p in question.points.all()] == ["internal", "external"]
    assert [c.key for c in question.criteria.all()] == ["ac1"]


def test_second_import_changes_nothing_and_says_so(tmp_path):
    write(tmp_path / "topic.yaml", make_topic_mapping())
    run_import(tmp_path)
    before = database_snapshot()

    out, _ = run_import(tmp_path)

    assert "test-topic: unchanged" in out
    assert "nothing to change" in out
    assert database_snapshot() == before


def test_changed_file_updates_only_what_changed_and_keeps_question_rows(tmp_path):
    mapping = make_topic_mapping()
    write(tmp_path / "topic.yaml", mapping)
    run_import(tmp_path)
    question_id = Topic.objects.get().questions.get().pk

    mapping["tips"].append({"text": "Read the question twice.", "scope": "qualification"})
    write(tmp_path / "topic.yaml", mapping)
    out, _ = run_import(tmp_path)

    assert "test-topic: updated (tips)" in out
    topic = Topic.objects.get()
    assert topic.tips.count() == 3
    assert topic.questions.get().pk == question_id


def test_dry_run_reports_but_writes_nothing(tmp_path):
    write(tmp_path / "topic.yaml", make_topic_mapping())
    before = database_snapshot()

    out, _ = run_import(tmp_path, "--dry-run")

    assert "test-topic: created" in out
    assert "Dry run, nothing written" in out
    assert database_snapshot() == before


def learners_records() -> tuple[int, int, int]:
    return Attempt.objects.count(), Challenge.objects.count(), SampleAnswer.objects.count()


def test_prune_archives_topics_without_a_file_keeping_learners_records(client, tmp_path):
    write(tmp_path / "a.yaml", make_topic_mapping(slug="topic-a"))
    write(tmp_path / "b.yaml", make_topic_mapping(slug="topic-b", title="Topic B"))
    run_import(tmp_path)
    make_learners_work(Topic.objects.get(slug="topic-b"), client=client)
    (tmp_path / "b.yaml").unlink()

    run_import(tmp_path)
    assert Topic.objects.live().filter(slug="topic-b").exists()  # only --prune takes it off

    out, _ = run_import(tmp_path, "--prune")
    assert "topic-b: archived" in out
    assert "topic-b/q1: archived, keeping 1 attempt(s), 1 challenge(s), 1 sample answer(s)" in out
    assert learners_records() == (1, 1, 1)
    assert "Topic B" not in client.get(reverse("topics:home")).content.decode()
    assert client.get(reverse("assessment:quiz", args=["topic-b"])).status_code == 404
    progress = client.get(reverse("assessment:progress")).content.decode()
    assert "You have not answered any questions yet" in progress

    out, _ = run_import(tmp_path, "--prune")
    assert "nothing to change" in out  # an archived topic is not archived again


def test_a_question_whose_id_left_the_file_is_archived_and_named_in_the_dry_run(client, tmp_path):
    """Renaming q1 in a file used to delete it with every attempt, challenge and sample on it,
    while the dry run said only "updated (questions)"."""
    mapping = make_topic_mapping()
    write(tmp_path / "topic.yaml", mapping)
    run_import(tmp_path)
    topic = Topic.objects.get()
    make_learners_work(topic, client=client)
    renamed = make_topic_mapping(questions=[make_question(id="q1-renamed")])
    write(tmp_path / "topic.yaml", renamed)

    out, _ = run_import(tmp_path, "--dry-run")
    assert "test-topic: updated (questions)" in out
    assert (
        "test-topic/q1: archived, keeping 1 attempt(s), 1 challenge(s), 1 sample answer(s)" in out
    )
    assert topic.questions.live().get().key == "q1"

    run_import(tmp_path)
    assert learners_records() == (1, 1, 1)
    assert list(topic.questions.live().values_list("key", flat=True)) == ["q1-renamed"]
    archived = topic.questions.get(key="q1")
    assert archived.archived_at is not None
    quiz = client.get(reverse("assessment:quiz", args=[topic.slug])).content.decode()
    assert "Question 1 of 2" in quiz  # the new question and the misconception check only
    home = client.get(reverse("topics:home")).content.decode()
    # the card counts what the quiz asks: its question and its true-or-false check
    assert "2 quiz questions (1 written, 1 true or false), 2 marking points" in home
    assert archived.points.count() == 2  # kept, for a tutor reviewing its challenges
    # off the learner's pages and counts, as the question is off the quiz
    progress = client.get(reverse("assessment:progress")).content.decode()
    assert "You have not answered any questions yet" in progress

    # its id back in the file: the question is back, with its learners' records
    write(tmp_path / "topic.yaml", mapping)
    run_import(tmp_path)
    assert list(topic.questions.live().values_list("key", flat=True)) == ["q1"]
    assert topic.questions.get(key="q1").attempts.count() == 1


def test_learners_work_is_deleted_only_with_the_explicit_flag(client, tmp_path):
    write(tmp_path / "topic.yaml", make_topic_mapping())
    run_import(tmp_path)
    make_learners_work(Topic.objects.get(), client=client)
    write(tmp_path / "topic.yaml", make_topic_mapping(questions=[make_question(id="q2")]))

    out, _ = run_import(tmp_path, "--delete-learners-work", "--dry-run")
    assert "test-topic/q1: deleted with 1 attempt(s), 1 challenge(s), 1 sample answer(s)" in out
    assert learners_records() == (1, 1, 1)

    run_import(tmp_path, "--delete-learners-work")
    assert learners_records() == (0, 0, 0)
    assert list(Question.objects.values_list("key", flat=True)) == ["q2"]


def test_pruning_with_the_explicit_flag_deletes_the_topic_and_its_records(client, tmp_path):
    write(tmp_path / "a.yaml", make_topic_mapping(slug="topic-a"))
    write(tmp_path / "b.yaml", make_topic_mapping(slug="topic-b"))
    run_import(tmp_path)
    make_learners_work(Topic.objects.get(slug="topic-b"), client=client)
    (tmp_path / "b.yaml").unlink()

    out, _ = run_import(tmp_path, "--prune", "--delete-learners-work")

    assert "topic-b: deleted" in out
    assert "topic-b/q1: deleted with 1 attempt(s), 1 challenge(s), 1 sample answer(s)" in out
    assert list(Topic.objects.values_list("slug", flat=True)) == ["topic-a"]
    assert learners_records() == (0, 0, 0)


def test_a_question_with_learners_records_cannot_be_deleted_by_accident(client):
    topic = make_topic()
    make_learners_work(topic, client=client)
    with pytest.raises(ProtectedError):
        topic.questions.get().delete()
    with pytest.raises(ProtectedError):
        Attempt.objects.get().delete()  # its challenge would go with it
    assert learners_records() == (1, 1, 1)


def test_topic_edited_since_import_is_kept_unless_overwrite(tmp_path):
    mapping = make_topic_mapping()
    write(tmp_path / "topic.yaml", mapping)
    run_import(tmp_path)
    tip = Topic.objects.get().tips.first()
    tip.text = "A tutor's better wording."
    tip.save()
    mapping["title"] = "Renamed in the file"
    write(tmp_path / "topic.yaml", mapping)

    out, _ = run_import(tmp_path)
    assert "test-topic: kept" in out
    assert Topic.objects.get().tips.first().text == "A tutor's better wording."

    out, _ = run_import(tmp_path, "--overwrite")
    assert "test-topic: updated" in out
    assert Topic.objects.get().tips.first().text == "Use workplace examples."


def _bad_files(tmp_path: Path) -> dict[str, tuple[list[Path], str, str]]:
    """name -> (files, expected file name in the message, expected words)."""
    cases = {}

    def case(name, files, filename, words):
        cases[name] = (files, filename, words)

    good = make_topic_mapping(slug="good-topic")
    path = tmp_path / "syntax.yaml"
    path.write_text("slug: x\ntitle: [unclosed\nkind: element\n", encoding="utf-8")
    case("yaml syntax error", [path], "syntax.yaml", "not valid YAML")

    path = write(
        tmp_path / "wrong-type.yaml", make_topic_mapping(learning_outcomes="Understand customers")
    )
    case(
        "wrong type",
        [path],
        "wrong-type.yaml",
        "field learning_outcomes): this should be a list, not text",
    )

    mapping = make_topic_mapping()
    del mapping["title"]
    path = write(tmp_path / "missing.yaml", mapping)
    case("missing required field", [path], "missing.yaml", "required field 'title' is missing")

    path = write(tmp_path / "unknown.yaml", make_topic_mapping(titel="Typo"))
    case("unknown key", [path], "unknown.yaml", "unknown field 'titel'")

    first = write(tmp_path / "first.yaml", make_topic_mapping(slug="same"))
    second = write(tmp_path / "second.yaml", make_topic_mapping(slug="same"))
    case("duplicate slug", [first, second], "second.yaml", "the slug 'same' is already used by")

    path = write(
        tmp_path / "dup-question.yaml",
        make_topic_mapping(questions=[make_question(), make_question()]),
    )
    case("duplicate question id", [path], "dup-question.yaml", "question id 'q1' is used twice")

    path = write(
        tmp_path / "reference.yaml", make_topic_mapping(questions=[make_question(assesses=["ac9"])])
    )
    case(
        "reference that does not resolve",
        [path],
        "reference.yaml",
        "'ac9' is not one of this topic's assessment criteria",
    )

    path = tmp_path / "empty.yaml"
    path.write_text("# nothing here yet\n", encoding="utf-8")
    case("empty file", [path], "empty.yaml", "the file is empty")

    path = tmp_path / "latin1.yaml"
    path.write_bytes("slug: caf\xe9\ntitle: x\n".encode("latin-1"))
    case("not utf-8", [path], "latin1.yaml", "not UTF-8")

    path = tmp_path / "large.yaml"
    path.write_text(
        "slug: big\nsynopsis: |\n" + ("  " + "x" * 1000 + "\n") * 3000, encoding="utf-8"
    )
    case("very large file", [path], "large.yaml", "too large")

    path = tmp_path / "laughs.yaml"
    path.write_text(
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
        encoding="utf-8",
    )
    case("billion laughs", [path], "laughs.yaml", "anchors and aliases")

    path = tmp_path / "dup-key.yaml"
    path.write_text(yaml.safe_dump(good, sort_keys=False) + "title: Again\n", encoding="utf-8")
    case("duplicate key", [path], "dup-key.yaml", "the field 'title' appears twice")

    path = tmp_path / "deep.yaml"
    path.write_text("slug: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    case("deep nesting", [path], "deep.yaml", "nested more than")

    path = write(
        tmp_path / "bad-point.yaml",
        make_topic_mapping(
            questions=[
                make_question(
                    points=[{"id": "p1", "text": "x", "ideas": [{"label": "a"}], "at_least": 3}]
                )
            ]
        ),
    )
    case(
        "impossible at_least",
        [path],
        "bad-point.yaml",
        "asks for at least 3 ideas but lists only 1",
    )

    path = write(
        tmp_path / "bad-phrasing.yaml",
        make_topic_mapping(
            questions=[
                make_question(
                    points=[{"id": "p1", "text": "x", "accept": ["(how long | how many years"]}]
                )
            ]
        ),
    )
    case("phrasing the marker cannot read", [path], "bad-phrasing.yaml", "never closed with )")
    return cases


@pytest.mark.parametrize(
    "name",
    [
        "yaml syntax error",
        "wrong type",
        "missing required field",
        "unknown key",
        "duplicate slug",
        "duplicate question id",
        "reference that does not resolve",
        "empty file",
        "not utf-8",
        "very large file",
        "billion laughs",
        "duplicate key",
        "deep nesting",
        "impossible at_least",
        "phrasing the marker cannot read",
    ],
)
def test_bad_file_is_rejected_with_file_line_and_field_and_changes_nothing(tmp_path, name):
    existing = tmp_path / "existing"
    existing.mkdir()
    write(existing / "good.yaml", make_topic_mapping(slug="already-here"))
    run_import(existing)
    before = database_snapshot()
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    files, filename, words = _bad_files(bad_dir)[name]
    good = write(bad_dir / "zz-good.yaml", make_topic_mapping(slug="would-be-new"))

    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(*files, good)

    assert database_snapshot() == before
    assert not Topic.objects.filter(slug="would-be-new").exists()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_content", *map(str, [*files, good]), stdout=io.StringIO(), stderr=err)
    message = err.getvalue()
    assert filename in message
    assert ", line " in message
    assert words in message


def test_command_exits_non_zero_from_the_shell(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "broken.yaml"
    path.write_text("slug: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_content", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode != 0
    assert "broken.yaml, line" in result.stderr


def test_criteria_listed_out_of_order_in_a_question_still_import_idempotently(tmp_path):
    mapping = make_topic_mapping(
        assessment_criteria=[{"id": "ac1", "text": "First."}, {"id": "ac2", "text": "Second."}],
        questions=[make_question(assesses=["ac2", "ac1"])],
    )
    write(tmp_path / "topic.yaml", mapping)
    run_import(tmp_path)

    out, _ = run_import(tmp_path)

    assert "test-topic: unchanged" in out


def test_a_point_evidences_its_own_criteria_or_else_its_questions(tmp_path):
    question = make_question(assesses=["ac1", "ac2"])
    question["points"][0]["criteria"] = ["ac2"]
    mapping = make_topic_mapping(
        assessment_criteria=[
            {"id": "ac1", "text": "Award credit for naming customer types."},
            {"id": "ac2", "text": "Award credit for internal customers."},
        ],
        questions=[question],
    )
    run_import(write(tmp_path / "criteria.yaml", mapping))
    internal, external = Question.objects.get().points.all()
    assert internal.criteria == ["ac2"]
    assert internal.criterion_keys() == ["ac2"]
    assert external.criteria == []
    assert external.criterion_keys() == ["ac1", "ac2"]
