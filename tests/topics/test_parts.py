"""One description of a topic's parts (topics.parts): every kind of part is in it, so the importer,
exporter, admin, signals and search, which all read it, never miss one."""

from topics.models import Topic, TopicPart
from topics.parts import PARTS


def test_every_kind_of_topic_part_is_described_once():
    kinds = {
        relation.related_model
        for relation in Topic._meta.related_objects
        if issubclass(relation.related_model, TopicPart)
    }
    described = [part.model for part in PARTS]
    assert sorted(described, key=str) == sorted(kinds, key=str)
    assert len(set(described)) == len(described)


def test_the_schema_editors_use_is_the_one_the_site_checks():
    """content/schema.json is written from the parts' description and the registries (a part's
    fields, its model's lengths, the scoring methods): after a change to them, `manage.py
    export_content` writes it again."""
    from topics.content_format import SCHEMA_PATH, content_schema_text

    assert SCHEMA_PATH.read_text() == content_schema_text()


def test_a_parts_schema_comes_from_its_models_fields():
    from topics.content_format import content_schema

    key_terms = content_schema()["properties"]["key_terms"]
    assert key_terms["items"]["required"] == ["term", "definition"]
    assert key_terms["items"]["properties"]["term"]["maxLength"] == 300  # KeyTerm.term's
    tips = content_schema()["properties"]["tips"]["items"]["properties"]
    assert tips["scope"] == {"enum": ["topic", "qualification"]}
