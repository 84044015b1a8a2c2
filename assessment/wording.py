"""What a verdict says to a learner, in words. Pure Python, no Django.

The engine stores reason codes and evidence (assessment.scoring); the sentences are made here at
display time, so every attempt, old ones included, reads in the current wording.
"""

from __future__ import annotations

import re
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
    if status == "misplaced":
        return (
            f"You put this under the wrong heading ({_quoted(point)}): it belongs under the other "
            "one, so check which heading each point goes under."
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
    return "Not found in your answer."


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


# An examiner's point opens with what the candidate does ("Explains…", "Names…"): the learner's
# next step is the same verb as an instruction.
EXAMINER_VERBS = {
    "identifies": "Identify",
    "names": "Name",
    "states": "State",
    "lists": "List",
    "gives": "Give",
    "describes": "Describe",
    "outlines": "Outline",
    "explains": "Explain",
    "analyses": "Analyse",
    "evaluates": "Evaluate",
    "justifies": "Justify",
    "compares": "Compare",
    "recognises": "Recognise",
    "mentions": "Mention",
    "suggests": "Suggest",
    "shows": "Show",
    "uses": "Use",
    "links": "Link",
    "refers": "Refer",
    # what a candidate is credited for doing, in a workplace answer
    "acknowledges": "Acknowledge",
    "applies": "Apply",
    "asks": "Ask",
    "checks": "Check",
    "collects": "Collect",
    "confirms": "Confirm",
    "considers": "Consider",
    "ensures": "Ensure",
    "follows": "Follow",
    "informs": "Inform",
    "keeps": "Keep",
    "measures": "Measure",
    "offers": "Offer",
    "proposes": "Propose",
    "provides": "Provide",
    "reaches": "Reach",
    "records": "Record",
    "shares": "Share",
    "stores": "Store",
    "supports": "Support",
    "tells": "Tell",
    "verifies": "Verify",
}
CREDIT_OPENING = re.compile(r"^(?:award\s+credit\s+for|credit)\s+", re.IGNORECASE)
# "X is more likely…" says something about X; it does not say what X is
NOT_A_DEFINITION = frozenset("more less not likely unlikely able often always never very".split())
DEFINITION = re.compile(r"^(?P<subject>[^,;:]{2,60}?)\s+(?P<verb>is|are|means)\s+(?P<rest>.+)$")


def _gerund(verb: str) -> str:
    verb = verb.lower()
    return verb[:-1] + "ing" if verb.endswith("e") else verb + "ing"


GERUNDS = {_gerund(verb): verb for verb in EXAMINER_VERBS.values()}


def _third_person_to_instruction(word: str, *, gerund: bool = False) -> str | None:
    """ "Explains" (or after "award credit for", "explaining") as "Explain"; None for a word that
    is not an examiner's verb."""
    lower = word.lower()
    return EXAMINER_VERBS.get(lower) or (GERUNDS.get(lower, "").capitalize() if gerund else None)


def next_step(point_text: str, hint: str = "") -> str:
    """What to do to earn a point, as an instruction: the tutor's hint, or one made from the
    point's text ("Explains why…" → "Explain why…"; "X is Y." → "Say what X is: Y.")."""
    if hint.strip():
        return hint.strip()
    text, credit = CREDIT_OPENING.subn("", point_text.strip())
    text = text.rstrip(".")
    if not text:
        return ""
    words = text.split(" ", 2)
    verb = _third_person_to_instruction(words[0], gerund=bool(credit))
    if verb:
        return f"{verb} {' '.join(words[1:])}."
    if len(words) > 1 and words[0].lower().endswith("ly"):  # "Politely refuses…"
        verb = _third_person_to_instruction(words[1])
        if verb is None and words[1].endswith("s"):
            verb = words[1][:-1]
        if verb:
            return f"{words[0]} {verb.lower()} {' '.join(words[2:])}.".replace(" .", ".")
    definition = DEFINITION.match(text)
    if (
        definition
        and len(definition["subject"].split()) <= 4
        and definition["rest"].split()[0].lower() not in NOT_A_DEFINITION
    ):
        subject = definition["subject"]
        subject = subject if subject.isupper() else _lower_first(subject)
        verb = definition["verb"]
        if verb == "means":
            return f"Say what {subject} means: {definition['rest']}."
        return f"Say what {subject} {verb}: {definition['rest']}."
    return f"Add that {_lower_first(text)}."


SHAPE_CONNECTIVES = (
    "because",
    "so that",
    "which means",
    "this means",
    "therefore",
    "as a result",
    "so",
    "which",
)
_SHAPE = re.compile(r"\b(" + "|".join(re.escape(c) for c in SHAPE_CONNECTIVES) + r")\b", re.I)


def sentence_shape(model_answer: str) -> str:
    """The shape of the model answer's first sentence that gives a reason, its words dropped and
    its connectives kept: "… because …, so …". Empty when no sentence of it gives one."""
    for sentence in re.split(r"(?<=[.!?])\s+", model_answer.strip()):
        if not re.search(
            r"\b(because|so that|which means|this means|therefore|as a result)\b", sentence, re.I
        ):
            continue
        parts = _SHAPE.split(sentence)
        shape = "…"
        for connective, _words in zip(parts[1::2], parts[2::2], strict=False):
            shape += f"{',' if shape != '…' else ''} {connective.lower()} …"
        return shape
    return ""
