"""The canonical form of a topic: one mapping, whether it came from a file or from the database.

The importer compares the two to say what changed, the exporter writes it, and its digest tells a
tutor's edit in the admin from the content as last imported. Blocks other apps own (the
`questions:` block) are put in their canonical form by their sections (topics.content_registry).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from topics.content_registry import sections
from topics.models import Topic
from topics.parts import HEADER_FIELDS, PARTS

HEADER_KEYS = HEADER_FIELDS
QUALIFICATION_KEYS = ("slug", "title", "level", "framework", "subject", "awarding_body")


def topic_keys() -> tuple[str, ...]:
    """Every key of a topic file in the format's order: the topic's own fields and parts, then
    the blocks other apps own."""
    return (
        HEADER_KEYS
        + tuple(part.key for part in PARTS)
        + tuple(section.key for section in sections())
    )


def cleaned(value: Any) -> Any:
    """Text stripped of surrounding white space, at any depth."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: cleaned(item) for key, item in value.items()}
    return value


def ordered(mapping: Mapping[str, Any], keys: Iterable[str], defaults: Mapping[str, Any]) -> dict:
    """The keys in the format's order, leaving out those that hold their default."""
    result = {}
    for key in keys:
        if key not in mapping:
            continue
        value = mapping[key]
        if key in defaults and value == defaults[key]:
            continue
        result[key] = value
    return result


def canonical_topic(mapping: Mapping[str, Any]) -> dict:
    """One form for a topic mapping: stripped text, the format's key order, defaults left out."""
    topic = cleaned(dict(mapping))
    qualification = dict(topic["qualification"])
    qualification.setdefault("level", 2)
    qualification["awarding_body"] = ordered(qualification["awarding_body"], ("slug", "name"), {})
    topic["qualification"] = ordered(qualification, QUALIFICATION_KEYS, {})
    for section in sections():
        topic[section.key] = section.canonical(topic.get(section.key, []), topic)
    # what a file may leave out: an empty part (unless the format requires it) or block
    defaults = {"unit": "", "qualification_overview": ""}
    defaults.update({part.key: [] for part in PARTS if not part.required})
    defaults.update({section.key: [] for section in sections()})
    return ordered(topic, topic_keys(), defaults)


def digest(mapping: Mapping[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(mapping, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def topic_to_mapping(topic: Topic) -> dict:
    """The topic as a content file holds it (fetch it with `Topic.objects.with_parts()`)."""
    qualification = topic.qualification
    return canonical_topic(
        {
            "slug": topic.slug,
            "title": topic.title,
            "kind": topic.kind,
            "unit": topic.unit,
            "qualification": {
                "slug": qualification.slug,
                "title": qualification.title,
                "level": qualification.level,
                "framework": qualification.framework,
                "subject": qualification.subject,
                "awarding_body": {
                    "slug": qualification.awarding_body.slug,
                    "name": qualification.awarding_body.name,
                },
            },
            "synopsis": topic.synopsis,
            "qualification_overview": topic.qualification_overview,
            **{
                part.key: [part.to_data(item) for item in getattr(topic, part.key).all()]
                for part in PARTS
            },
            **{section.key: section.export(topic) for section in sections()},
        }
    )
