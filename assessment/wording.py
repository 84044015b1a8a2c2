"""What a verdict says to a learner, in words. Pure Python, no Django.

The engine stores reason codes and evidence (assessment.scoring); the sentences are made here at
display time, so every attempt, old ones included, reads in the current wording.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def _quoted(point: Mapping[str, Any]) -> str:
    evidence = point.get("evidence") or []
    return "“" + " … ".join(e["text"] for e in evidence) + "”" if evidence else "the idea"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def point_reason(point: Mapping[str, Any], wrong_ideas: Iterable[Mapping[str, Any]] = ()) -> str:
    """Why a point was not earned, from its code: one or two sentences for the learner."""
    status = point.get("status", "missed")
    depth = point.get("depth", "")
    found = point.get("ideas_found") or []
    named = point.get("ideas_named") or []
    missing = point.get("ideas_missing") or []
    if status == "named_not_explained":
        if named:
            them = "them" if len(named) > 1 else "it"
            return (
                f"You named {', '.join(named)} but did not describe {them}: say what each one is "
                "or does, in a sentence, not just its name."
            )
        if depth == "explain":
            return (
                f"You named it ({_quoted(point)}) but did not explain it: add a reason or a "
                "consequence in a full clause (because…, so that…, which means…)."
            )
        return (
            f"You named it ({_quoted(point)}) but did not describe it: say what it is or what it "
            "does, in a full sentence, not just the term."
        )
    if status == "no_example":
        return (
            "You made this point but gave no example: add one from a workplace "
            "(for example, at the shop where I work…)."
        )
    if status == "contradicted":
        wrong = next((w for w in wrong_ideas if w.get("key") == point.get("wrong_idea")), None)
        if wrong:
            return (
                f"Your answer says that {_lower_first(wrong.get('statement', ''))} That "
                f"contradicts this point. {wrong.get('correction', '')}"
            ).strip()
        return "Something in your answer contradicts this point."
    if status == "reversed":
        return (
            f"You said it the other way round ({_quoted(point)}): check which way the relation "
            "goes (more or less, from which to which)."
        )
    if status == "negated":
        return (
            f"Your answer says the opposite ({_quoted(point)}): check the “not”, or say it "
            "the way round the point asks."
        )
    if status == "partial_ideas":
        have = found + named
        return (
            f"You gave {len(have)} of the {point.get('ideas_needed', 0)} needed"
            + (f" ({', '.join(have)})" if have else "")
            + (f". Others you could give: {', '.join(missing)}." if missing else ".")
        )
    if status == "missed" and missing and point.get("ideas_needed"):
        return f"Not found in your answer. You could give: {', '.join(missing)}."
    return f"Not found in your answer. The examiner looks for: {point.get('text', '')}"


SUMMARIES = {
    "empty": "Write an answer to be marked.",
    "echo": "Your answer repeats the question: answer it in your own words.",
    "copied": "Your answer copies the marking points: answer in your own words.",
    "list": "Your answer lists terms: write sentences that say something about each one.",
}


def answer_note(result: Mapping[str, Any]) -> str:
    """What to say about the answer as a whole, when it was not marked point by point."""
    return SUMMARIES.get(result.get("summary", ""), "")


def summary(result: Mapping[str, Any]) -> str:
    """One line about the whole answer, where there is something to say."""
    code = result.get("summary", "")
    if code in SUMMARIES:
        return SUMMARIES[code]
    points = result.get("points") or []
    if code in {"", "answered"} or code.endswith("earned."):
        earned = sum(1 for p in points if p.get("earned"))
        return f"{earned} of {len(points)} marking points earned."
    return code
