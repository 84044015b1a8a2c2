"""A tutor's phrasing, compiled into patterns the engine looks for. Pure Python, no Django.

The little language (docs/content-format.md, "Writing accepted phrasings"):

    records are kept securely            every word that carries meaning must be there, in one
                                         sentence, close together, in any order
    (how long | how many years) records are kept
                                         alternatives: any one of them
    keep [customer] records locked       [ ] an optional word
    the "most" profitable                " " this exact form: no stemming, synonyms or typos
    not all customers want the same      a negation in the phrasing must be in the answer too
    records kept securely -paper         -word: not when the sentence says "paper"
    ~ say how long records are kept      ~ first: found whether or not the answer negates it
                                         ("they didn't say how long records are kept")
    kept for #6 years / #5-7 years       #N or #N-M: a number (digits or words), or a range
    moves from high to low               with "than" or "from ... to", order matters; the same
    more expensive than                  words the other way round are a reversed statement
    moves out of the cells into the blood
                                         where a movement starts and ends matters the same way

Words that carry meaning: every word but the grammar words, plus the grammar words that change
a phrase's meaning (only, more, less, most, least, all, many, much, out, into, from, than ...).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assessment.text import NEGATORS, SIGNIFICANT, STOP_WORDS, fold, is_negator

ORDER_WORDS = frozenset({"than"})
MAX_EXPANSIONS = 48

NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
        fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "half": 0.5}


class PhrasingError(ValueError):
    """A phrasing the engine cannot read; the message says what to change."""


@dataclass(frozen=True)
class Word:
    text: str  # folded surface form
    exact: bool = False
    optional: bool = False
    low: float | None = None  # a number slot: low..high
    high: float | None = None


@dataclass(frozen=True)
class Pattern:
    """One way of saying the phrasing: words that must all be found."""

    source: str
    words: tuple[Word, ...]
    negated: bool = False  # the phrasing holds a negation, which the answer must hold too
    ordered: bool = False
    excluded: tuple[str, ...] = ()
    any_polarity: bool = False  # "~": a negation in the answer does not turn it round


_PIECE = re.compile(
    r'\(|\)|\[|\]|\||"[^"]*"|#\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?'
    r"|(?:^|(?<=[\s(\[|]))-[^\W_]+|[^\W_]+(?:'[^\W_]+)*"
)


def number_value(word: str) -> float | None:
    if word.replace(".", "", 1).isdecimal():  # "❶" is a digit, but no number float() reads
        return float(word)
    value = NUMBER_WORDS.get(word)
    return float(value) if value is not None else None


def _word(piece: str, *, optional: bool) -> Word | None:
    if piece.startswith('"'):
        inner = fold(piece.strip('"')).strip()
        if not inner or " " in inner:
            raise PhrasingError(f'"{piece}": put one word between quotes')
        return Word(inner, exact=True, optional=optional)
    if piece.startswith("#"):
        low, _, high = piece[1:].partition("-")
        return Word(piece, optional=optional, low=float(low), high=float(high or low))
    return Word(fold(piece).replace("'", ""), optional=optional)


def _parse(text: str) -> list[list[list[Word | str]]]:
    """The phrasing as a sequence of choices; each choice a list of alternatives, each
    alternative a list of words (or "-word" exclusions and negators kept as strings)."""
    sequence: list[list[list[Word | str]]] = []
    tokens = _PIECE.findall(text)
    position = 0

    def group(closing: str) -> list[list[Word | str]]:
        nonlocal position
        alternatives: list[list[Word | str]] = [[]]
        while position < len(tokens):
            piece = tokens[position]
            position += 1
            if piece == closing:
                if any(not alternative for alternative in alternatives):
                    raise PhrasingError(f"{text!r}: an empty alternative in ( | )")
                return alternatives
            if piece == "|":
                if closing != ")":
                    raise PhrasingError(f"{text!r}: | only goes inside ( )")
                alternatives.append([])
            elif piece in "([":
                raise PhrasingError(f"{text!r}: brackets inside brackets are not supported")
            elif piece in ")]":
                raise PhrasingError(f"{text!r}: {piece} closes a bracket that was never opened")
            else:
                word = _word(piece, optional=closing == "]")
                if word:
                    alternatives[-1].append(word)
        raise PhrasingError(f"{text!r}: a bracket is opened but never closed with {closing}")

    while position < len(tokens):
        piece = tokens[position]
        position += 1
        if piece == "(":
            sequence.append(group(")"))
        elif piece == "[":
            sequence.append(group("]"))
        elif piece in ")]":
            raise PhrasingError(f"{text!r}: {piece} closes a bracket that was never opened")
        elif piece == "|":
            raise PhrasingError(f"{text!r}: | only goes inside ( ), between alternatives")
        elif piece.startswith("-") and len(piece) > 1:
            sequence.append([[piece]])
        else:
            word = _word(piece, optional=False)
            if word:
                sequence.append([[word]])
    return sequence


def _keeps(word: Word, *, drop: frozenset[str]) -> bool:
    if word.exact or word.low is not None:
        return True
    if word.text in drop:
        return False
    return word.text in SIGNIFICANT or (word.text not in STOP_WORDS and word.text.isalnum())


# A compound made of grammar words only ("one-to-one", "one-off") would vanish with them: its words
# are looked for as written instead.
_COMPOUND = re.compile(r"(?<![\w\"-])[^\W_]+(?:-[^\W_]+)+(?![\w\"-])")


def _spell_out_compound(match: re.Match) -> str:
    parts = match.group().split("-")
    if not all(fold(part) in STOP_WORDS for part in parts):
        return match.group()
    return " ".join(f'"{part}"' for part in parts)


def compile_phrasing(text: str, *, drop: frozenset[str] = frozenset()) -> tuple[Pattern, ...]:
    """Every pattern a phrasing stands for (alternatives expanded); raises PhrasingError."""
    any_polarity = text.lstrip().startswith("~")
    text = _COMPOUND.sub(_spell_out_compound, text)
    sequence = _parse(text.lstrip().removeprefix("~"))
    patterns = []
    for choice in itertools.islice(itertools.product(*sequence), MAX_EXPANSIONS):
        flat = [item for alternative in choice for item in alternative]
        excluded = tuple(
            fold(item[1:]) for item in flat if isinstance(item, str) and item.startswith("-")
        )
        words = [item for item in flat if isinstance(item, Word)]
        surface = {w.text for w in words}
        negated = any(is_negator(w.text) or w.text in NEGATORS for w in words if not w.exact)
        ordered = bool(surface & ORDER_WORDS) or ("from" in surface and "to" in surface)
        kept = tuple(
            w
            for w in words
            if _keeps(w, drop=drop) or (ordered and w.text == "to") or is_negator(w.text)
        )
        if not any(not w.optional and not is_negator(w.text) for w in kept):
            # only grammar words ("as well"): take them as written
            kept = tuple(words)
        if kept:
            patterns.append(Pattern(text, kept, negated, ordered, excluded, any_polarity))
    if not patterns and text.strip():
        raise PhrasingError(f"{text!r}: no word to look for")
    return tuple(dict.fromkeys(patterns))


def phrasing_error(text: str) -> str | None:
    """What is wrong with a phrasing, for the importer and the admin; None when it is fine."""
    try:
        compile_phrasing(text)
    except PhrasingError as error:
        return str(error)
    return None
