"""Reads for the learner's pages, each a fixed number of queries whatever the size of the content.

The pages need a topic's parts but not its questions' marking points and wrong ideas (which
`TopicQuerySet.with_parts` also fetches, for the importer and exporter): they only ask whether a
topic has a quiz, and how many questions and marking points it holds. Counts are correlated
subqueries, not `Count()` over joins, so a topic with many outcomes and many points does not
multiply rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from topics.content_registry import sections
from topics.models import (
    KeyTerm,
    LearningOutcome,
    Misconception,
    Topic,
    term_page_anchor,
)
from topics.parts import PARTS

# every part of a topic a learner reads (topics.parts): a new kind of part is fetched with the rest
PAGE_PARTS = tuple(part.key for part in PARTS)


def count_per_topic(model: type[Model], topic_path: str = "topic", **only: object) -> Coalesce:
    rows = (
        model.objects.filter(**{topic_path: OuterRef("pk")}, **only)
        .order_by()
        .values(topic_path)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _has_quiz() -> ExpressionWrapper:
    """The quiz asks each question and a true-or-false check for each misconception."""
    quiz = Q(Exists(Misconception.objects.filter(topic=OuterRef("pk"))))
    for section in sections():
        quiz |= Q(section.quiz_exists())
    return ExpressionWrapper(quiz, output_field=BooleanField())


def topics_for_listing() -> QuerySet[Topic]:
    """Topics with what the home page shows of each, in one query."""
    return (
        Topic.objects.live()
        .select_related("qualification__awarding_body")
        .defer("qualification_overview", "qualification_overview_html", "synopsis")
        .annotate(
            outcome_count=count_per_topic(LearningOutcome),
            **{
                name: count
                for section in sections()
                for name, count in section.listing_counts().items()
            },
            has_quiz=_has_quiz(),
        )
    )


def topics_for_pages() -> QuerySet[Topic]:
    """Topics with every part a learner reads: one query per kind of part, however many."""
    return (
        Topic.objects.live()
        .select_related("qualification__awarding_body")
        .prefetch_related(*PAGE_PARTS)
        .annotate(has_quiz=_has_quiz())
    )


def topics_same_unit(topic: Topic) -> list[Topic]:
    """The same unit from other awarding bodies (one query; none when the topic has no unit)."""
    if not topic.unit:
        return []
    return list(
        Topic.objects.live()
        .select_related("qualification__awarding_body")
        .filter(unit=topic.unit)
        .exclude(pk=topic.pk)
        .order_by("qualification__awarding_body__name", "title")
    )


@dataclass
class GlossaryEntry:
    """One term as the glossary lists it: awarding bodies that define the same term share the
    entry, each wording once, with the topics that give it."""

    term: str
    anchor: str
    definitions: list[tuple[str, list[Topic]]] = field(default_factory=list)

    @property
    def page_anchor(self) -> str:
        """The term's own place on each topic page that defines it."""
        return term_page_anchor(self.term)


def glossary_entries() -> list[GlossaryEntry]:
    """Every key term once, alphabetical whatever its case (one query)."""
    entries: dict[str, GlossaryEntry] = {}
    for key_term in glossary_terms():
        entry = entries.setdefault(
            key_term.term.casefold(),
            GlossaryEntry(term=key_term.term, anchor=key_term.glossary_anchor),
        )
        wording = " ".join(key_term.definition.split())
        for definition, topics in entry.definitions:
            if definition.casefold() == wording.casefold():
                topics.append(key_term.topic)
                break
        else:
            entry.definitions.append((wording, [key_term.topic]))
    return list(entries.values())


def glossary_terms() -> list[KeyTerm]:
    """Every key term, alphabetical whatever its case, then by the title of its topic."""
    terms = (
        KeyTerm.objects.filter(topic__archived_at__isnull=True)
        .select_related("topic__qualification__awarding_body")
        .only(
            "term",
            "definition",
            "topic__slug",
            "topic__title",
            "topic__qualification__awarding_body__name",
        )
    )
    return sorted(terms, key=lambda term: (term.term.casefold(), term.topic.title))
