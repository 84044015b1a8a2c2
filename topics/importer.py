"""Import content files into the database, and turn topics back into the same mappings.

`topic_to_mapping` and `canonical_topic` give one canonical form of a topic, whether it came from a
file or from the database: the importer compares the two to say what changed, the exporter writes it,
and its digest tells a tutor's edit in the admin from the content as last imported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessment.models import MarkingPoint, Question, WrongIdea
from topics.content_format import (
    ContentError,
    ContentInvalid,
    Document,
    check_documents,
    content_paths,
    read_document,
)
from topics.models import (
    AssessmentCriterion,
    AwardingBody,
    ContentVersion,
    KeyConcept,
    KeyTerm,
    LearningOutcome,
    Misconception,
    Mistake,
    Prerequisite,
    Qualification,
    Tip,
    Topic,
)
from topics.search import search_index_topic
from topics.signals import content_signals_paused

TOPIC_KEYS = (
    "slug",
    "title",
    "kind",
    "unit",
    "qualification",
    "synopsis",
    "qualification_overview",
    "learning_outcomes",
    "key_concepts",
    "assessment_criteria",
    "tips",
    "mistakes",
    "misconceptions",
    "prerequisites",
    "key_terms",
    "questions",
)
QUALIFICATION_KEYS = ("slug", "title", "level", "framework", "subject", "awarding_body")
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
)
WRONG_IDEA_KEYS = ("id", "misconception", "statement", "correction", "accept", "contradicts")


# --- the canonical form --------------------------------------------------------------------


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def _ordered(mapping: Mapping[str, Any], keys: Iterable[str], defaults: Mapping[str, Any]) -> dict:
    """The keys in the format's order, leaving out those that hold their default."""
    result = {}
    for key in keys:
        if key not in mapping:
            continue
        value = mapping[key]
        if key in defaults and value == defaults[key]:
            continue
        result[key] = value
    return result


def canonical_question(question: Mapping[str, Any]) -> dict:
    question = dict(question)
    question["points"] = [
        _ordered(
            point,
            POINT_KEYS,
            {
                "marks": 1,
                "accept": [],
                "depth": "",
                "example": False,
                "group": "",
                "criteria": [],
            },
        )
        for point in question.get("points", [])
    ]
    question["wrong_ideas"] = [
        _ordered(
            wrong,
            WRONG_IDEA_KEYS,
            {
                "misconception": None,
                "statement": "",
                "correction": "",
                "accept": [],
                "contradicts": [],
            },
        )
        for wrong in question.get("wrong_ideas", [])
    ]
    return _ordered(question, QUESTION_KEYS, {"scoring": {"method": "points"}, "wrong_ideas": []})


def canonical_topic(mapping: Mapping[str, Any]) -> dict:
    """One form for a topic mapping: stripped text, the format's key order, defaults left out."""
    topic = _clean(dict(mapping))
    qualification = dict(topic["qualification"])
    qualification.setdefault("level", 2)
    qualification["awarding_body"] = _ordered(qualification["awarding_body"], ("slug", "name"), {})
    topic["qualification"] = _ordered(qualification, QUALIFICATION_KEYS, {})
    # a question's criteria have no order of their own: list them in the topic's order
    criteria_order = {c.get("id"): i for i, c in enumerate(topic.get("assessment_criteria", []))}
    topic["questions"] = [
        canonical_question(
            {
                **q,
                "assesses": sorted(
                    q.get("assesses", []), key=lambda key: criteria_order.get(key, -1)
                ),
            }
        )
        for q in topic.get("questions", [])
    ]
    empty = {key: [] for key in TOPIC_KEYS}
    empty.update(unit="", qualification_overview="")
    return _ordered(
        topic,
        TOPIC_KEYS,
        {k: v for k, v in empty.items() if k not in {"learning_outcomes", "assessment_criteria"}},
    )


def digest(mapping: Mapping[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(mapping, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def topic_queryset():
    """Topics with every part (see TopicQuerySet.with_parts)."""
    return Topic.objects.with_parts()


def question_to_mapping(question: Question) -> dict:
    # Keys in the content format's order: PostgreSQL's jsonb keeps an object's keys in an order
    # of its own, so the stored bands and rules are laid out again here.
    scoring: dict[str, Any] = {"method": question.scoring_method}
    if question.scoring_method == "bands":
        scoring["bands"] = [
            {"points": band["points"], "marks": band["marks"]} for band in question.scoring_bands
        ]
    elif question.scoring_method == "rules":
        scoring["rules"] = [
            {
                "marks": rule["marks"],
                "requires": [
                    {"group": need["group"], "at_least": need["at_least"]}
                    for need in rule["requires"]
                ],
            }
            for rule in question.scoring_rules
        ]
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
            "assesses": [criterion.key for criterion in question.criteria.all()],
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


def topic_to_mapping(topic: Topic) -> dict:
    """The topic as a content file holds it (use `topic_queryset()` to fetch it in few queries)."""
    qualification = topic.qualification
    # an archived question has left the content: it is kept for its learners' records only
    questions = [
        question_to_mapping(question)
        for question in topic.questions.all()
        if question.archived_at is None
    ]
    return canonical_topic(
        {
            "slug": topic.slug,
            "title": topic.title,
            "kind": topic.kind,
            "unit": topic.unit,
            "qualification": {
                "slug": qualification.slug,
                "title": qualification.title,
                "level": qualification.level,
                "framework": qualification.framework,
                "subject": qualification.subject,
                "awarding_body": {
                    "slug": qualification.awarding_body.slug,
                    "name": qualification.awarding_body.name,
                },
            },
            "synopsis": topic.synopsis,
            "qualification_overview": topic.qualification_overview,
            "learning_outcomes": [o.text for o in topic.learning_outcomes.all()],
            "key_concepts": [
                {"name": c.name, "description": c.description} for c in topic.key_concepts.all()
            ],
            "assessment_criteria": [
                {"id": c.key, "text": c.text} for c in topic.assessment_criteria.all()
            ],
            "tips": [{"text": t.text, "scope": t.scope} for t in topic.tips.all()],
            "mistakes": [m.text for m in topic.mistakes.all()],
            "misconceptions": [
                {"id": m.key, "statement": m.statement, "correction": m.correction}
                for m in topic.misconceptions.all()
            ],
            "prerequisites": [p.text for p in topic.prerequisites.all()],
            "key_terms": [
                {"term": k.term, "definition": k.definition} for k in topic.key_terms.all()
            ],
            "questions": questions,
        }
    )


# --- the import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LeavingQuestion:
    """A question whose id is no longer in the content, and the learners' records on it."""

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


@dataclass
class TopicChange:
    slug: str
    # created | updated | unchanged | archived (pruned) | deleted (pruned, confirmed) | kept
    action: str
    source: str = ""
    sections: list[str] = field(default_factory=list)
    leaving: list[LeavingQuestion] = field(default_factory=list)
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
    return [key for key in TOPIC_KEYS if old.get(key) != new.get(key)]


def load_documents(paths: Iterable[Path] | None = None) -> list[Document]:
    return [read_document(path) for path in content_paths(paths)]


def _leaving_questions(questions) -> list[LeavingQuestion]:
    return [
        LeavingQuestion(q.key, q.attempt_count, q.challenge_count, q.sample_count)
        for q in questions.with_learners_work_counts().order_by("topic__slug", "position", "id")
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
    existing = {topic.slug: topic for topic in topic_queryset().filter(slug__in=incoming)}
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
        staying = [question["id"] for question in mapping.get("questions", [])]
        leaving = _leaving_questions(topic.questions.live().exclude(key__in=staying))
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
            leaving = _leaving_questions(Question.objects.filter(topic__slug=slug))
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
        Question.objects.filter(topic__in=topics).delete_with_learners_work()
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

    for model in (
        LearningOutcome,
        KeyConcept,
        AssessmentCriterion,
        Tip,
        Mistake,
        Misconception,
        Prerequisite,
        KeyTerm,
    ):
        model.objects.filter(topic=topic).delete()
    LearningOutcome.objects.bulk_create(
        LearningOutcome(topic=topic, position=i, text=text)
        for i, text in enumerate(mapping["learning_outcomes"])
    )
    KeyConcept.objects.bulk_create(
        KeyConcept(topic=topic, position=i, name=c["name"], description=c["description"])
        for i, c in enumerate(mapping.get("key_concepts", []))
    )
    criteria = AssessmentCriterion.objects.bulk_create(
        AssessmentCriterion(topic=topic, position=i, key=c["id"], text=c["text"])
        for i, c in enumerate(mapping["assessment_criteria"])
    )
    Tip.objects.bulk_create(
        Tip(topic=topic, position=i, text=t["text"], scope=t["scope"])
        for i, t in enumerate(mapping.get("tips", []))
    )
    Mistake.objects.bulk_create(
        Mistake(topic=topic, position=i, text=text)
        for i, text in enumerate(mapping.get("mistakes", []))
    )
    misconceptions = Misconception.objects.bulk_create(
        Misconception(
            topic=topic,
            position=i,
            key=m["id"],
            statement=m["statement"],
            correction=m["correction"],
        )
        for i, m in enumerate(mapping.get("misconceptions", []))
    )
    Prerequisite.objects.bulk_create(
        Prerequisite(topic=topic, position=i, text=text)
        for i, text in enumerate(mapping.get("prerequisites", []))
    )
    KeyTerm.objects.bulk_create(
        KeyTerm(topic=topic, position=i, term=k["term"], definition=k["definition"])
        for i, k in enumerate(mapping.get("key_terms", []))
    )
    _write_questions(
        topic,
        mapping.get("questions", []),
        criteria={c.key: c for c in criteria},
        misconceptions={m.key: m for m in misconceptions},
        delete_learners_work=delete_learners_work,
    )
    return topic


def _write_questions(
    topic: Topic,
    questions: list[dict],
    *,
    criteria: dict,
    misconceptions: dict,
    delete_learners_work: bool,
) -> None:
    """Questions keep their rows (learners' attempts point at them); points and wrong ideas are
    written afresh, since attempts keep their verdicts by point id.

    A question whose id left the file is archived with its points (a tutor reviewing its
    challenges still needs them), or deleted with its records when that was confirmed. One whose
    id comes back is restored."""
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
        question.scoring_bands = scoring.get("bands", [])
        question.scoring_rules = scoring.get("rules", [])
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
