"""A learner's review cards (scheduled with FSRS) and the codes that carry progress to a device.

Like attempts, both belong to a session key and nothing else: no account, no name.
"""

from django.db import models

from assessment.models import Question
from topics.models import Topic


class ReviewCardQuerySet(models.QuerySet):
    def for_session(self, session_key: str | None) -> "ReviewCardQuerySet":
        """The learner's cards on content still on the site."""
        return self.filter(session_key=session_key or "", topic__archived_at__isnull=True).filter(
            models.Q(question__isnull=True) | models.Q(question__archived_at__isnull=True)
        )

    def due(self, now) -> "ReviewCardQuerySet":
        return self.filter(due__lte=now).order_by("due", "id")


class ReviewCard(models.Model):
    """Something the learner is to recall again: a marking point they missed, or a key term they
    chose to practise (each direction a card of its own, as Anki's "basic and reversed")."""

    class Kind(models.TextChoices):
        POINT = "point", "Marking point"
        TERM = "term", "Key term"
        CHECK = "check", "True-or-false check"

    session_key = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    # a point card: the question and the point's key (points are rewritten by an import, keys stay)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    point_key = models.SlugField(max_length=50, blank=True)
    # a key-term card: the term's words (key terms are rewritten by an import, their words stay)
    term = models.CharField(max_length=300, blank=True)
    reverse = models.BooleanField(default=False, help_text="Definition → term.")
    # a check card: which statement the learner judged wrongly (CheckAnswer.statement_key,
    # "misconception-id:statement" or ":correction"; misconceptions are rewritten by an import)
    statement_key = models.CharField(max_length=100, blank=True)
    # FSRS memory state (fsrs.Card's fields)
    state = models.PositiveSmallIntegerField(default=1)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["session_key", "due"], name="card_session_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["session_key", "question", "point_key"],
                condition=models.Q(kind="point"),
                name="one_card_per_point",
            ),
            models.UniqueConstraint(
                fields=["session_key", "topic", "term", "reverse"],
                condition=models.Q(kind="term"),
                name="one_card_per_term_direction",
            ),
            models.UniqueConstraint(
                fields=["session_key", "topic", "statement_key"],
                condition=models.Q(kind="check"),
                name="one_card_per_check_statement",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.TERM:
            return f"{self.topic.slug}: {self.term}{' (reversed)' if self.reverse else ''}"
        if self.kind == self.Kind.CHECK:
            return f"{self.topic.slug}: {self.statement_key}"
        return f"{self.question}: {self.point_key}"


class ProgressCode(models.Model):
    """A code that opens this session's progress on another device. Only its digest is stored:
    the code is shown once, when made."""

    session_key = models.CharField(max_length=64, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"progress code made {self.created_at:%Y-%m-%d}"
