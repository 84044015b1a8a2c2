"""What the learner sees after answering: built from the attempt's stored verdicts, so an old
attempt reads the same even after a tutor has changed the marking points since."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import reverse

from assessment.models import Attempt
from assessment.wording import answer_note, point_reason
from topics.models import Tip

WORD = re.compile(r"[a-z]{4,}")


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


def _words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def best_tip(point_text: str, tips: list[Tip]) -> Tip | None:
    """The topic's tip sharing most words with the point, if it shares any at all."""
    words = _words(point_text)
    scored = [(len(words & _words(tip.text)), -tip.position, tip) for tip in tips]
    scored = [entry for entry in scored if entry[0] >= 2]
    return max(scored, key=lambda entry: entry[:2])[2] if scored else None


def missed_points(points: list[dict], wrong_ideas: list[dict], tips: list[Tip]) -> list[dict]:
    """The points not earned, each with its reason in today's words and the closest tip."""
    return [
        {**point, "reason": point_reason(point, wrong_ideas), "tip": best_tip(point["text"], tips)}
        for point in points
        if not point.get("earned")
    ]


def feedback_context(attempt: Attempt) -> dict:
    question = attempt.question
    topic = question.topic
    result = attempt.result
    points = result.get("points", [])
    topic_url = reverse("topics:detail", kwargs={"slug": topic.slug})
    tips = list(topic.tips.all())
    criteria = list(question.criteria.all())
    earned_spans = [
        (evidence["start"], evidence["end"])
        for point in points
        if point.get("earned")
        for evidence in point.get("evidence", [])
    ]
    return {
        "attempt": attempt,
        "result": result,
        "earned_points": [p for p in points if p.get("earned")],
        "missed_points": missed_points(points, result.get("wrong_ideas", []), tips),
        "answer_note": answer_note(result),
        "wrong_ideas": result.get("wrong_ideas", []),
        "segments": answer_segments(attempt.answer, earned_spans),
        "revise_links": [
            {"url": f"{topic_url}#criterion-{criterion.key}", "text": criterion.text}
            for criterion in criteria
        ],
        "topic_url": topic_url,
        "challenged": set(attempt.challenges.values_list("point_key", flat=True)),
    }
