"""Import content files into the database: compare each topic with its canonical form in the
database (topics.serialization), and write what changed in one transaction.

Blocks other apps own (the `questions:` block) are written, and their leaving records reported,
by their sections (topics.content_registry).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from topics.content_format import (
    ContentError,
    ContentInvalid,
    Document,
    check_documents,
    content_paths,
    read_document,
)
from topics.content_registry import LeavingRecord, sections
from topics.models import AwardingBody, ContentVersion, Qualification, Topic
from topics.parts import PARTS
from topics.search import search_index_topic
from topics.serialization import canonical_topic, digest, topic_keys, topic_to_mapping
from topics.signals import content_signals_paused

# --- the import ----------------------------------------------------------------------------


@dataclass
class TopicChange:
    slug: str
    # created | updated | unchanged | archived (pruned) | deleted (pruned, confirmed) | kept
    action: str
    source: str = ""
    sections: list[str] = field(default_factory=list)
    leaving: list[LeavingRecord] = field(default_factory=list)
    deleted: bool = False  # the leaving questions are deleted with their records, not archived
    kept_because: str = "edited"  # edited | archived: why a "kept" topic was left alone

    def describe(self) -> str:
        text = f"{self.slug}: {self.action}"
        if self.sections:
            text += f" ({', '.join(self.sections)})"
        if self.action == "kept" and self.kept_because == "archived":
            text += " - archived (in the admin or by --prune); left alone: restore it in the admin first"
        elif self.action == "kept":
            text += " - edited in the admin since the last import; left alone (use --overwrite to replace it)"
        return text

    def describe_leaving(self) -> list[str]:
        """One line per question that leaves the quiz: every one is named, with its records."""
        return [
            question.describe(topic_slug=self.slug, deleted=self.deleted)
            for question in self.leaving
        ]


@dataclass
class ImportReport:
    changes: list[TopicChange]
    warnings: list[ContentError]
    dry_run: bool

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def changed_anything(self) -> bool:
        return any(
            change.action in {"created", "updated", "archived", "deleted"}
            for change in self.changes
        )

    @property
    def leaving(self) -> list[str]:
        return [line for change in self.changes for line in change.describe_leaving()]


def _changed_sections(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return [key for key in topic_keys() if old.get(key) != new.get(key)]


def load_documents(paths: Iterable[Path] | None = None) -> list[Document]:
    return [read_document(path) for path in content_paths(paths)]


def leaving_records(topics, mapping: Mapping[str, Any] | None) -> list[LeavingRecord]:
    """What leaves the site with this import: the records the new `mapping` no longer holds,
    or every record of `topics` when they go (None)."""
    return [
        record
        for section in sections()
        for record in section.leaving(
            topics, None if mapping is None else mapping.get(section.key, [])
        )
    ]


def topic_import(
    *,
    documents: list[Document],
    dry_run: bool = False,
    sets_baseline: bool,
    prune: bool = False,
    overwrite: bool = False,
    delete_learners_work: bool = False,
) -> ImportReport:
    """Check every document, then write them all in one transaction (or nothing, on any error).

    `sets_baseline` is true only for the content folder (import_content): what it writes becomes
    "the content as last imported", which the next import may replace. Anything else (an upload
    in the admin) is a tutor's edit, which the next import from the folder leaves alone.

    Nothing a learner or tutor made is lost by default: a question whose id leaves a topic's
    file is archived (off the quiz, kept with its attempts, challenges and samples), and so is a
    topic that `prune` finds without a file. Only `delete_learners_work`, an explicit
    confirmation, deletes them instead, with those records. The report names every one.

    Raises ContentInvalid with every problem found; the database is then untouched.
    """
    if not documents:
        raise ContentInvalid([ContentError("content", None, "", "no content files were found.")])
    errors, warnings = check_documents(documents)
    if errors:
        raise ContentInvalid(errors)

    incoming = {doc.data["slug"]: (doc, canonical_topic(doc.data)) for doc in documents}
    existing = {topic.slug: topic for topic in Topic.objects.with_parts().filter(slug__in=incoming)}
    changes: list[TopicChange] = []
    to_write: list[tuple[Topic | None, dict]] = []
    for slug, (document, mapping) in incoming.items():
        topic = existing.get(slug)
        if topic is None:
            changes.append(TopicChange(slug, "created", document.source))
            to_write.append((None, mapping))
            continue
        if topic.archived_at is not None:
            # a tutor took it off the site (or a prune did): an import does not bring it back
            changes.append(TopicChange(slug, "kept", document.source, kept_because="archived"))
            continue
        current = topic_to_mapping(topic)
        if current == mapping:
            changes.append(TopicChange(slug, "unchanged", document.source))
            continue
        sections = _changed_sections(current, mapping)
        # no baseline (made or uploaded in the admin) counts as edited: only the folder sets one
        edited = digest(current) != topic.imported_digest
        if edited and not overwrite:
            changes.append(TopicChange(slug, "kept", document.source, sections))
            continue
        leaving = leaving_records(Topic.objects.filter(pk=topic.pk), mapping)
        changes.append(
            TopicChange(
                slug,
                "updated",
                document.source,
                sections,
                leaving=leaving,
                deleted=delete_learners_work,
            )
        )
        to_write.append((topic, mapping))
    removed: list[str] = []
    if prune:
        removed = list(
            Topic.objects.live().exclude(slug__in=incoming).values_list("slug", flat=True)
        )
        for slug in removed:
            leaving = leaving_records(Topic.objects.filter(slug=slug), None)
            action = "deleted" if delete_learners_work else "archived"
            changes.append(TopicChange(slug, action, leaving=leaving, deleted=delete_learners_work))

    if not dry_run and (to_write or removed):
        with transaction.atomic(), content_signals_paused():
            for topic, mapping in to_write:
                written = _write_topic(
                    topic,
                    mapping,
                    sets_baseline=sets_baseline,
                    delete_learners_work=delete_learners_work,
                )
                search_index_topic(written)
            if removed:
                _remove_topics(
                    Topic.objects.filter(slug__in=removed),
                    delete_learners_work=delete_learners_work,
                )
            ContentVersion.bump()
    return ImportReport(
        changes=sorted(changes, key=lambda c: c.slug), warnings=warnings, dry_run=dry_run
    )


def _remove_topics(topics, *, delete_learners_work: bool) -> None:
    """Pruned topics: archived (off the site, records kept), or deleted only when confirmed."""
    if delete_learners_work:
        for section in sections():
            section.learners_work_delete(topics)
        topics.delete()
        return
    now = timezone.now()
    for topic in topics:
        topic.archived_at = now
        topic._change_reason = "import_content --prune: no file"
        topic.save()
        search_index_topic(topic)  # an archived topic has no search entries


def _write_topic(
    topic: Topic | None, mapping: dict, *, sets_baseline: bool, delete_learners_work: bool
) -> Topic:
    qualification_data = mapping["qualification"]
    body_data = qualification_data["awarding_body"]
    body, _ = AwardingBody.objects.update_or_create(
        slug=body_data["slug"], defaults={"name": body_data["name"]}
    )
    qualification, _ = Qualification.objects.update_or_create(
        slug=qualification_data["slug"],
        defaults={
            "title": qualification_data["title"],
            "awarding_body": body,
            "level": qualification_data["level"],
            "framework": qualification_data["framework"],
            "subject": qualification_data["subject"],
        },
    )
    topic = topic or Topic(slug=mapping["slug"])
    topic.title = mapping["title"]
    topic.kind = mapping["kind"]
    topic.unit = mapping.get("unit", "")
    topic.qualification = qualification
    topic.synopsis = mapping["synopsis"]
    topic.qualification_overview = mapping.get("qualification_overview", "")
    if sets_baseline:
        topic.imported_digest = digest(mapping)
    topic._change_reason = "import_content" if sets_baseline else "uploaded in the admin"
    topic.save()

    for part in PARTS:
        part.model.objects.filter(topic=topic).delete()
        part.model.objects.bulk_create(
            part.from_data(topic, position, data)
            for position, data in enumerate(mapping.get(part.key, []))
        )
    for section in sections():
        section.write(
            topic, mapping.get(section.key, []), delete_learners_work=delete_learners_work
        )
    return topic
