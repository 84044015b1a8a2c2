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


def test_a_part_is_written_in_a_file_under_its_related_name():
    assert [part.key for part in PARTS] == [
        "learning_outcomes",
        "key_concepts",
        "assessment_criteria",
        "tips",
        "mistakes",
        "misconceptions",
        "prerequisites",
        "key_terms",
    ]
