"""How the points a learner earned become the question's mark: one registry of scoring methods.

Each method is one `ScoringMethod` entry: its name, its parameters (how the content format writes
them, their JSON schema, the frozen form the engine reads), how it combines the verdicts, the
checks a schema cannot make, and how the admin shows its parameters as lines of text. The engine
(assessment.scoring), the content format's schema and checks (assessment.content), the admin's
question form and the model all read this registry: adding a method is one entry and its tests.

Pure Python, like the rest of the engine: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from assessment.spec import PointSpec


class Verdict(Protocol):
    earned: bool
    marks_awarded: int


@dataclass(frozen=True)
class Band:
    points: int
    marks: int


@dataclass(frozen=True)
class Requirement:
    group: str
    at_least: int


@dataclass(frozen=True)
class Rule:
    marks: int
    requires: tuple[Requirement, ...]


# A problem with a question's scoring: the path below the question (["scoring", "bands", 0,
# "marks"]) and what to tell the tutor.
Problem = tuple[list, str]


@dataclass(frozen=True)
class ScoringMethod:
    name: str
    label: str  # the admin's choice
    # tells the tutor how to write the `scoring:` block (shown when it does not fit the schema)
    description: str
    # mark from (parameters, the question's points, their verdicts), before the maximum caps it
    combine: Callable[[Any, Sequence[PointSpec], Sequence[Verdict]], int]
    # the field of `scoring:` that holds the parameters, and its JSON schema; None: no parameters
    parameters_key: str | None = None
    parameters_schema: Mapping[str, Any] | None = None
    # the parameters as the content format writes them -> the frozen form `combine` reads
    parameters: Callable[[Any], Any] = lambda data: None
    # stored parameters -> the content format's value, keys in the format's order
    parameters_data: Callable[[Any], Any] = lambda data: data
    # what the schema cannot say: (the scoring parameters' data, the whole question mapping)
    check: Callable[[Any, Mapping[str, Any]], Iterator[Problem]] = lambda data, question: iter(())
    # the admin edits the parameters as lines of text: text -> data (ValueError: its message),
    # data -> text, and the field's label and help
    parse_text: Callable[[str], Any] | None = None
    format_text: Callable[[Any], str] | None = None
    admin_label: str = ""
    admin_help: str = ""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _lines(text: str) -> Iterator[str]:
    return (line for line in text.splitlines() if line.strip())


def _earned(verdicts: Sequence[Verdict]) -> list[Verdict]:
    return [verdict for verdict in verdicts if verdict.earned]


def _marks_beyond(marks: int, path: list, question: Mapping[str, Any]) -> Iterator[Problem]:
    if marks > question.get("marks", 0):
        yield path, f"gives {marks} marks but the question is out of {question.get('marks', 0)}."


# --- points: one mark per point, up to the maximum -------------------------------------------


def _points_combine(parameters: None, points: Sequence[PointSpec], verdicts) -> int:
    return sum(verdict.marks_awarded for verdict in verdicts)


def _points_check(data: None, question: Mapping[str, Any]) -> Iterator[Problem]:
    marks = question.get("marks", 0)
    if sum(point.get("marks", 1) for point in question.get("points", [])) < marks:
        yield (
            ["marks"],
            f"the question is out of {marks} but its points add up to less, so full marks "
            "cannot be reached.",
        )


POINTS = ScoringMethod(
    name="points",
    label="One mark per point, up to the maximum",
    description="points scoring takes no other field.",
    combine=_points_combine,
    check=_points_check,
)


# --- bands: marks by how many points were earned -----------------------------------------------

_BAND_LINE = re.compile(r"^\s*(\d+)\s*points?\s*[:=,-]?\s*(\d+)\s*marks?\s*$", re.IGNORECASE)


def _bands_combine(bands: tuple[Band, ...], points, verdicts) -> int:
    earned = len(_earned(verdicts))
    return max((band.marks for band in bands if earned >= band.points), default=0)


def _bands_check(bands: list, question: Mapping[str, Any]) -> Iterator[Problem]:
    points = question.get("points", [])
    for index, band in enumerate(bands):
        yield from _marks_beyond(band["marks"], ["scoring", "bands", index, "marks"], question)
        if band["points"] > len(points):
            yield (
                ["scoring", "bands", index, "points"],
                f"needs {band['points']} points but the question has {len(points)}.",
            )


def _bands_parse(text: str) -> list[dict]:
    bands = []
    for line in _lines(text):
        match = _BAND_LINE.match(line)
        if not match:
            raise ValueError(
                f"Write each band as '4 points: 3 marks'; this line is not: {line.strip()!r}"
            )
        bands.append({"points": int(match[1]), "marks": int(match[2])})
    return bands


BANDS = ScoringMethod(
    name="bands",
    label="Bands by the number of points earned",
    description="bands scoring needs 'bands': a list of {points, marks}.",
    combine=_bands_combine,
    parameters_key="bands",
    parameters_schema={
        "type": "array",
        "description": "Marks by the number of points earned.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["points", "marks"],
            "properties": {
                "points": {"type": "integer", "minimum": 1},
                "marks": {"type": "integer", "minimum": 0},
            },
        },
        "minItems": 1,
        "maxItems": 1000,
    },
    parameters=lambda data: tuple(Band(int(b["points"]), int(b["marks"])) for b in data),
    parameters_data=lambda data: [{"points": b["points"], "marks": b["marks"]} for b in data],
    check=_bands_check,
    parse_text=_bands_parse,
    format_text=lambda bands: "\n".join(
        f"{_plural(band['points'], 'point')}: {_plural(band['marks'], 'mark')}" for band in bands
    ),
    admin_label="Bands",
    admin_help="Only for bands scoring: one band per line, as <em>4 points: 3 marks</em> "
    "(earn 4 or more of the points below for 3 marks). The best band reached gives the mark.",
)


# --- rules: combinations of groups of points ---------------------------------------------------

_RULE_LINE = re.compile(r"^\s*(\d+)\s*marks?\s*:\s*(.+)$", re.IGNORECASE)
_REQUIREMENT = re.compile(
    r"^\s*at\s+least\s+(\d+)\s+(?:from|of|in)\s+(?:the\s+)?(?:group\s+)?([\w-]+)\s*$",
    re.IGNORECASE,
)
_RULE_EXAMPLE = "'3 marks: at least 1 from conclusion, at least 2 from improvement'"


def _rules_combine(rules: tuple[Rule, ...], points: Sequence[PointSpec], verdicts) -> int:
    groups: dict[str, int] = {}
    for verdict, point in zip(verdicts, points, strict=True):
        if verdict.earned and point.group:
            groups[point.group] = groups.get(point.group, 0) + 1
    return max(
        (
            rule.marks
            for rule in rules
            if all(groups.get(r.group, 0) >= r.at_least for r in rule.requires)
        ),
        default=0,
    )


def _rules_check(rules: list, question: Mapping[str, Any]) -> Iterator[Problem]:
    groups = {point.get("group") for point in question.get("points", []) if point.get("group")}
    for r_index, rule in enumerate(rules):
        yield from _marks_beyond(rule["marks"], ["scoring", "rules", r_index, "marks"], question)
        for g_index, requirement in enumerate(rule["requires"]):
            if requirement["group"] not in groups:
                yield (
                    ["scoring", "rules", r_index, "requires", g_index, "group"],
                    f"no marking point of this question is in the group '{requirement['group']}'.",
                )


def _rules_parse(text: str) -> list[dict]:
    rules = []
    for line in _lines(text):
        match = _RULE_LINE.match(line)
        requirements = [_REQUIREMENT.match(part) for part in match[2].split(",")] if match else []
        if not match or not all(requirements):
            raise ValueError(
                f"Write each rule as {_RULE_EXAMPLE}; this line is not: {line.strip()!r}"
            )
        rules.append(
            {
                "marks": int(match[1]),
                "requires": [
                    {"group": requirement[2], "at_least": int(requirement[1])}
                    for requirement in requirements
                ],
            }
        )
    return rules


RULES = ScoringMethod(
    name="rules",
    label="Rules combining groups of points",
    description="rules scoring needs 'rules': a list of {marks, requires}.",
    combine=_rules_combine,
    parameters_key="rules",
    parameters_schema={
        "type": "array",
        "description": "The best rule that holds gives the mark.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["marks", "requires"],
            "properties": {
                "marks": {"type": "integer", "minimum": 0},
                "requires": {
                    "type": "array",
                    "description": "Every requirement must hold.",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["group", "at_least"],
                        "properties": {
                            "group": {
                                "type": "string",
                                "pattern": "^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
                                "maxLength": 50,
                            },
                            "at_least": {"type": "integer", "minimum": 1, "maximum": 50},
                        },
                    },
                    "minItems": 1,
                    "maxItems": 1000,
                },
            },
        },
        "minItems": 1,
        "maxItems": 1000,
    },
    parameters=lambda data: tuple(
        Rule(
            marks=int(rule["marks"]),
            requires=tuple(
                Requirement(str(r["group"]), int(r["at_least"])) for r in rule["requires"]
            ),
        )
        for rule in data
    ),
    parameters_data=lambda data: [
        {
            "marks": rule["marks"],
            "requires": [
                {"group": need["group"], "at_least": need["at_least"]} for need in rule["requires"]
            ],
        }
        for rule in data
    ],
    check=_rules_check,
    parse_text=_rules_parse,
    format_text=lambda rules: "\n".join(
        f"{_plural(rule['marks'], 'mark')}: "
        + ", ".join(
            f"at least {requirement['at_least']} from {requirement['group']}"
            for requirement in rule["requires"]
        )
        for rule in rules
    ),
    admin_label="Rules",
    admin_help="Only for rules scoring: one rule per line, as <em>3 marks: at least 1 from "
    "conclusion, at least 2 from improvement</em>, naming the points' groups. The best rule "
    "that holds gives the mark.",
)


METHODS: dict[str, ScoringMethod] = {method.name: method for method in (POINTS, BANDS, RULES)}


def scoring_method(name: str) -> ScoringMethod:
    """The method of that name; an unknown name (never valid content) scores as `points`."""
    return METHODS.get(name, POINTS)


def scoring_schema() -> dict:
    """The JSON schema of a question's `scoring:` block: one branch per method."""
    branches = []
    for method in METHODS.values():
        properties: dict[str, Any] = {"method": {"const": method.name}}
        required = ["method"]
        if method.parameters_key:
            properties[method.parameters_key] = dict(method.parameters_schema or {})
            required.append(method.parameters_key)
        branches.append(
            {
                "type": "object",
                "description": method.description,
                "additionalProperties": False,
                "required": required,
                "properties": properties,
            }
        )
    return {"description": "How the points earned become the question's mark.", "oneOf": branches}


def scoring_problems(question: Mapping[str, Any]) -> Iterator[Problem]:
    """What the schema cannot say about a (schema-valid) question's scoring."""
    scoring = question.get("scoring", {"method": "points"})
    method = scoring_method(scoring.get("method", "points"))
    data = scoring.get(method.parameters_key) if method.parameters_key else None
    yield from method.check(data, question)
