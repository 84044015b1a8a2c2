"""What the learner sees after answering, and what a tutor sees in "Try the marker": one context
builder (`verdict_context`) for the one template partial (assessment/_verdict.html#verdict-points).

Everything is made at display time from the stored verdicts (reason codes, evidence spans, ideas)
and today's content: the words of assessment.wording, a point's hint, the place on the topic page
that teaches it, a tip. So every attempt, old ones included, reads in the current wording, and
changing the wording touches this module, wording.py or the templates only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.text import slugify

from assessment.command_words import CommandWordGuide, guide_for
from assessment.models import Attempt, MarkingPoint, Question
from assessment.text import EXAMINER_WORDS, content_concepts
from assessment.wording import answer_note, next_step, point_reason, sentence_shape
from topics.models import KeyConcept, KeyTerm, Tip, Topic


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


def answer_segments(answer: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """The answer cut into plain and highlighted runs (overlapping spans merged)."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(answer), e)) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[Segment] = []
    position = 0
    for start, end in merged:
        if start > position:
            segments.append(Segment(answer[position:start], False))
        segments.append(Segment(answer[start:end], True))
        position = end
    if position < len(answer):
        segments.append(Segment(answer[position:], False))
    return segments


# --- the closest teaching: shared meaningful words, the topic's everyday words left out --------

CONTRADICTED = "Your answer says the opposite of this point: see “Watch out” above."
MIN_SHARED_WORDS = 2  # one shared word ("customer", "service") links nearly anything to anything
# and a long point shares two words with nearly any tip: a quarter of the point's words at least
MIN_SHARED_SHARE = 0.25


def _concepts(text: str) -> set[str]:
    return set(content_concepts(text, drop=EXAMINER_WORDS))


def closest(
    point_text: str, candidates: Iterable[tuple[Any, str]], *, common: set[str]
) -> Any | None:
    """The candidate sharing most meaningful words with the point (at least MIN_SHARED_WORDS and
    MIN_SHARED_SHARE of the point's, leaving out `common`: words of the topic's title, which every
    part of the topic shares).
    Ties go to the earlier candidate; None when nothing shares enough."""
    words = _concepts(point_text) - common
    needed = max(MIN_SHARED_WORDS, MIN_SHARED_SHARE * len(words))
    best, best_shared = None, 0
    for candidate, text in candidates:
        shared = len(words & (_concepts(text) - common))
        if shared >= needed and shared > best_shared:
            best, best_shared = candidate, shared
    return best


@dataclass(frozen=True)
class Link:
    url: str
    label: str  # the visible words: what the learner will find there
    kind: str  # key concept | key term | section


def concept_anchor(concept: KeyConcept) -> str:
    return f"concept-{slugify(concept.name)}"


def term_anchor(term: KeyTerm) -> str:
    return f"term-{slugify(term.term)}"


@dataclass(frozen=True)
class TopicTeaching:
    """A topic's key concepts, key terms and tips, loaded once per feedback page."""

    topic: Topic
    concepts: list[KeyConcept]
    terms: list[KeyTerm]
    tips: list[Tip]
    common: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, topic: Topic) -> TopicTeaching:
        return cls(
            topic=topic,
            concepts=list(topic.key_concepts.all()),
            terms=list(topic.key_terms.all()),
            tips=list(topic.tips.all()),
            common=_concepts(topic.title),
        )

    def _link(self, part: KeyConcept | KeyTerm) -> Link:
        if isinstance(part, KeyConcept):
            return Link(
                f"{self.topic.get_absolute_url()}#{concept_anchor(part)}", part.name, "key concept"
            )
        return Link(f"{self.topic.get_absolute_url()}#{term_anchor(part)}", part.term, "key term")

    def link_for(self, point_text: str, learn: str = "") -> Link | None:
        """Where the topic page teaches the point: the key concept or key term a tutor named, or
        the closest one, or else the key concepts section."""
        parts: list[KeyConcept | KeyTerm] = [*self.concepts, *self.terms]
        if learn:
            named = learn.strip().lower()
            chosen = next(
                (
                    p
                    for p in parts
                    if (p.name if isinstance(p, KeyConcept) else p.term).lower() == named
                ),
                None,
            )
            if chosen is not None:
                return self._link(chosen)
        candidates = [
            (
                p,
                f"{p.name} {p.description}"
                if isinstance(p, KeyConcept)
                else f"{p.term} {p.definition}",
            )
            for p in parts
        ]
        chosen = closest(point_text, candidates, common=self.common)
        if chosen is not None:
            return self._link(chosen)
        if self.concepts:  # nothing close: the section that teaches the topic's ideas
            return Link(f"{self.topic.get_absolute_url()}#concepts", "the key concepts", "section")
        return None

    def tip_for(self, point_text: str, tip_key: str = "") -> Tip | None:
        """The tip a tutor linked to the point, or the one clearly about it, or none."""
        if tip_key:
            linked = next((tip for tip in self.tips if tip.key == tip_key), None)
            if linked is not None:
                return linked
        return closest(point_text, [(tip, tip.text) for tip in self.tips], common=self.common)


# --- one missed point ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MissedPoint:
    key: str
    text: str  # the examiner's marking point
    status: str
    marks_awarded: int
    marks_available: int
    next_step: str  # an instruction in the learner's language
    reason: str  # why it was not earned
    learn: Link | None
    tip: Tip | None
    # for a point named but not explained (or described): what that asks, and the shape of a
    # sentence that does it (an explanation's from the model answer)
    depth_guide: CommandWordGuide | None = None
    shape: str = ""
    shape_from_model_answer: bool = False

    @property
    def depth_guide_url(self) -> str:
        return command_word_url(self.depth_guide)


def _missed_point(
    verdict: Mapping[str, Any],
    wrong_ideas: list[Mapping[str, Any]],
    point: MarkingPoint | None,
    teaching: TopicTeaching,
    *,
    model_shape: str,
) -> MissedPoint:
    text = verdict.get("text", "")
    hint = point.hint if point else ""
    step = next_step(text, hint)
    about = f"{text} {hint}"
    depth = verdict.get("depth", "")
    named_only = verdict.get("status") == "named_not_explained" and depth in {"explain", "describe"}
    depth_guide = guide_for(depth) if named_only else None
    from_model = bool(depth == "explain" and model_shape)
    return MissedPoint(
        key=verdict["key"],
        text=text,
        status=verdict.get("status", "missed"),
        marks_awarded=verdict.get("marks_awarded", 0),
        marks_available=verdict.get("marks_available", 1),
        next_step=step,
        reason=(
            # the wrong idea and its correction are shown above, under "Watch out"
            CONTRADICTED
            if verdict.get("status") == "contradicted" and wrong_ideas
            else point_reason(verdict, wrong_ideas)
        ),
        learn=teaching.link_for(about, point.learn if point else ""),
        tip=teaching.tip_for(about, point.tip if point else ""),
        depth_guide=depth_guide,
        shape=(model_shape if from_model else depth_guide.shape) if depth_guide else "",
        shape_from_model_answer=from_model,
    )


def summary_line(mark: int, max_marks: int, missed: list[MissedPoint]) -> str:
    """The line under the score: "To get the last mark, add why loyalty matters to the business."
    With more to do, it points to the steps below rather than repeat them."""
    if mark >= max_marks or not missed:
        return "Every mark earned."
    to_go = max_marks - mark
    if to_go == 1 and len(missed) == 1:
        step = missed[0].next_step
        step = step[:1].lower() + step[1:] if step[1:2].islower() else step
        return f"To get the last mark, {step}"
    marks = "the last mark" if to_go == 1 else f"{to_go} more marks"
    steps = "the next step" if len(missed) == 1 else f"the {len(missed)} next steps"
    return f"For {marks}, follow {steps} below."


def verdict_context(
    *, question: Question, answer: str, result: Mapping[str, Any]
) -> dict[str, Any]:
    """The feedback on one marked answer: the same for a learner's attempt (its stored result)
    and a tutor's try of the marker (a result just made). `question` comes with its points and
    topic (services.question_queryset)."""
    points = result.get("points", [])
    wrong_ideas = result.get("wrong_ideas", [])
    topic = question.topic
    teaching = TopicTeaching.of(topic)
    current = {point.key: point for point in question.points.all()}
    guide = guide_for(question.command_word)
    model_shape = sentence_shape(question.model_answer)
    missed = [
        _missed_point(p, wrong_ideas, current.get(p["key"]), teaching, model_shape=model_shape)
        for p in points
        if not p.get("earned")
    ]
    earned_spans = [
        (evidence["start"], evidence["end"])
        for point in points
        if point.get("earned")
        for evidence in point.get("evidence", [])
    ]
    mark, max_marks = result.get("mark", 0), result.get("max_marks", 0)
    note = answer_note(result)
    return {
        "question": question,
        "result": result,
        "summary_line": summary_line(mark, max_marks, missed),
        "answer_note": note,
        "segments": answer_segments(answer, earned_spans),
        "wrong_ideas": wrong_ideas,
        "earned_points": [p for p in points if p.get("earned")],
        "missed_points": missed,
        "guide": guide,
        "guide_url": command_word_url(guide),
        "topic_url": topic.get_absolute_url(),
    }


def command_word_url(guide: CommandWordGuide | None) -> str:
    url = reverse("assessment:command_words")
    return f"{url}#{guide.anchor}" if guide else url


def feedback_context(attempt: Attempt, *, question: Question | None = None) -> dict[str, Any]:
    """A learner's attempt: the verdicts, and which missed points they already challenged.
    `question`: the attempt's question as already loaded with its points (saves the queries)."""
    question = question or attempt.question
    return {
        "attempt": attempt,
        **verdict_context(question=question, answer=attempt.answer, result=attempt.result),
        "challenged": set(attempt.challenges.values_list("point_key", flat=True)),
    }
