"""One description of a topic's parts: how a content file writes each, and how it is searched.

The importer, the exporter (topics.serialization), the admin's inlines, the change signals and the
search index all read `PARTS`. Adding a part is its model (a `TopicPart`) and migration, one entry
here, and the topic page's template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models as dj_models

from topics import models


@dataclass(frozen=True)
class Searched:
    """How a part is found by search: its code, what a hit is called, where it links, its text."""

    part: str
    label: str
    anchor: Callable[[Any], str]
    body: Callable[[Any], str]
    weight: float = 1.0


@dataclass(frozen=True)
class Part:
    model: type[models.TopicPart]
    # the file's field for each model field, in the file's order; a part written as plain text
    # (a list of strings) has one model field and None for the file's field
    fields: tuple[tuple[str | None, str], ...]
    description: str  # what the content format's schema says of it
    searched: Searched | None = None
    required: bool = False  # written even when empty (the schema asks for at least one)
    collapsed: bool = True  # its admin inline starts folded
    # file fields a file may leave out (an empty value is not written)
    optional: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The part's key in a file, which is also the topic's related name for it."""
        return self.model._meta.get_field("topic").remote_field.related_name

    @property
    def model_fields(self) -> list[str]:
        return [model_field for _, model_field in self.fields]

    def to_data(self, part: models.TopicPart) -> Any:
        if self.fields[0][0] is None:
            return getattr(part, self.fields[0][1])
        return {
            file_field: getattr(part, model_field)
            for file_field, model_field in self.fields
            if file_field not in self.optional or getattr(part, model_field)
        }

    def schema(self) -> dict:
        """The part's JSON schema in a topic file, from its model's fields."""
        if self.fields[0][0] is None:
            items = _field_schema(self.model._meta.get_field(self.fields[0][1]))
        else:
            items = {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    file_field for file_field, _ in self.fields if file_field not in self.optional
                ],
                "properties": {
                    file_field: _field_schema(self.model._meta.get_field(model_field))
                    for file_field, model_field in self.fields
                },
            }
        return {
            "type": "array",
            "description": self.description,
            "items": items,
            "minItems": 1 if self.required else 0,
            "maxItems": MAX_ITEMS,
        }

    def from_data(self, topic: models.Topic, position: int, data: Any) -> models.TopicPart:
        if self.fields[0][0] is None:
            values = {self.fields[0][1]: data}
        else:
            values = {
                model_field: data.get(file_field, "")
                if file_field in self.optional
                else data[file_field]
                for file_field, model_field in self.fields
            }
        return self.model(topic=topic, position=position, **values)


ID_PATTERN = "^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
MAX_TEXT = 20_000  # characters in one text field of a file
MAX_ITEMS = 1000  # items in one part


def _field_schema(field: Any) -> dict:
    """A model field as the content format writes it: an id, one of its choices, or text."""
    if isinstance(field, dj_models.SlugField):
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": field.max_length}
    if field.choices:
        return {"enum": [value for value, _ in field.choices]}
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": field.max_length or MAX_TEXT,
        "pattern": r"\S",
    }


def parts_schema(schema: dict) -> dict:
    """The topic file's schema with each part as PARTS describes it, in the format's order: the
    topic's own fields, its parts, then whatever follows (the blocks other apps own)."""
    part_keys = {part.key for part in PARTS}
    own = {k: v for k, v in schema["properties"].items() if k not in part_keys}
    header = {k: v for k, v in own.items() if k in HEADER_FIELDS}
    rest = {k: v for k, v in own.items() if k not in HEADER_FIELDS}
    schema["properties"] = {**header, **{part.key: part.schema() for part in PARTS}, **rest}
    required = [key for key in schema["required"] if key not in part_keys]
    schema["required"] = required + [part.key for part in PARTS if part.required]
    return schema


# a topic's own fields, before its parts in a file
HEADER_FIELDS = (
    "slug",
    "title",
    "kind",
    "unit",
    "qualification",
    "synopsis",
    "qualification_overview",
)

PARTS: tuple[Part, ...] = (
    Part(
        models.LearningOutcome,
        ((None, "text"),),
        "In source order.",
        Searched("outcome", "Learning outcome", lambda o: "outcomes", lambda o: o.text, 1.5),
        required=True,
        collapsed=False,
    ),
    Part(
        models.KeyConcept,
        (("name", "name"), ("description", "description")),
        "Core ideas.",
        Searched(
            "concept",
            "Key concept",
            lambda c: "concepts",
            lambda c: f"{c.name}: {c.description}",
            1.5,
        ),
    ),
    Part(
        models.AssessmentCriterion,
        (("id", "key"), ("text", "text")),
        "What examiners award credit for.",
        Searched(
            "criterion",
            "What examiners award credit for",
            lambda c: f"criterion-{c.key}",
            lambda c: c.text,
        ),
        required=True,
    ),
    Part(
        models.Tip,
        (("id", "key"), ("text", "text"), ("scope", "scope")),
        "Exam tips: topic-specific and qualification-wide. An `id` is optional: a marking point "
        "names it (its `tip`) to show the tip under the point when a learner misses it.",
        Searched("tip", "Exam tip", lambda t: "tips", lambda t: t.text),
        optional=("id",),
    ),
    Part(
        models.Mistake,
        ((None, "text"),),
        "Common mistakes specific to the topic.",
        Searched("mistake", "Common mistake", lambda m: "mistakes", lambda m: m.text),
    ),
    Part(
        models.Misconception,
        (("id", "key"), ("statement", "statement"), ("correction", "correction")),
        "Qualification-wide misconceptions.",
        Searched(
            "misconception",
            "Misconception",
            lambda m: f"misconception-{m.key}",
            lambda m: f"{m.statement} {m.correction}",
        ),
    ),
    Part(models.Prerequisite, ((None, "text"),), "Before you start."),
    Part(
        models.KeyTerm,
        (("term", "term"), ("definition", "definition")),
        "Key terms with definitions.",
        Searched(
            "term",
            "Key term",
            lambda k: k.page_anchor,  # the term itself on its topic's page
            lambda k: f"{k.term}: {k.definition}",
            2.0,
        ),
    ),
)
