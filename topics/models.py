"""Content: awarding bodies, qualifications, topics and the parts of a topic in source order."""

import html

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from topics.content_registry import sections
from topics.markdown import render_markdown


class AwardingBody(models.Model):
    slug = models.SlugField(unique=True, max_length=100)
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "awarding bodies"

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    slug = models.SlugField(unique=True, max_length=100)
    title = models.CharField(max_length=300)
    awarding_body = models.ForeignKey(
        AwardingBody, on_delete=models.PROTECT, related_name="qualifications"
    )
    level = models.PositiveSmallIntegerField(default=2)
    framework = models.CharField(max_length=100, help_text="For example QCF or RQF.")
    subject = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["awarding_body__name", "title"]

    def __str__(self) -> str:
        return self.title


class TopicQuerySet(models.QuerySet):
    def live(self) -> "TopicQuerySet":
        """Topics on the site: not archived (an archived topic keeps its learners' records)."""
        return self.filter(archived_at__isnull=True)

    def with_parts(self) -> "TopicQuerySet":
        """Topics with every part, in a fixed number of queries however many topics there are."""
        from topics.parts import PARTS  # the parts are described after their models

        return self.select_related("qualification__awarding_body").prefetch_related(
            *(part.key for part in PARTS),
            *(lookup for section in sections() for lookup in section.prefetch),
        )


TOPIC_TONES = 6  # the stylesheet's .tone-0 ... .tone-5


class Topic(models.Model):
    class Kind(models.TextChoices):
        ELEMENT = "element", "Element"
        SUBTOPIC = "subtopic", "Subtopic"

    slug = models.SlugField(unique=True, max_length=100)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    unit = models.SlugField(
        blank=True,
        max_length=100,
        help_text="Topics of different awarding bodies that are the same unit share this key.",
    )
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="topics"
    )
    synopsis = models.TextField(help_text="Markdown.")
    synopsis_html = models.TextField(editable=False, default="")
    qualification_overview = models.TextField(
        blank=True, help_text="Markdown: what this document says of its qualification."
    )
    qualification_overview_html = models.TextField(editable=False, default="")
    imported_digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Digest of the content as last imported, to tell a tutor's edit from an import.",
    )
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Off the site since then; its questions and learners' records are kept.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["qualification__awarding_body__name", "qualification__title", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.synopsis_html = render_markdown(self.synopsis)
        self.qualification_overview_html = render_markdown(self.qualification_overview)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("topics:detail", kwargs={"slug": self.slug})

    @property
    def tone(self) -> int:
        """Which of the stylesheet's topic colours (.tone-0 to .tone-5) marks this topic: fixed by
        its id, so a topic keeps its colour on every page and after an edit."""
        return (self.pk or 0) % TOPIC_TONES

    @property
    def one_line_synopsis(self) -> str:
        """The synopsis's first sentence as plain text (markdown rendered, then tags dropped)."""
        text = html.unescape(strip_tags(self.synopsis_html)).strip()
        return text.split(". ")[0].rstrip(".") + "." if text else ""


class TopicPart(models.Model):
    """A part of a topic shown in source order; `position` keeps that order."""

    position = models.PositiveIntegerField(default=0, db_index=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class LearningOutcome(TopicPart):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="learning_outcomes")
    text = models.TextField()

    class Meta(TopicPart.Meta):
        pass

    def __str__(self) -> str:
        return self.text


class AssessmentCriterion(TopicPart):
    """What examiners award credit for."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="assessment_criteria")
    key = models.SlugField(max_length=50, help_text="Questions refer to the criterion by this id.")
    text = models.TextField()

    class Meta(TopicPart.Meta):
        verbose_name_plural = "assessment criteria"
        constraints = [
            models.UniqueConstraint(fields=["topic", "key"], name="unique_criterion_key_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text}"


class KeyConcept(TopicPart):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="key_concepts")
    name = models.CharField(max_length=300)
    description = models.TextField()

    class Meta(TopicPart.Meta):
        pass

    def __str__(self) -> str:
        return self.name


class Tip(TopicPart):
    class Scope(models.TextChoices):
        TOPIC = "topic", "Specific to this topic"
        QUALIFICATION = "qualification", "Qualification-wide"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tips")
    key = models.SlugField(
        max_length=50,
        blank=True,
        help_text="Optional: marking points name this id to show the tip when they are missed.",
    )
    text = models.TextField()
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.TOPIC)

    class Meta(TopicPart.Meta):
        verbose_name = "exam tip"

    def __str__(self) -> str:
        return self.text


class Mistake(TopicPart):
    """A common mistake specific to the topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="mistakes")
    text = models.TextField()

    class Meta(TopicPart.Meta):
        verbose_name = "common mistake"

    def __str__(self) -> str:
        return self.text


class Misconception(TopicPart):
    """A qualification-wide misconception, with the correction kept apart from the statement."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="misconceptions")
    key = models.SlugField(max_length=80)
    statement = models.TextField()
    correction = models.TextField()

    class Meta(TopicPart.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "key"], name="unique_misconception_key_per_topic"
            )
        ]

    def __str__(self) -> str:
        return self.statement


class Prerequisite(TopicPart):
    """What to know before starting."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="prerequisites")
    text = models.TextField()

    class Meta(TopicPart.Meta):
        pass

    def __str__(self) -> str:
        return self.text


def term_page_anchor(term: str) -> str:
    return f"term-{slugify(term)}"


class KeyTerm(TopicPart):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="key_terms")
    term = models.CharField(max_length=300)
    definition = models.TextField()

    class Meta(TopicPart.Meta):
        pass

    def __str__(self) -> str:
        return self.term

    @property
    def glossary_anchor(self) -> str:
        """The term's entry in the glossary: one entry for a term several topics define."""
        return slugify(self.term)

    @property
    def page_anchor(self) -> str:
        """The term's own place on its topic's page (search results link there)."""
        return term_page_anchor(self.term)


class ContentVersion(models.Model):
    """One row whose number goes up whenever any content changes (a tutor's save or an import).

    Every app process checks it (one indexed read) to key its page cache and the pages' ETags, so
    a change made through one process is seen by all of them at once.
    """

    generation = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"content generation {self.generation}"

    @classmethod
    def current(cls) -> "ContentVersion":
        version = cls.objects.filter(pk=1).first()
        return version or cls(pk=1, generation=0)

    @classmethod
    def bump(cls) -> None:
        updated = cls.objects.filter(pk=1).update(
            generation=models.F("generation") + 1, changed_at=timezone.now()
        )
        if not updated:
            cls.objects.get_or_create(pk=1)
        from topics.caching import forget_content_stamp

        forget_content_stamp()


class SearchEntry(models.Model):
    """One searchable piece of a topic (its title, an outcome, a tip...). SQLite searches these
    through an FTS5 index kept in step by triggers; PostgreSQL through its own text search."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="search_entries")
    part = models.CharField(max_length=50)
    anchor = models.CharField(max_length=100, blank=True)
    body = models.TextField()

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.topic.slug} {self.part}"
