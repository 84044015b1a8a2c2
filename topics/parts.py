"""One description of a topic's parts: how a content file writes each, and how it is searched.

The importer, the exporter (topics.serialization), the admin's inlines, the change signals and the
search index all read `PARTS`. Adding a part is its model (a `TopicPart`) and migration, one entry
here, and the topic page's template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    searched: Searched | None = None
    required: bool = False  # written even when empty (the schema asks for at least one)
    collapsed: bool = True  # its admin inline starts folded

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
        return {file_field: getattr(part, model_field) for file_field, model_field in self.fields}

    def from_data(self, topic: models.Topic, position: int, data: Any) -> models.TopicPart:
        if self.fields[0][0] is None:
            values = {self.fields[0][1]: data}
        else:
            values = {model_field: data[file_field] for file_field, model_field in self.fields}
        return self.model(topic=topic, position=position, **values)


PARTS: tuple[Part, ...] = (
    Part(
        models.LearningOutcome,
        ((None, "text"),),
        Searched("outcome", "Learning outcome", lambda o: "outcomes", lambda o: o.text, 1.5),
        required=True,
        collapsed=False,
    ),
    Part(
        models.KeyConcept,
        (("name", "name"), ("description", "description")),
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
        (("text", "text"), ("scope", "scope")),
        Searched("tip", "Exam tip", lambda t: "tips", lambda t: t.text),
    ),
    Part(
        models.Mistake,
        ((None, "text"),),
        Searched("mistake", "Common mistake", lambda m: "mistakes", lambda m: m.text),
    ),
    Part(
        models.Misconception,
        (("id", "key"), ("statement", "statement"), ("correction", "correction")),
        Searched(
            "misconception",
            "Misconception",
            lambda m: f"misconception-{m.key}",
            lambda m: f"{m.statement} {m.correction}",
        ),
    ),
    Part(models.Prerequisite, ((None, "text"),)),
    Part(
        models.KeyTerm,
        (("term", "term"), ("definition", "definition")),
        Searched("term", "Key term", lambda k: "terms", lambda k: f"{k.term}: {k.definition}", 2.0),
    ),
)
