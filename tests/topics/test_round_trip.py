"""YAML round trip: import -> export -> import changes nothing, and export is byte-stable."""

import io
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.phrasing import phrasing_error
from tests.factories import make_question, make_topic_mapping
from topics.content_format import mapping_document, read_document
from topics.exporter import content_export
from topics.importer import topic_import
from topics.models import Topic

pytestmark = pytest.mark.django_db

text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(list("\n:#'\"- |>&*!%@`")),
    min_size=1,
    max_size=60,
).filter(lambda value: value.strip())
one_line = text.map(lambda value: " ".join(value.split())).filter(bool)
# an accepted phrasing the marker can read (the importer refuses the others, with their line)
phrasing = one_line.filter(lambda value: phrasing_error(value) is None)
slugs = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@st.composite
def marking_points(draw) -> list[dict]:
    points = []
    for index in range(draw(st.integers(2, 4))):
        point = {"id": f"p{index}", "text": draw(text)}
        if draw(st.booleans()):
            point["accept"] = draw(st.lists(phrasing, min_size=1, max_size=3))
        if draw(st.booleans()):
            point["depth"] = draw(st.sampled_from(["identify", "describe", "explain"]))
        if draw(st.booleans()):
            point["example"] = True
        point["group"] = draw(st.sampled_from(["reason", "example"]))
        if draw(st.booleans()):
            ideas = [
                {"label": f"idea-{i}", "accept": draw(st.lists(phrasing, min_size=1, max_size=2))}
                for i in range(draw(st.integers(1, 3)))
            ]
            point.update(ideas=ideas, at_least=draw(st.integers(1, len(ideas))))
        points.append(point)
    return points


@st.composite
def scorings(draw, points: list[dict]) -> dict:
    method = draw(st.sampled_from(["points", "bands", "rules"]))
    if method == "bands":
        return {
            "method": "bands",
            "bands": [
                {"points": draw(st.integers(1, len(points))), "marks": draw(st.integers(0, 2))}
                for _ in range(draw(st.integers(1, 2)))
            ],
        }
    if method == "rules":
        groups = sorted({point["group"] for point in points})
        return {
            "method": "rules",
            "rules": [
                {
                    "marks": draw(st.integers(0, 2)),
                    "requires": [{"group": group, "at_least": draw(st.integers(1, 2))}],
                }
                for group in groups
            ],
        }
    return {"method": "points"}


@st.composite
def topics(draw):
    criteria = [{"id": f"ac{i}", "text": draw(text)} for i in range(draw(st.integers(1, 3)))]
    misconceptions = [
        {"id": f"m{i}", "statement": draw(text), "correction": draw(text)}
        for i in range(draw(st.integers(0, 2)))
    ]
    points = draw(marking_points())
    assesses = draw(st.permutations([c["id"] for c in criteria]))
    for point in points:
        if draw(st.booleans()):  # the criteria this point evidences, if not all the question's
            point["criteria"] = draw(st.lists(st.sampled_from(assesses), min_size=1, unique=True))
    question = make_question(
        command_word=draw(st.sampled_from(["identify", "describe", "explain", "evaluate"])),
        prompt=draw(text),
        model_answer=draw(text),
        marks=2,
        points=points,
        assesses=assesses,
        scoring=draw(scorings(points)),
    )
    wrong_ideas = []
    if misconceptions and draw(st.booleans()):
        wrong_ideas.append({"id": "w1", "misconception": "m0", "contradicts": ["p0"]})
    if draw(st.booleans()):
        wrong_ideas.append(
            {
                "id": "w2",
                "statement": draw(text),
                "correction": draw(text),
                "accept": draw(st.lists(phrasing, min_size=1, max_size=2)),
            }
        )
    question["wrong_ideas"] = wrong_ideas
    mapping = make_topic_mapping(
        slug=draw(slugs),
        title=draw(one_line),
        kind=draw(st.sampled_from(["element", "subtopic"])),
        unit=draw(st.one_of(st.just(""), slugs)),
        synopsis=draw(text),
        qualification_overview=draw(text),
        learning_outcomes=draw(st.lists(text, min_size=1, max_size=3)),
        key_concepts=[
            {"name": draw(one_line), "description": draw(text)}
            for _ in range(draw(st.integers(0, 2)))
        ],
        assessment_criteria=criteria,
        tips=[
            {"text": draw(text), "scope": draw(st.sampled_from(["topic", "qualification"]))}
            for _ in range(draw(st.integers(0, 3)))
        ],
        mistakes=draw(st.lists(text, max_size=2)),
        misconceptions=misconceptions,
        prerequisites=draw(st.lists(text, max_size=2)),
        key_terms=[
            {"term": draw(one_line), "definition": draw(text)}
            for _ in range(draw(st.integers(0, 2)))
        ],
        questions=[question],
    )
    if not mapping["unit"]:
        del mapping["unit"]  # a topic on its own, in no unit shared across awarding bodies
    return mapping


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mapping=topics())
def test_random_valid_content_survives_import_export_import(mapping):
    Topic.objects.all().delete()
    topic_import(documents=[mapping_document(mapping, "generated.yaml")], sets_baseline=True)
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        content_export(directory=Path(first))
        report = topic_import(
            documents=[read_document(p) for p in sorted(Path(first).glob("*.yaml"))],
            sets_baseline=True,
        )
        assert [change.action for change in report.changes] == ["unchanged"]
        content_export(directory=Path(second))
        for path in Path(first).iterdir():
            assert path.read_bytes() == (Path(second) / path.name).read_bytes()


def test_the_real_content_round_trips_byte_for_byte(tmp_path):
    call_command("import_content", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("export_content", str(tmp_path / "a"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_content", str(tmp_path / "a"), stdout=out, stderr=io.StringIO())
    assert "5 unchanged" in out.getvalue()
    call_command("export_content", str(tmp_path / "b"), stdout=io.StringIO())
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    assert (tmp_path / "a" / "schema.json").exists()


def test_the_export_of_the_real_content_is_the_content_byte_for_byte(tmp_path):
    call_command("import_content", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("export_content", str(tmp_path), stdout=io.StringIO())
    content = Path(django_settings.CONTENT_DIR)
    for source in sorted(content.glob("*.yaml")):
        # byte for byte: `assesses` too keeps its author's order
        assert (tmp_path / source.name).read_text() == source.read_text(), source


def test_a_site_from_before_assesses_kept_its_order_takes_the_files_order_at_the_next_import():
    """A database from before `assesses` kept its order has no order stored: its topics read as
    they were imported (criteria in topic order), so the next start's import is not mistaken for
    a tutor's edit and is kept back; it brings the author's order in."""
    from assessment.models import Question
    from topics.importer import topic_to_mapping
    from topics.serialization import digest

    call_command("import_content", stdout=io.StringIO(), stderr=io.StringIO())
    Question.objects.update(assesses_order=[])
    for topic in Topic.objects.all():  # the baseline the older site recorded
        topic.imported_digest = digest(topic_to_mapping(topic))
        topic.save()
    out = io.StringIO()
    call_command("import_content", stdout=out, stderr=io.StringIO())
    assert "understand-customers-ocr: updated" in out.getvalue()
    assert "kept" not in out.getvalue()
    question = Question.objects.get(topic__slug="understand-customers-ocr", key="q3")
    assert question.assesses_order == ["ac3", "ac2"]


def test_a_criterion_a_tutor_adds_follows_the_authors_order():
    from assessment.models import Question
    from topics.importer import topic_to_mapping

    call_command("import_content", stdout=io.StringIO(), stderr=io.StringIO())
    question = Question.objects.get(topic__slug="understand-customers-ocr", key="q3")
    question.criteria.add(question.topic.assessment_criteria.get(key="ac1"))
    mapping = topic_to_mapping(question.topic)
    (exported,) = [q for q in mapping["questions"] if q["id"] == "q3"]
    assert exported["assesses"] == ["ac3", "ac2", "ac1"]
