"""Write topics back as content files: the same format and layout as content/, byte-stable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from topics.content_format import content_schema_text
from topics.content_registry import sections
from topics.models import Topic
from topics.serialization import topic_to_mapping

HEADER = "# yaml-language-server: $schema=schema.json\n"


class _ContentDumper(yaml.SafeDumper):
    """Block scalars for multi-line text, plain order of keys, no aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value + "\n", style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


class Prose(str):
    """Paragraphs a tutor edits: always a block scalar, even on one line, as content/ holds them."""


def _represent_prose(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value) + "\n", style="|")


_ContentDumper.add_representer(str, _represent_text)
_ContentDumper.add_representer(Prose, _represent_prose)


def _with_prose(mapping: dict) -> dict:
    mapping = dict(mapping)
    for section in sections():
        if section.key in mapping and section.prose_fields:
            mapping[section.key] = [
                {
                    **item,
                    **{name: Prose(item[name]) for name in section.prose_fields if name in item},
                }
                for item in mapping[section.key]
            ]
    return mapping


def topic_yaml(topic: Topic) -> str:
    """One topic as the text of its content file."""
    return HEADER + yaml.dump(
        _with_prose(topic_to_mapping(topic)),
        Dumper=_ContentDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    action: str  # created | changed | unchanged


def content_export(
    *, directory: Path, slugs: list[str] | None = None, dry_run: bool = False
) -> list[ExportedFile]:
    """Write <slug>.yaml for each topic (and schema.json beside them), touching only the files
    whose text changes; with `dry_run`, only say which those would be."""
    # an archived topic has left the content: exporting it would bring it back into content/
    topics = Topic.objects.with_parts().live().order_by("slug")
    if slugs:
        topics = topics.filter(slug__in=slugs)
    exported = []
    for topic in topics:
        path = directory / f"{topic.slug}.yaml"
        text = topic_yaml(topic).encode()
        old = path.read_bytes() if path.exists() else None
        action = "created" if old is None else ("unchanged" if old == text else "changed")
        if action != "unchanged" and not dry_run:
            directory.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
        exported.append(ExportedFile(path, action))
    # the schema as the site checks it (the blocks other apps own included), for editors
    schema = directory / "schema.json"
    schema_text = content_schema_text().encode()
    if not dry_run and (not schema.exists() or schema.read_bytes() != schema_text):
        directory.mkdir(parents=True, exist_ok=True)
        schema.write_bytes(schema_text)
    return exported
