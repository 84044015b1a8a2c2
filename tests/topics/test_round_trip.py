"""YAML round trip: import -> export -> import changes nothing, and export is byte-stable."""

import io
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
slugs = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@st.composite
def topics(draw):
    criteria = [{"id": f"ac{i}", "text": draw(text)} for i in range(draw(st.integers(1, 3)))]
    misconceptions = [
        {"id": f"m{i}", "statement": draw(text), "correction": draw(text)}
        for i in range(draw(st.integers(0, 2)))
    ]
    points = [
        {"id": f"p{i}", "text": draw(text), "accept": draw(st.lists(text, max_size=3))}
        for i in range(draw(st.integers(2, 3)))
    ]
    question = make_question(
        prompt=draw(text),
        model_answer=draw(text),
        marks=2,
        points=points,
        assesses=[c["id"] for c in criteria],
    )
    if misconceptions and draw(st.booleans()):
        question["wrong_ideas"] = [{"id": "w1", "misconception": "m0", "contradicts": ["p0"]}]
    return make_topic_mapping(
        slug=draw(slugs),
        title=draw(text),
        synopsis=draw(text),
        qualification_overview=draw(text),
        learning_outcomes=draw(st.lists(text, min_size=1, max_size=3)),
        assessment_criteria=criteria,
        tips=[
            {"text": draw(text), "scope": draw(st.sampled_from(["topic", "qualification"]))}
            for _ in range(draw(st.integers(0, 3)))
        ],
        mistakes=draw(st.lists(text, max_size=2)),
        misconceptions=misconceptions,
        key_terms=[
            {"term": draw(text).replace("\n", " "), "definition": draw(text)}
            for _ in range(draw(st.integers(0, 2)))
        ],
        questions=[question],
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mapping=topics())
def test_random_valid_content_survives_import_export_import(mapping):
    Topic.objects.all().delete()
    topic_import(documents=[mapping_document(mapping, "generated.yaml")])
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        content_export(directory=Path(first))
        report = topic_import(
            documents=[read_document(p) for p in sorted(Path(first).glob("*.yaml"))]
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
