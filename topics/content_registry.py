"""The parts of a topic file that other apps own, so that topics never imports those apps.

topics reads, checks, writes and exports a topic's own parts. An app that keeps its own data in a
topic file (assessment: the `questions:` block) describes that block with a `TopicSection` and
registers it from its `AppConfig.ready()`. The importer, the exporter, the checks, the admin, the
change signals and the pages then ask this registry for it. Sections run in the order they were
registered, which is the order of INSTALLED_APPS, and their keys follow the topic's own keys in a
file.

Learners' work (attempts, challenges, sample answers) hangs off a section's records; the hooks that
name it (`leaving`, `learners_work_delete`) are how the importer and the admin keep the rule that
nothing a learner or tutor made goes without an explicit confirmation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Expression, Model, QuerySet

    from topics.content_format import ContentError, Document
    from topics.models import Topic


@dataclass(frozen=True)
class LeavingRecord:
    """One record of a section (a question) that leaves the site, with learners' work on it."""

    key: str
    attempts: int
    challenges: int
    samples: int

    def describe(self, *, topic_slug: str, deleted: bool) -> str:
        records = (
            f"{self.attempts} attempt(s), {self.challenges} challenge(s), "
            f"{self.samples} sample answer(s)"
        )
        if deleted:
            return f"{topic_slug}/{self.key}: deleted with {records}"
        return f"{topic_slug}/{self.key}: archived, keeping {records}"


@dataclass(frozen=True)
class TopicSection:
    """One block of a topic file owned by another app, and what topics may ask of it."""

    key: str  # the block's key in the file, e.g. "questions"
    # lookups that `Topic.objects.with_parts()` prefetches for `export`
    prefetch: tuple[str, ...]
    # (block as read, the whole topic mapping) -> the block in its canonical form
    canonical: Callable[[list, Mapping[str, Any]], list]
    # a topic (fetched with_parts) -> its block, canonical
    export: Callable[[Topic], list]
    # the rules a schema cannot say about the block: (errors, warnings)
    check: Callable[[Document], tuple[list[ContentError], list[ContentError]]]
    # the topic file's JSON schema (a copy of content/schema.json) -> with this block's parts as
    # this app defines them
    schema: Callable[[dict], dict]
    # write the (checked, canonical) block for a topic; archive what left it unless confirmed
    write: Callable[..., None]
    # (topics, the new block) -> the records that leave: the live ones the block no longer holds,
    # or every one when the block is None (the topics themselves go)
    leaving: Callable[[QuerySet[Topic], list | None], list[LeavingRecord]]
    # delete the topics' records with learners' work on them: only after a confirmation
    learners_work_delete: Callable[[QuerySet[Topic]], None]
    # the home page's counts of a topic (OuterRef("pk") is the topic), by annotation name
    listing_counts: Callable[[], dict[str, Expression]]
    # whether the topic (OuterRef("pk")) has a quiz from this section
    quiz_exists: Callable[[], Expression]
    # models whose saves change the pages (they bump the content generation)
    changed_models: tuple[type[Model], ...] = ()
    # admin inlines shown on the topic's page, as dotted paths (admin modules load after ready())
    admin_inlines: tuple[str, ...] = ()
    # fields of each item written as a block of prose in an exported file
    prose_fields: tuple[str, ...] = ()


_sections: dict[str, TopicSection] = {}


def section_register(section: TopicSection) -> None:
    """Register a block (idempotent: a second registration under a key replaces the first)."""
    from topics.signals import content_models_watch

    _sections[section.key] = section
    content_models_watch(section.changed_models)


def sections() -> tuple[TopicSection, ...]:
    return tuple(_sections.values())
