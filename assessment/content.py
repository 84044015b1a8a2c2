"""The `questions:` block of a topic file: its canonical form, checks, export and import.

Registered with topics.content_registry (AssessmentConfig.ready), so that the topic importer,
exporter and admin handle questions without topics importing this app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Least
from django.utils import timezone

from assessment.models import MarkingPoint, Question, WrongIdea
from assessment.phrasing import phrasing_error
from assessment.scoring_methods import scoring_method, scoring_problems, scoring_schema
from assessment.text import data_lines
from topics.content_format import ContentError, Document, duplicates, field_name
from topics.content_registry import LeavingRecord, TopicSection
from topics.models import AssessmentCriterion, Misconception, Topic
from topics.selectors import count_per_topic
from topics.serialization import ordered

EXAMPLE_WORDS_FILE = "example-words.txt"
QUESTION_KEYS = (
    "id",
    "command_word",
    "prompt",
    "marks",
    "assesses",
    "model_answer",
    "points",
    "scoring",
    "wrong_ideas",
)
POINT_KEYS = (
    "id",
    "text",
    "marks",
    "accept",
    "depth",
    "example",
    "group",
    "ideas",
    "at_least",
    "criteria",
    "hint",
    "learn",
    "tip",
)
WRONG_IDEA_KEYS = ("id", "misconception", "statement", "correction", "accept", "contradicts")
POINT_DEFAULTS = {
    "marks": 1,
    "accept": [],
    "depth": "",
    "example": False,
    "group": "",
    "criteria": [],
    # the point's feedback: empty means made from the point (see assessment.feedback)
    "hint": "",
    "learn": "",
    "tip": "",
}
WRONG_IDEA_DEFAULTS = {
    "misconception": None,
    "statement": "",
    "correction": "",
    "accept": [],
    "contradicts": [],
}


def content_example_words() -> tuple[str, ...]:
    """The content's words for where examples happen (CONTENT_DIR/example-words.txt; none if the
    content has no such file): the marking engine knows no subject's places of its own."""
    return example_words_in(Path(settings.CONTENT_DIR) / EXAMPLE_WORDS_FILE)


@cache
def example_words_in(path: Path) -> tuple[str, ...]:
    if not path.is_file():
        return ()
    return tuple(sorted({word for line in data_lines(path) for word in line.split()}))


# --- the canonical form --------------------------------------------------------------------


def canonical_question(question: Mapping[str, Any]) -> dict:
    question = dict(question)
    question["points"] = [
        ordered(point, POINT_KEYS, POINT_DEFAULTS) for point in question.get("points", [])
    ]
    question["wrong_ideas"] = [
        ordered(wrong, WRONG_IDEA_KEYS, WRONG_IDEA_DEFAULTS)
        for wrong in question.get("wrong_ideas", [])
    ]
    return ordered(question, QUESTION_KEYS, {"scoring": {"method": "points"}, "wrong_ideas": []})


def questions_canonical(questions: list, topic: Mapping[str, Any]) -> list:
    # `assesses` keeps its author's order: export then import gives the file back as it was
    return [canonical_question(q) for q in questions]


def assesses_in_order(question: Question) -> list[str]:
    """The question's criteria in the order its content file gave them, then any added since."""
    keys = [criterion.key for criterion in question.criteria.all()]
    written = {key: i for i, key in enumerate(question.assesses_order or [])}
    return sorted(keys, key=lambda key: (key not in written, written.get(key, 0)))


def question_to_mapping(question: Question) -> dict:
    # Keys in the content format's order: PostgreSQL's jsonb keeps an object's keys in an order
    # of its own, so the stored parameters are laid out again by their method.
    method = scoring_method(question.scoring_method)
    scoring: dict[str, Any] = {"method": question.scoring_method}
    if method.parameters_key:
        stored = question.scoring_parameters.get(method.parameters_key, [])
        scoring[method.parameters_key] = method.parameters_data(stored)
    points = []
    for point in question.points.all():
        entry = {
            "id": point.key,
            "text": point.text,
            "marks": point.marks,
            "accept": point.accept,
            "depth": point.depth,
            "example": point.needs_example,
            "group": point.group,
            "criteria": point.criteria,
            "hint": point.hint,
            "learn": point.learn,
            "tip": point.tip,
        }
        if point.ideas:
            entry["ideas"] = point.ideas
            entry["at_least"] = point.at_least
        points.append(entry)
    return canonical_question(
        {
            "id": question.key,
            "command_word": question.command_word,
            "prompt": question.prompt,
            "marks": question.marks,
            "assesses": assesses_in_order(question),
            "model_answer": question.model_answer,
            "points": points,
            "scoring": scoring,
            "wrong_ideas": [
                {
                    "id": wrong.key,
                    "misconception": wrong.misconception.key if wrong.misconception else None,
                    "statement": wrong.statement,
                    "correction": wrong.correction,
                    "accept": wrong.accept,
                    "contradicts": wrong.contradicts,
                }
                for wrong in question.wrong_ideas.all()
            ],
        }
    )


def questions_export(topic: Topic) -> list:
    # an archived question has left the content: it is kept for its learners' records only
    return [
        question_to_mapping(question)
        for question in topic.questions.all()
        if question.archived_at is None
    ]


# --- the checks ----------------------------------------------------------------------------


def _phrasings(question: Mapping[str, Any]) -> Iterable[tuple[list, str]]:
    """Every accepted phrasing of a question, with its path: points, their ideas, wrong ideas."""
    for p_index, point in enumerate(question.get("points", [])):
        for a_index, text in enumerate(point.get("accept") or []):
            yield ["points", p_index, "accept", a_index], str(text)
        for i_index, idea in enumerate(point.get("ideas") or []):
            for a_index, text in enumerate(idea.get("accept") or []):
                yield ["points", p_index, "ideas", i_index, "accept", a_index], str(text)
    for w_index, wrong in enumerate(question.get("wrong_ideas") or []):
        for a_index, text in enumerate(wrong.get("accept") or []):
            yield ["wrong_ideas", w_index, "accept", a_index], str(text)


def questions_check(document: Document) -> tuple[list[ContentError], list[ContentError]]:
    """What a schema cannot say about a topic's questions. Returns (errors, warnings)."""
    data, source = document.data, document.source
    errors: list[ContentError] = []
    warnings: list[ContentError] = []

    def error(path: list, message: str) -> None:
        errors.append(ContentError(source, document.line_of(path), field_name(path), message))

    criteria = data.get("assessment_criteria", [])
    questions = data.get("questions", [])
    for index, value in duplicates(questions, "id"):
        error(["questions", index, "id"], f"the question id '{value}' is used twice in this topic.")

    criterion_ids = {c["id"] for c in criteria}
    misconception_ids = {m["id"] for m in data.get("misconceptions", [])}
    tip_ids = {t["id"] for t in data.get("tips", []) if "id" in t}
    teaching_names = {
        *(c["name"].strip().lower() for c in data.get("key_concepts", [])),
        *(k["term"].strip().lower() for k in data.get("key_terms", [])),
    }
    assessed: set[str] = set()
    for q_index, question in enumerate(questions):
        where = ["questions", q_index]
        points = question.get("points", [])
        point_ids = {p["id"] for p in points}
        for index, value in duplicates(points, "id"):
            error(
                [*where, "points", index, "id"],
                f"the point id '{value}' is used twice in this question.",
            )
        for index, value in duplicates(question.get("wrong_ideas", []), "id"):
            error(
                [*where, "wrong_ideas", index, "id"],
                f"the wrong idea id '{value}' is used twice in this question.",
            )
        for index, criterion in enumerate(question.get("assesses", [])):
            if criterion not in criterion_ids:
                error(
                    [*where, "assesses", index],
                    f"'{criterion}' is not one of this topic's assessment criteria "
                    f"({', '.join(sorted(criterion_ids))}).",
                )
            assessed.add(criterion)
        for w_index, wrong in enumerate(question.get("wrong_ideas", [])):
            ref = wrong.get("misconception")
            if ref is not None and ref not in misconception_ids:
                error(
                    [*where, "wrong_ideas", w_index, "misconception"],
                    f"'{ref}' is not one of this topic's misconceptions "
                    f"({', '.join(sorted(misconception_ids)) or 'it has none'}).",
                )
            for c_index, point in enumerate(wrong.get("contradicts", [])):
                if point not in point_ids:
                    error(
                        [*where, "wrong_ideas", w_index, "contradicts", c_index],
                        f"'{point}' is not one of this question's marking points ({', '.join(sorted(point_ids))}).",
                    )
        for path, phrasing in _phrasings(question):
            problem = phrasing_error(phrasing)
            if problem:
                error([*where, *path], problem)
        assesses = set(question.get("assesses", []))
        for p_index, point in enumerate(points):
            for c_index, criterion in enumerate(point.get("criteria", [])):
                if criterion not in assesses:
                    error(
                        [*where, "points", p_index, "criteria", c_index],
                        f"'{criterion}' is not one of the criteria this question assesses "
                        f"({', '.join(sorted(assesses))}).",
                    )
            if point.get("tip") and point["tip"] not in tip_ids:
                error(
                    [*where, "points", p_index, "tip"],
                    f"'{point['tip']}' is not the id of one of this topic's tips "
                    f"({', '.join(sorted(tip_ids)) or 'none has an id'}).",
                )
            if point.get("learn") and point["learn"].strip().lower() not in teaching_names:
                error(
                    [*where, "points", p_index, "learn"],
                    f"'{point['learn']}' is not the name of one of this topic's key concepts or "
                    "key terms.",
                )
            ideas = point.get("ideas")
            if ideas and point.get("at_least", 0) > len(ideas):
                error(
                    [*where, "points", p_index, "at_least"],
                    f"asks for at least {point['at_least']} ideas but lists only {len(ideas)}.",
                )
        for path, problem in scoring_problems(question):
            error([*where, *path], problem)
    if questions:
        for index, criterion in enumerate(criteria):
            if criterion["id"] not in assessed:
                warnings.append(
                    ContentError(
                        source,
                        document.line_of(["assessment_criteria", index]),
                        field_name(["assessment_criteria", index]),
                        f"no question assesses the criterion '{criterion['id']}' yet.",
                    )
                )
    return errors, warnings


# --- the import ----------------------------------------------------------------------------


def questions_leaving(topics: QuerySet[Topic], questions: list | None) -> list[LeavingRecord]:
    """The topics' questions that leave the quiz: the live ones not in the new `questions`
    block, or every one when the topics go (None)."""
    leaving = Question.objects.filter(topic__in=topics)
    if questions is not None:
        leaving = leaving.live().exclude(key__in=[question["id"] for question in questions])
    return learners_work_of(leaving)


def learners_work_of(questions: QuerySet[Question]) -> list[LeavingRecord]:
    """Each question with the learners' and tutors' records on it (what a deletion would lose)."""
    return [
        LeavingRecord(q.key, q.attempt_count, q.challenge_count, q.sample_count)
        for q in questions.with_learners_work_counts().order_by("topic__slug", "position", "id")
    ]


def questions_learners_work_delete(topics: QuerySet[Topic]) -> None:
    Question.objects.filter(topic__in=topics).delete_with_learners_work()


def questions_write(topic: Topic, questions: list[dict], *, delete_learners_work: bool) -> None:
    """Questions keep their rows (learners' attempts point at them); points and wrong ideas are
    written afresh, since attempts keep their verdicts by point id.

    A question whose id left the file is archived with its points (a tutor reviewing its
    challenges still needs them), or deleted with its records when that was confirmed. One whose
    id comes back is restored."""
    criteria = {c.key: c for c in AssessmentCriterion.objects.filter(topic=topic)}
    misconceptions = {m.key: m for m in Misconception.objects.filter(topic=topic)}
    kept = {q["id"] for q in questions}
    leaving = Question.objects.filter(topic=topic, archived_at__isnull=True).exclude(key__in=kept)
    if delete_learners_work:
        leaving.delete_with_learners_work()
    else:
        for question in leaving:
            question.archived_at = timezone.now()
            question._change_reason = "import_content: its id left the content"
            question.save()
    existing = {q.key: q for q in Question.objects.filter(topic=topic)}
    MarkingPoint.objects.filter(question__topic=topic, question__key__in=kept).delete()
    WrongIdea.objects.filter(question__topic=topic, question__key__in=kept).delete()
    points: list[MarkingPoint] = []
    wrong_ideas: list[WrongIdea] = []
    for position, data in enumerate(questions):
        question = existing.get(data["id"]) or Question(topic=topic, key=data["id"])
        scoring = data.get("scoring", {"method": "points"})
        question.position = position
        question.command_word = data["command_word"]
        question.prompt = data["prompt"]
        question.marks = data["marks"]
        question.model_answer = data["model_answer"]
        question.scoring_method = scoring["method"]
        question.scoring_parameters = {k: v for k, v in scoring.items() if k != "method"}
        question.assesses_order = list(data["assesses"])
        question.archived_at = None  # its id is in the content again
        question.save()
        question.criteria.set([criteria[key] for key in data["assesses"]])
        points.extend(
            MarkingPoint(
                question=question,
                key=p["id"],
                position=i,
                text=p["text"],
                marks=p.get("marks", 1),
                accept=p.get("accept", []),
                depth=p.get("depth", ""),
                needs_example=p.get("example", False),
                group=p.get("group", ""),
                ideas=p.get("ideas", []),
                at_least=p.get("at_least"),
                criteria=p.get("criteria", []),
                hint=p.get("hint", ""),
                learn=p.get("learn", ""),
                tip=p.get("tip", ""),
            )
            for i, p in enumerate(data["points"])
        )
        wrong_ideas.extend(
            WrongIdea(
                question=question,
                key=w["id"],
                position=i,
                misconception=misconceptions.get(w["misconception"])
                if w.get("misconception")
                else None,
                statement=w.get("statement", ""),
                correction=w.get("correction", ""),
                accept=w.get("accept", []),
                contradicts=w.get("contradicts", []),
            )
            for i, w in enumerate(data.get("wrong_ideas", []))
        )
    MarkingPoint.objects.bulk_create(points)
    WrongIdea.objects.bulk_create(wrong_ideas)


# --- the pages -----------------------------------------------------------------------------


def listing_counts() -> dict:
    # archived questions are off the quiz: they are not counted
    questions = count_per_topic(Question, archived_at__isnull=True)
    return {
        "question_count": questions,
        # a round of the quiz asks a few of them (assessment.drawing)
        "round_question_count": Least(questions, Value(settings.QUIZ_ROUND_QUESTIONS)),
        # the quiz asks a true-or-false check for each misconception: counted as the quiz does
        "check_count": count_per_topic(Misconception),
        "point_count": count_per_topic(
            MarkingPoint, "question__topic", question__archived_at__isnull=True
        ),
    }


def quiz_exists() -> Exists:
    return Exists(Question.objects.filter(topic=OuterRef("pk"), archived_at__isnull=True))


def questions_schema(schema: dict) -> dict:
    """The topic file's schema with the `scoring:` block of a question as the methods say."""
    question = schema["properties"]["questions"]["items"]
    question["properties"]["scoring"] = scoring_schema()
    return schema


QUESTIONS = TopicSection(
    key="questions",
    prefetch=(
        "questions__criteria",
        "questions__points",
        "questions__wrong_ideas__misconception",
    ),
    canonical=questions_canonical,
    export=questions_export,
    check=questions_check,
    schema=questions_schema,
    write=questions_write,
    leaving=questions_leaving,
    learners_work_delete=questions_learners_work_delete,
    listing_counts=listing_counts,
    quiz_exists=quiz_exists,
    changed_models=(Question, MarkingPoint),
    admin_inlines=("assessment.admin.QuestionOrderInline",),
    prose_fields=("model_answer",),
)
