"""Text primitives for the marking engine: tokens with offsets, concepts, negation, cues.

A learner's words become `Token`s that remember where they stood in the original answer (so the
feedback can quote and highlight them) and carry a *concept*: the word with British spelling,
stemmed with the Snowball stemmer, then mapped through a small table of synonyms. Matching
compares concepts, so "complaint", "complaints" and "complaining", or "staff" and "colleague",
meet; misspellings are forgiven by rapidfuzz against the question's own vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import jellyfish
from rapidfuzz.distance import OSA

from assessment import lexicon

# A number with its unit run on ("5c", "63C", "30mins", "2kg") is two words, the number and its unit.
_NUMBER_BEFORE_UNIT = r"\d+(?=(?:c|f|kg|g|mg|ml|l|cm|mm|m|km|s|secs?|mins?|hrs?|h|bpm|p)\b)|"
WORD = re.compile(
    _NUMBER_BEFORE_UNIT + r"[^\W_]+(?:['\u2019][^\W_]+)*|\u2192|->|=>|(?<![=<>!])=(?![=])",
    re.UNICODE,
)
# Notes-style answers link cause and effect with arrows and equals signs: read them as "leads".
ARROWS = frozenset({"\u2192", "->", "=>", "="})
# Sentences end at . ! ? ; at a blank line and at a new line that starts a bullet ("- ", "* ",
# "1. "); a single line break is only white space. Clauses (the reach of a negation) also end at
# commas, colons, dashes and conjunctions.
SENTENCE_END = re.compile(r"[.!?;]+|\n\s*\n|\n\s*(?:[-*\u2022]|\d+[.)])\s")
# Full stops that end no sentence: abbreviations ("e.g.", "i.e.", "etc.") and decimal points.
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|eg|ie|etc|vs|approx|mr|mrs|ms|dr)\.|\d\.\d")


_ABBREVIATION_HINTS = ("e.g", "i.e", "eg.", "ie.", "etc.", "vs.", "approx.", "mr", "ms.", "dr.")
_DECIMAL = re.compile(r"\d\.\d")


def _unabbreviated(folded: str) -> str:
    """The text with those full stops blanked, one character for one, so offsets still hold."""
    if "." not in folded:
        return folded
    # most answers hold none: plain substring tests are cheaper than the pattern at every stop
    if not any(hint in folded for hint in _ABBREVIATION_HINTS) and not _DECIMAL.search(folded):
        return folded
    return _ABBREVIATION.sub(lambda match: match.group().replace(".", " "), folded)


CLAUSE_PUNCTUATION = re.compile(r",|:|\s[-\u2013\u2014]\s|\u2192|->|=>")
CLAUSE_WORDS = frozenset("but however whereas although though while whilst yet so because".split())
# The same three patterns for the commonest text, one with no line break, dash, arrow or equals
# sign: each then starts with a character class, which the regex engine skips ahead to, instead of
# trying every alternative at every position (a third of the time tokenize takes).
_PLAIN_SENTENCE_END = re.compile(r"[.!?;]+")  # without a line break
_PLAIN_CLAUSE_PUNCTUATION = re.compile(r"[,:]")  # and below, without any of _NOT_PLAIN
_PLAIN_WORD = re.compile(_NUMBER_BEFORE_UNIT + r"[^\W_]+(?:['\u2019][^\W_]+)*")
_ASCII_WORD = re.compile(_NUMBER_BEFORE_UNIT + r"[a-zA-Z0-9]+(?:'[a-zA-Z0-9]+)*")  # in ASCII text
_NOT_PLAIN = "-=\u2192\u2013\u2014"

STOP_WORDS = frozenset(
    """a an the and or of to in on at by for with from as is are was were be been being am it its
    this that these those there their they them he she his her him you your yours we our us i me my
    mine do does did doing have has had having will would shall should can could may might must
    if then than so such very just also too into onto over under about up down out off again only
    own same other some any each every both few more most much many what which who whom whose when
    where why how all s t get gets got make makes made really quite etc eg e g ie i e one thing things
    way ways lot lots""".split()
)
NEGATORS = frozenset(
    """not no non never none nobody nothing neither nor cannot cant without hardly barely isnt arent
    wasnt werent dont doesnt didnt wont wouldnt shouldnt couldnt hasnt havent hadnt mustnt""".split()
)
# Words that make a sentence report a claim rather than assert it ("it is a myth that ...").
DISTANCING = frozenset("myth misconception untrue false wrong mistake mistaken incorrect".split())

# Examiner filler: words of a question or marking point that say what to do, not what to find.
EXAMINER_WORDS = frozenset(
    """award credit candidate candidates learner learners student students answer answers response
    identifies identify identified names name named states state stated describes describe
    described explains explain explained gives give given shows show demonstrates demonstrate
    demonstrating demonstration understanding understand recognises recognise recognising mentions
    mention refers refer referencing reference references clear clearly accurately accurate
    relevant appropriate appropriately correctly valid least point points mark marks e.g eg
    example examples such including include includes""".split()
)
# Inside a marking point's own text, only the words that never say what to find are dropped: many
# examiner verbs are also words of a subject ("credit" in business, "response" in biology, "state"
# in politics), so those are dropped only as the point's opening ("Award credit for naming ...").
EXAMINER_QUALIFIERS = frozenset(
    """award candidate candidates learner learners student students identifies identify identified
    describes describe described explains explain explained demonstrates demonstrate demonstrating
    mentions mention clear clearly accurately accurate relevant appropriate appropriately correctly
    valid least e.g eg""".split()
)
EXAMINER_OPENING = re.compile(
    r"^\W*(?:(?:award|give)\s+(?:credit|marks?)\s+(?:for|to)\s+|credit\s+(?:for|to)\s+)?"
    r"(?:(?:the\s+)?(?:candidate|learner|student|answer|response)s?\s+)?"
    r"(?:(?:clearly|accurately|correctly|briefly)\s+)?"
    r"(?:identif(?:y|ies|ied|ying)|names?|naming|named|states?|stating|stated|describ(?:e|es|ed|ing)"
    r"|explain(?:s|ed|ing)?|gives?|giving|shows?|showing|demonstrat(?:e|es|ing)|recognis(?:e|es|ing)"
    r"|mention(?:s|ing)?|refers?\s+to|referring\s+to|notes?|outlines?|suggests?|makes?\s+the\s+point"
    r"|says|saying)"
    r"(?:\s+(?:an?\s+)?(?:understanding|knowledge|awareness)\s+(?:of|that))?(?:\s+that)?\b",
    re.I,
)

# British spellings: the engine compares in British English.
US_TO_UK = {
    "color": "colour",
    "behavior": "behaviour",
    "favor": "favour",
    "favorite": "favourite",
    "honor": "honour",
    "labor": "labour",
    "neighbor": "neighbour",
    "humor": "humour",
    "flavor": "flavour",
    "center": "centre",
    "theater": "theatre",
    "meter": "metre",
    "license": "licence",
    "defense": "defence",
    "offense": "offence",
    "program": "programme",
    "catalog": "catalogue",
    "dialog": "dialogue",
    "fulfill": "fulfil",
    "enroll": "enrol",
    "analyze": "analyse",
    "paralyze": "paralyse",
    "check-in": "checkin",
    "judgment": "judgement",
    "aging": "ageing",
    "gray": "grey",
    "mold": "mould",
    "practicing": "practising",
}
_IZE = re.compile(r"(?<=[a-z]{2})iz(e|es|ed|ing|ation|ations|er|ers)$")
_OR = re.compile(r"(?<=[a-z][^u])or(s|ed|ing|able)?$")


# Synonym groups of everyday English that WordNet's first senses miss, kept as data beside the
# engine (assessment/data/synonyms.txt, one group a line). No subject's vocabulary belongs there:
# a subject's terms are the tutors' to write as phrasings.
def data_lines(path: Path) -> list[str]:
    """The lines of a data file that say something: `#` starts a comment, blank lines are skipped."""
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


SYNONYM_GROUPS = data_lines(Path(__file__).resolve().parent / "data" / "synonyms.txt")

# Which mechanisms are on: the benchmark switches each off to measure what it brings.
FEATURES = {
    "fidelity": True,  # every meaningful word of a phrasing, specificity-weighted own words
    "lexicon": True,  # WordNet derivations and close synonyms
    "relations": True,  # order, antonym reversal
    "one_span": True,  # one piece of evidence earns one point
    "structure": True,  # clause and reason structure for describe / explain
    "own_words_beside_accept": True,  # a point's own text counts even when it has phrasings
    "examples_in_long_points": True,
    "own_clauses": True,
    "roles": True,  # where a movement starts and ends: "out of the cells" is not "into" them
    "headings": True,  # "Cons: surgery, infection" describes each item in a weighing-up answer
    "conclusions": True,  # "Overall, ..." after reasons is a supported judgement
    "prevention": True,  # "stops X doing Y" is "X can't do Y"
    "sounds": True,  # misspellings that sound like the word ("reputashun", "diokside")
    "informal": True,  # informal spellings of everyday words ("becuz", "cud", "dosent")
    "spare_word": True,  # a phrasing of three words or more, met without its least specific word
    "group_labels": True,  # "Push: ... Pull: ...": an item sorted under another group's name
}


# Informal spellings of everyday words ("becuz", "cud", "dosent"), read as the word they stand for
# (assessment/data/informal.txt); apostrophes go, as they do from every word.
INFORMAL: dict[str, str] = {
    informal.replace("'", ""): standard.replace("'", "")
    for informal, standard in (
        line.split()
        for line in data_lines(Path(__file__).resolve().parent / "data" / "informal.txt")
    )
}


@lru_cache(maxsize=65536)
def british(word: str) -> str:
    if word in US_TO_UK:
        return US_TO_UK[word]
    word = _IZE.sub(lambda m: "is" + m.group(1), word)
    # American -or (color, odor, rumor), where the -our form is a word: "doctor", "debtor" and
    # "sector" stay as they are, so that the word lists still know them.
    ours = _OR.sub(lambda m: "our" + (m.group(1) or ""), word)
    if ours != word and lexicon.is_known(ours):
        word = ours
    if word.endswith("yze"):
        word = word[:-3] + "yse"
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return lexicon.stem(british(word))


_SYNONYMS: dict[str, str] = {}
for _group in SYNONYM_GROUPS:
    _stems = [stem(word) for word in _group.split()]
    for _stem in _stems:
        _SYNONYMS.setdefault(_stem, _stems[0])


@lru_cache(maxsize=65536)
def concept(word: str) -> str:
    """The comparable form of one lower-case word."""
    stemmed = stem(word)
    return _SYNONYMS.get(stemmed, stemmed)


_PLAIN = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


@lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    folded = unicodedata.normalize("NFKC", character).translate(_PLAIN).lower()
    return folded if len(folded) == 1 else character


@lru_cache(maxsize=65536)
def is_negator(word: str) -> bool:
    return word in NEGATORS or (
        word.endswith("nt")
        and word[:-2]
        in {
            "is",
            "are",
            "was",
            "were",
            "do",
            "does",
            "did",
            "wo",
            "would",
            "should",
            "could",
            "has",
            "have",
            "had",
            "must",
            "ca",
            "need",
        }
    )


class _FoldTable(dict):
    """str.translate's table for fold: each character's folded form, worked out when first met."""

    def __missing__(self, code: int) -> str:
        if len(self) >= 4096:  # any text may come in: keep it bounded
            self.clear()
        folded = self[code] = _fold_character(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case, compatibility forms, curly quotes and dashes made plain, one character for one
    character, so that offsets into the folded text are offsets into the original."""
    if text.isascii():  # the common case, and the same result: nothing to fold but case
        return text.lower()
    return text.translate(_FOLD_TABLE)


class Token(NamedTuple):  # a named tuple: answers make thousands of these, and it is cheap
    word: str  # folded, apostrophes removed ("doesn't" -> "doesnt")
    stem: str  # British spelling, stemmed; every negator is "not"
    concept: str  # the stem through the synonym table
    start: int  # offsets into the original text
    end: int
    sentence: int
    clause: int
    index: int
    is_stop: bool = False
    is_negator: bool = False


@lru_cache(maxsize=200_000)
def _facts(matched: str) -> tuple[str, str, str, bool, bool, bool]:
    """(word, stem, concept, is a stop word, is a negator, is a conjunction) of one folded match:
    the word loses its apostrophes ("doesn't" -> "doesnt"), an arrow reads "leads"."""
    word = matched
    if "'" in word:
        word = word.replace("'", "")
    elif not word[0].isalnum() and word in ARROWS:
        word = "leads"
    if FEATURES["informal"]:
        word = INFORMAL.get(word, word)
    conjunction = word in CLAUSE_WORDS
    if is_negator(word):
        return word, "not", "not", word in STOP_WORDS, True, conjunction
    return word, stem(word), concept(word), word in STOP_WORDS, False, conjunction


# Small: an answer is tokenized a few times while it is marked, then not again. Its tokens are
# objects the garbage collector must walk, so thousands kept would slow every full collection.
@lru_cache(maxsize=64)
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens with their offsets in `text` (the original string), sentence and clause numbers."""
    folded = fold(text)
    after_end = len(folded) + 1  # past every word: the breaks' lists end with it
    sentence_end = SENTENCE_END if "\n" in folded else _PLAIN_SENTENCE_END
    plain = not any(character in folded for character in _NOT_PLAIN)
    clause_punctuation = _PLAIN_CLAUSE_PUNCTUATION if plain else CLAUSE_PUNCTUATION
    sentence_breaks = [m.start() for m in sentence_end.finditer(_unabbreviated(folded))]
    clause_breaks = sorted(
        sentence_breaks + [m.start() for m in clause_punctuation.finditer(folded)]
    )
    sentence_breaks.append(after_end)
    clause_breaks.append(after_end)
    # The words come in order, so the breaks before each are counted as they are passed.
    sentence = clause = 0
    next_sentence, next_clause = sentence_breaks[0], clause_breaks[0]
    make = tuple.__new__
    facts = _facts
    tokens: list[Token] = []
    append = tokens.append
    conjunctions = 0  # a conjunction ends the clause before the words after it
    words = (_ASCII_WORD if folded.isascii() else _PLAIN_WORD) if plain else WORD
    for match in words.finditer(folded):
        start, end = match.span()
        while next_sentence < start:
            sentence += 1
            next_sentence = sentence_breaks[sentence]
        while next_clause < start:
            clause += 1
            next_clause = clause_breaks[clause]
        word, word_stem, word_concept, stop, negator, conjunction = facts(match.group())
        append(
            make(
                Token,
                (
                    word,
                    word_stem,
                    word_concept,
                    start,
                    end,
                    sentence,
                    clause + conjunctions,
                    len(tokens),
                    stop,
                    negator,
                ),
            )
        )
        if conjunction:
            conjunctions += 1
    return tuple(tokens)


# Function words that carry the meaning of a tutor's phrasing ("only what is needed", "buy again").
SIGNIFICANT = frozenset(
    """only before after more less most least own same other again over under all every each few
    many much long often always never out into from than up down off away first last""".split()
)


def content_concepts(
    text: str, *, drop: frozenset[str] = frozenset(), literal: bool = False
) -> tuple[str, ...]:
    """The meaningful words of `text` as concepts (synonyms merged), in order, without repeats.
    `literal` (a tutor's phrasing) compares stems instead, keeps the function words that change a
    phrase's meaning ("only what is needed") and keeps its negation ("can't give")."""
    seen: dict[str, None] = {}
    for token in tokenize(text):
        if literal and (token.is_negator or token.word in SIGNIFICANT):
            seen.setdefault(token.stem, None)
            continue
        if token.is_stop or token.is_negator or token.word in drop:
            continue
        if token.word.isdigit() and len(token.word) == 4:  # years: "Act 2015" matches "Act"
            continue
        seen.setdefault(token.stem if literal else token.concept, None)
    return tuple(seen)


def fuzzy_equal(answer_word: str, target_word: str) -> bool:
    """A misspelling of the target: one edit for 5-7 letters, two from 8, same first letter."""
    if len(target_word) < 5 or answer_word[:1] != target_word[:1]:
        return False
    allowed = 1 if len(target_word) < 8 else 2
    if abs(len(answer_word) - len(target_word)) > allowed:
        return False
    return OSA.distance(answer_word, target_word, score_cutoff=allowed) <= allowed


# A word spelt by ear sounds like the word meant: the same Metaphone key (Lawrence Philips'
# spelling-to-sound rules, from jellyfish). Keys shorter than this are shared by too many words.
MIN_SOUND_KEY = 3


def sound_key(word: str) -> str:
    return jellyfish.metaphone(word)


# What makes a reason: a connective followed by a clause, or a verb of consequence followed by
# what it brings about (assessment.scoring reads the clause that follows each).
REASON_CONNECTIVES = (
    "because",
    "cos",
    "coz",
    "since",
    "as",
    "so",
    "so that",
    "therefore",
    "thus",
    "hence",
    "as a result",
    "which means",
    "this means",
    "that means",
    "meaning",
    "in order to",
    "to make sure",
    "due to",
    "otherwise",
    "if",
    "when",
    "then",
    "which",
    "this",
    "that",
    "to",
)
CONSEQUENCE_VERBS = frozenset(
    """lead leads led leading result results resulting help helps helping allow allows enable
    enables ensure ensures prevent prevents stop stops avoid avoids reduce reduces increase
    increases improve improves cause causes causing mean means make makes give gives keep keeps
    build builds create creates attract attracts encourage encourages protect protects save saves
    will would can could might may show shows""".split()
)
EXAMPLE_CUES = (
    "for example",
    "for instance",
    "e.g",
    "eg",
    "such as",
    "like when",
    "like a",
    "like the",
    "like my",
    "at my",
    "in my",
    "where i work",
    "i work",
    "my job",
    "my workplace",
    "our company",
    "at work",
    "when i",
    "once i",
    "imagine",
)


@lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the cue phrases as whole words, with any run of spaces or line breaks between
    their words ("for  example" and "for\nexample" are "for example")."""
    phrases = (r"\s+".join(re.escape(word) for word in cue.split()) for cue in cues)
    return re.compile(r"(?<![a-z])(?:" + "|".join(phrases) + r")(?![a-z])")


def _has_cue(folded: str, cues: tuple[str, ...]) -> bool:
    return _cue_pattern(cues).search(folded) is not None


def has_reason(text: str) -> bool:
    """A reason cue anywhere in the text (the rule without clause structure)."""
    return _has_cue(fold(text), (*REASON_CONNECTIVES, *sorted(CONSEQUENCE_VERBS)))


def has_example(text: str, places: tuple[str, ...] = ()) -> bool:
    """An example cue ("for example", "at work", "in my"), or one of the subject's own words for
    a place an example happens (`places`: the content's, such as shop or ward; none here)."""
    folded = fold(text)
    if _has_cue(folded, EXAMPLE_CUES):
        return True
    return bool(places) and any(token.word in places for token in tokenize(text))


_GROUP_OF: dict[str, tuple[str, ...]] = {}
for _group in SYNONYM_GROUPS:
    _members = tuple(dict.fromkeys(stem(word) for word in _group.split()))
    for _member in _members:
        _GROUP_OF.setdefault(_member, _members)


def synonym_stems(word: str) -> tuple[str, ...]:
    """The stems of the words the synonym table puts with this one."""
    return _GROUP_OF.get(stem(word), ())
