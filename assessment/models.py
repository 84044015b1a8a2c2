"""Quiz questions, their marking points and known-wrong ideas; learners' attempts and challenges."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from topics.models import AssessmentCriterion, Misconception, Topic


class CommandWord(models.TextChoices):
    IDENTIFY = "identify", "Identify"
    STATE = "state", "State"
    LIST = "list", "List"
    NAME = "name", "Name"
    OUTLINE = "outline", "Outline"
    DESCRIBE = "describe", "Describe"
    EXPLAIN = "explain", "Explain"
    ANALYSE = "analyse", "Analyse"
    EVALUATE = "evaluate", "Evaluate"
    COMPARE = "compare", "Compare"
    JUSTIFY = "justify", "Justify"
    DISCUSS = "discuss", "Discuss"
    ASSESS = "assess", "Assess"


class Depth(models.TextChoices):
    DEFAULT = "", "From the command word"
    IDENTIFY = "identify", "Identify: the term is enough"
    DESCRIBE = "describe", "Describe: more than a bare term"
    EXPLAIN = "explain", "Explain: needs a reason"


class QuestionQuerySet(models.QuerySet):
    def live(self) -> "QuestionQuerySet":
        """Questions learners see: neither they nor their topic archived."""
        return self.filter(archived_at__isnull=True, topic__archived_at__isnull=True)

    def with_learners_work_counts(self) -> "QuestionQuerySet":
        """Each question with `attempt_count`, `challenge_count` and `sample_count`: what a
        deletion would lose. Subqueries, so the three counts do not multiply each other's rows."""

        def count(model: type[models.Model], path: str) -> models.Func:
            rows = (
                model.objects.filter(**{path: models.OuterRef("pk")})
                .order_by()
                .values(path)
                .annotate(count=models.Count("pk"))
                .values("count")
            )
            return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)

        return self.annotate(
            attempt_count=count(Attempt, "question"),
            challenge_count=count(Challenge, "attempt__question"),
            sample_count=count(SampleAnswer, "question"),
        )

    def with_learners_work(self) -> "QuestionQuerySet":
        return self.filter(
            models.Exists(Attempt.objects.filter(question=models.OuterRef("pk")))
            | models.Exists(SampleAnswer.objects.filter(question=models.OuterRef("pk")))
        )

    def delete_with_learners_work(self) -> int:
        """Delete these questions with every attempt, challenge and sample on them. Only ever
        called after an explicit confirmation: the foreign keys PROTECT these records, so a plain
        delete() refuses, and this names what goes. Returns how many records went in all."""
        question_ids = list(self.values_list("pk", flat=True))
        deleted = 0
        for records in (
            Challenge.objects.filter(attempt__question_id__in=question_ids),
            Attempt.objects.filter(question_id__in=question_ids),
            SampleAnswer.objects.filter(question_id__in=question_ids),
            Question.objects.filter(pk__in=question_ids),
        ):
            deleted += records.delete()[0]
        return deleted


class Question(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=50, help_text="Unique within the topic, e.g. q1.")
    position = models.PositiveIntegerField(default=0, db_index=True)
    command_word = models.CharField(max_length=20, choices=CommandWord.choices)
    prompt = models.TextField()
    marks = models.PositiveSmallIntegerField(help_text="The question's maximum mark.")
    model_answer = models.TextField()
    criteria = models.ManyToManyField(
        AssessmentCriterion,
        related_name="questions",
        blank=True,
        help_text="The assessment criteria this question assesses.",
    )
    # The order the content file lists them in (a set has none), so that an export writes the
    # file back as its author wrote it; criteria added in the admin follow in the topic's order.
    assesses_order = models.JSONField(default=list, blank=True, editable=False)
    # one of assessment.scoring_methods.METHODS (the admin's form offers them; the importer checks)
    scoring_method = models.CharField(max_length=20, default="points")
    scoring_parameters = models.JSONField(
        default=dict,
        blank=True,
        help_text="Each method's parameters under its key, as the content format writes them: "
        '{"bands": [{"points": 4, "marks": 3}, ...]}.',
    )
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Left the quiz then (its id left the content, or a tutor archived it); "
        "learners' attempts, challenges and samples on it are kept.",
    )
    history = HistoricalRecords()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "key"], name="unique_question_key_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.topic.slug}/{self.key}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:quiz", kwargs={"slug": self.topic.slug})


class MarkingPoint(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="points")
    key = models.SlugField(max_length=50, help_text="Unique within the question.")
    position = models.PositiveIntegerField(default=0, db_index=True)
    text = models.TextField(help_text="The marking point in the examiner's words.")
    marks = models.PositiveSmallIntegerField(default=1)
    accept = models.JSONField(
        default=list, blank=True, help_text="Phrasings and synonyms that earn the point."
    )
    depth = models.CharField(max_length=10, choices=Depth.choices, blank=True, default="")
    needs_example = models.BooleanField(default=False, help_text="Needs a workplace example.")
    group = models.SlugField(max_length=50, blank=True, help_text="Used by rules scoring.")
    ideas = models.JSONField(
        default=list,
        blank=True,
        help_text='"At least N of these ideas": [{"label": "...", "accept": ["..."]}, ...]',
    )
    at_least = models.PositiveSmallIntegerField(null=True, blank=True)
    criteria = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the assessment criteria this point evidences, among those the question "
        "assesses; empty: all of the question's.",
    )
    hint = models.TextField(
        blank=True,
        help_text="The next step a learner who missed this point is shown, in their words, as an "
        "instruction: “Say what customer service is: meeting customers' needs and expectations.” "
        "Left empty, one is made from the point's text.",
    )
    learn = models.CharField(
        max_length=300,
        blank=True,
        help_text="The key concept or key term of the topic that teaches this point (its name); "
        "a learner who misses the point is linked there. Left empty, the closest one is linked.",
    )
    tip = models.SlugField(
        max_length=50,
        blank=True,
        help_text="The id of the topic's exam tip to show under this point when it is missed. "
        "Left empty, a tip is shown only when one clearly matches the point.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"], name="unique_point_key_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.text

    def criterion_keys(self) -> list[str]:
        """The criteria this point evidences: its own list, or else the question's (prefetch
        `question__criteria` when reading many points)."""
        return self.criteria or [criterion.key for criterion in self.question.criteria.all()]


class WrongIdea(models.Model):
    """A known-wrong statement examiners see; an answer asserting it is told the correction."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="wrong_ideas")
    key = models.SlugField(max_length=80)
    position = models.PositiveIntegerField(default=0, db_index=True)
    misconception = models.ForeignKey(
        Misconception,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wrong_ideas",
        help_text="Take the statement and correction from the topic's misconception.",
    )
    statement = models.TextField(blank=True)
    correction = models.TextField(blank=True)
    accept = models.JSONField(default=list, blank=True, help_text="How a learner asserts it.")
    contradicts = models.JSONField(
        default=list, blank=True, help_text="Ids of the marking points it contradicts."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"], name="unique_wrong_idea_key_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.statement or (self.misconception.statement if self.misconception else self.key)


class Attempt(models.Model):
    """One learner's answer to one question, stored against their session and nothing else."""

    session_key = models.CharField(max_length=64, db_index=True)
    # PROTECT: learners' records never go with a question by accident (see delete_with_learners_work)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempts")
    answer = models.TextField()
    mark = models.PositiveSmallIntegerField()
    max_marks = models.PositiveSmallIntegerField()
    result = models.JSONField(help_text="Per-point verdicts and evidence as the marker gave them.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # sha256 of the form's one-off submission value and the answer: the same answer sent twice
    # from one form is one attempt; an edited answer sent from it is a new one. Empty without one.
    # A database default, so a container still on the previous release can go on inserting
    # attempts during a rolling upgrade. (assessment.submissions makes the digest.)
    submission = models.CharField(max_length=64, blank=True, db_default="", editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session_key", "question", "submission"],
                condition=~models.Q(submission=""),
                name="attempt_once_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question} {self.mark}/{self.max_marks}"


class CheckAnswer(models.Model):
    """A learner's answer to one true-or-false check of the quiz, against their session only.

    The statement is named by the misconception's id and which side was shown (`statement_key`,
    as "complaints-negative:statement" or "complaints-negative:correction"): misconceptions are
    written again at every import, so a foreign key to one would not last."""

    session_key = models.CharField(max_length=64, db_index=True)
    # a confirmed deletion of a topic goes with its learners' records (as its questions' attempts)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="check_answers")
    statement_key = models.CharField(max_length=100)
    statement_is_true = models.BooleanField()
    chose_true = models.BooleanField(help_text="The learner's choice: true or false.")
    correct = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.topic} {self.statement_key}: {'right' if self.correct else 'wrong'}"


class Challenge(models.Model):
    """A learner's "I think I earned this" on a missed marking point, waiting for a tutor."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a tutor"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, related_name="challenges")
    point_key = models.SlugField(max_length=50)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The tutor who accepted or rejected it.",
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "point_key"], name="one_challenge_per_point")
        ]

    def __str__(self) -> str:
        return f"{self.attempt.question} {self.point_key} ({self.status})"


class SampleAnswer(models.Model):
    """A sample answer with the mark a tutor expects, to check the marker against."""

    class Source(models.TextChoices):
        TUTOR = "tutor", "Written by a tutor"
        CHALLENGE = "challenge", "From a learner's challenge"

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="samples")
    answer = models.TextField()
    expected_mark = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.TUTOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.question}: expects {self.expected_mark}"


class RateCounter(models.Model):
    """How many answers one session or address posted in one minute (see assessment.ratelimit)."""

    key = models.CharField(max_length=64, unique=True)
    window = models.PositiveBigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
