"""What the marking engine knows of a question: plain, frozen data, no Django.

`question_spec_from_mapping` turns one question in the content format (docs/content-format.md)
into a QuestionSpec; the engine in assessment.scoring works only on these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessment.scoring_methods import scoring_method

DEPTH_OF_COMMAND_WORD = {
    "identify": "identify",
    "state": "identify",
    "list": "identify",
    "name": "identify",
    "outline": "describe",
    "describe": "describe",
    "explain": "explain",
    "analyse": "explain",
    "evaluate": "explain",
    "justify": "explain",
    "compare": "explain",
    "assess": "explain",
    "discuss": "explain",
}
DEPTHS = ("identify", "describe", "explain")

# A point written in examiner's language says its own depth: "Identifies ...", "Explains ...".
DEPTH_OF_POINT_VERB = {
    "identifies": "identify",
    "names": "identify",
    "states": "identify",
    "lists": "identify",
    "gives": "identify",
    "proposes": "identify",
    "suggests": "identify",
    "recognises": "identify",
    "recognizes": "identify",
    "mentions": "identify",
    "uses": "identify",
    "refers": "identify",
    "describes": "describe",
    "outlines": "describe",
    "defines": "describe",
    "explains": "explain",
    "justifies": "explain",
    "evaluates": "explain",
    "analyses": "explain",
    "analyzes": "explain",
    "assesses": "explain",
    "compares": "explain",
    "reaches": "explain",
}


# A point that names what the learner would do ("Politely refuses to share...", "Checks details
# against the source") is met by a sentence saying they would do it. Under an "explain" question
# the reasons are asked for by the points that say so ("Explains why..."); an action point asks
# for a description, never for a reason of its own.
ACTION_VERBS = frozenset(
    """
    refuses declines checks verifies confirms asks collects stores shares keeps protects records
    tells informs offers apologises apologizes listens responds reports escalates follows obtains
    seeks treats measures repeats reads sends passes deletes updates secures locks
    """.split()
)


def default_depth(point_text: str, command_word: str) -> str:
    """The depth a point asks for when the tutor did not say: its own leading verb (after an
    adverb: "Politely refuses"), else the question's command word."""
    words = point_text.strip().lower().split(maxsplit=2)
    if len(words) > 1 and words[0].endswith("ly"):
        words = words[1:]
    by_command = DEPTH_OF_COMMAND_WORD.get(command_word, "describe")
    if words[:2] == ["explains", "that"]:
        return "describe"
    if words and words[0] in DEPTH_OF_POINT_VERB:
        return DEPTH_OF_POINT_VERB[words[0]]
    if words and words[0] in ACTION_VERBS:
        return min(by_command, "describe", key=DEPTHS.index)
    return by_command


@dataclass(frozen=True)
class Idea:
    label: str
    accept: tuple[str, ...] = ()


@dataclass(frozen=True)
class PointSpec:
    key: str
    text: str
    marks: int = 1
    accept: tuple[str, ...] = ()
    depth: str = "identify"
    needs_example: bool = False
    group: str = ""
    ideas: tuple[Idea, ...] = ()
    at_least: int = 0
    # for a point that needs an example: the subject's words for where examples happen (the
    # content's example words; sorted, so the spec is the same value in every process)
    example_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrongIdeaSpec:
    key: str
    statement: str
    correction: str
    accept: tuple[str, ...] = ()
    contradicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    prompt: str
    command_word: str
    max_marks: int
    points: tuple[PointSpec, ...]
    wrong_ideas: tuple[WrongIdeaSpec, ...] = ()
    method: str = "points"
    # the method's parameters, as its entry in assessment.scoring_methods reads them
    parameters: Any = None


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in (values or ()))


def point_spec(
    *,
    key: str,
    text: str,
    command_word: str,
    marks: int = 1,
    accept: Any = (),
    depth: str = "",
    needs_example: bool = False,
    group: str = "",
    ideas: Any = (),
    at_least: int | None = 0,
    example_words: Any = (),
) -> PointSpec:
    """One marking point as the engine reads it; no depth given means its default."""
    return PointSpec(
        key=str(key),
        text=str(text),
        marks=int(marks),
        accept=_strings(accept),
        depth=depth or default_depth(str(text), command_word),
        needs_example=bool(needs_example),
        group=str(group or ""),
        ideas=tuple(
            Idea(label=str(idea["label"]), accept=_strings(idea.get("accept")))
            for idea in ideas or ()
        ),
        at_least=int(at_least or 0),
        example_words=tuple(sorted(set(map(str, example_words)))) if needs_example else (),
    )


def scoring_spec(method_name: str, parameters_data: Mapping[str, Any]) -> dict[str, Any]:
    """The method and its parameters, as QuestionSpec's fields, from the stored or written
    parameters (keyed by the method's parameters key)."""
    method = scoring_method(method_name)
    parameters = (
        method.parameters(parameters_data.get(method.parameters_key, ()))
        if method.parameters_key
        else None
    )
    return {"method": method.name, "parameters": parameters}


def question_spec_from_mapping(
    mapping: Mapping[str, Any],
    *,
    misconceptions: Mapping[str, Mapping[str, str]] | None = None,
    example_words: Any = (),
) -> QuestionSpec:
    """One question of a content file (already parsed and validated) as the engine's spec;
    `example_words` are the content's words for where examples happen (content/example-words.txt)."""
    misconceptions = misconceptions or {}
    command_word = str(mapping.get("command_word", "identify")).lower()
    points = tuple(
        point_spec(
            key=point["id"],
            text=point["text"],
            command_word=command_word,
            marks=point.get("marks", 1),
            accept=point.get("accept"),
            depth=point.get("depth", ""),
            needs_example=point.get("example", False),
            group=point.get("group", ""),
            ideas=point.get("ideas"),
            at_least=point.get("at_least"),
            example_words=example_words,
        )
        for point in mapping.get("points", ())
    )
    wrong_ideas = []
    for wrong in mapping.get("wrong_ideas") or ():
        source = misconceptions.get(wrong.get("misconception") or "", {})
        wrong_ideas.append(
            WrongIdeaSpec(
                key=str(wrong["id"]),
                statement=str(wrong.get("statement") or source.get("statement", "")),
                correction=str(wrong.get("correction") or source.get("correction", "")),
                accept=_strings(wrong.get("accept")),
                contradicts=_strings(wrong.get("contradicts")),
            )
        )
    scoring = mapping.get("scoring") or {"method": "points"}
    return QuestionSpec(
        key=str(mapping.get("id", "")),
        prompt=str(mapping.get("prompt", "")),
        command_word=command_word,
        max_marks=int(mapping.get("marks", sum(p.marks for p in points))),
        points=points,
        wrong_ideas=tuple(wrong_ideas),
        **scoring_spec(scoring.get("method", "points"), scoring),
    )
