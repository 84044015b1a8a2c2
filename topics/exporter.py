"""Write topics back as content files: the same format and layout as content/, byte-stable."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from topics.content_format import SCHEMA_PATH
from topics.importer import topic_queryset, topic_to_mapping
from topics.models import Topic

HEADER = "# yaml-language-server: $schema=schema.json\n"


class _ContentDumper(yaml.SafeDumper):
    """Block scalars for multi-line text, plain order of keys, no aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value + "\n", style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_ContentDumper.add_representer(str, _represent_text)


def topic_yaml(topic: Topic) -> str:
    """One topic as the text of its content file."""
    return HEADER + yaml.dump(
        topic_to_mapping(topic),
        Dumper=_ContentDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


def content_export(*, directory: Path, slugs: list[str] | None = None) -> list[Path]:
    """Write <slug>.yaml for each topic (and schema.json beside them); returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    topics = topic_queryset().order_by("slug")
    if slugs:
        topics = topics.filter(slug__in=slugs)
    written = []
    for topic in topics:
        path = directory / f"{topic.slug}.yaml"
        path.write_text(topic_yaml(topic), encoding="utf-8")
        written.append(path)
    schema = directory / "schema.json"
    if schema.resolve() != SCHEMA_PATH.resolve():
        shutil.copyfile(SCHEMA_PATH, schema)
    return written
