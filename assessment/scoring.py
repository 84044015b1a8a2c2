"""The marking engine: score a learner's written answer against the examiner's marking points.

Pure Python, deterministic, no Django, no subject vocabulary. Each marking point is judged, the
points earned are combined by the question's method (points, bands or rules), and every verdict
says what was found: a reason code (`status`) and the learner's own words as evidence (with
offsets, so the page can highlight them). Sentences for learners are made at display time
(assessment.wording), never here.

How a point is found (the mechanisms, each measured in docs/benchmarks.md):
1. **Phrase fidelity.** A tutor's phrasing (assessment.phrasing) is found only when every word
   that carries meaning is there, quantity and kind words included ("how long", "type of"), in
   one sentence and close together. A point's own text counts too, but only when most of its
   specific words are there: how specific a word is comes from wordfreq, and the question's own
   words count for little, so repeating the question or a common word earns nothing.
2. **Words meet as words do.** British spelling, lemmas and Snowball stems, WordNet derivations
   (secure ~ security, store ~ storage) and close synonyms (first senses only), and one or two typos in a word that
   is not itself an English word (assessment.lexicon).
3. **Relations.** With "than" or "from ... to", order matters; the same words the other way round,
   or with one word swapped for its antonym (more ~ less, high ~ low), is a reversed statement:
   it earns nothing and is reported. A negation just before or inside a match ("do not share")
   turns it round unless the phrasing itself is negated.
4. **One piece of evidence, one point.** Points take their evidence best match first; words
   already used by another point cannot earn a second one.
5. **Structure, not punctuation.** "Describe" needs a clause that says something about the term
   (a verb, not a list of terms); "explain" also needs a reason: a connective followed by a
   clause ("because loyalty" is not one).
6. **Known wrong ideas** are found the same way, first; a point they contradict is not awarded.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, DamerauLevenshtein

from assessment import lexicon
from assessment.phrasing import (
    NUMBER_WORDS,
    Pattern,
    PhrasingError,
    compile_phrasing,
    number_value,
)
from assessment.scoring_methods import scoring_method
from assessment.spec import DEPTH_OF_COMMAND_WORD, PointSpec, QuestionSpec
from assessment.text import (
    CONSEQUENCE_VERBS,
    DISTANCING,
    EXAMINER_OPENING,
    EXAMINER_QUALIFIERS,
    EXAMINER_WORDS,
    FEATURES,
    MIN_SOUND_KEY,
    REASON_CONNECTIVES,
    SIGNIFICANT,
    STOP_WORDS,
    Token,
    british,
    content_concepts,
    fold,
    fuzzy_equal,
    has_example,
    has_reason,
    is_negator,
    sound_key,
    synonym_stems,
    tokenize,
)

ALTERNATIVES_START = re.compile(
    r"\b(?:such as|e\.g\.?|eg|for example|for instance|including|like)\s", re.I
)
ALTERNATIVE_SPLIT = re.compile(r",|;|\(|\)|/|\bor\b|\band\b", re.I)
_CONTINUES = re.compile(r"(?:also|and|plus|this|that|it also|they also|as well)\b")
REPORTED = re.compile(r"\b(?:some people|people|many|others|they)\s+(?:think|believe|say|assume)\b")
ONLY_WORDS = frozenset({"only", "just", "merely", "simply", "solely"})


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class PointVerdict:
    key: str
    text: str
    earned: bool
    marks_awarded: int
    marks_available: int
    # the reason code: earned | missed | named_not_explained | no_example | contradicted |
    # partial_ideas | reversed | negated | misplaced (under another group's label)
    status: str
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""  # kept empty by the engine; assessment.wording says it in words
    ideas_found: list[str] = field(default_factory=list)
    depth: str = ""  # what the point asked for: identify | describe | explain
    ideas_named: list[str] = field(default_factory=list)
    ideas_missing: list[str] = field(default_factory=list)
    ideas_needed: int = 0
    wrong_idea: str = ""  # for "contradicted": the key of the wrong idea


@dataclass
class WrongIdeaHit:
    key: str
    statement: str
    correction: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ScoreResult:
    mark: int
    max_marks: int
    method: str
    points: list[PointVerdict]
    wrong_ideas: list[WrongIdeaHit] = field(default_factory=list)
    summary: str = ""  # a code: answered | empty | echo


# --- compiled phrasings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    surface: str
    keys: tuple[tuple[str, float], ...]  # stems that meet it, with what each is worth
    weight: float  # how specific the word is; the question's own words count less
    exact: bool = False
    optional: bool = False
    low: float | None = None
    high: float | None = None
    antonyms: frozenset[str] = frozenset()
    worth: dict[str, float] = field(init=False, compare=False, repr=False)  # keys, as a dict

    def __post_init__(self) -> None:
        object.__setattr__(self, "worth", dict(self.keys))  # frozen: set once, here


@dataclass(frozen=True)
class Phrase:
    source: str
    slots: tuple[Slot, ...]
    negated: bool = False
    ordered: bool = False
    excluded: frozenset[str] = frozenset()
    coverage: float = 1.0  # share of the slots' weight that must be found
    own: bool = False  # the point's own words rather than a tutor's phrasing
    spare: bool = False  # a tutor's phrasing that is met without its least specific word
    sparable: frozenset[int] = frozenset()  # the slots it may be met without (AnswerIndex._spared)
    any_polarity: bool = False  # a negation in the answer does not turn it round
    # for a quick "not here": the stems each required plain slot may be met by
    required_stems: tuple[frozenset[str], ...] = ()
    reversible: bool = False  # some required slot has antonyms
    total_weight: float = 1.0  # of the required slots
    required_count: int = 0
    # (direction slot, the slot it says it of, the direction): "costs rise" is (1, 0, up)
    directions: tuple[tuple[int, int, str], ...] = ()
    said: frozenset[str] = frozenset()  # the stems of its required words
    specific: float = 0.0  # own words: the weight of the most specific word
    alone: bool = False  # own words of a point with no phrasings of the tutor's
    # (slot, its role in a movement): "out of the cells into the blood" is ((cells, source),
    # (blood, goal)); the same words in the other roles are a reversed statement
    roles: tuple[tuple[int, str], ...] = ()
    preventing: tuple[int, ...] = ()  # slots of verbs like "stops" that a negation may stand for
    essential: tuple[int, ...] = ()  # own words never met without (negators, "stops", numbers)
    echoes: frozenset[int] = frozenset()  # words that are the question's: they count for less
    # (position, optional, weight) of each slot, as finding the phrase reads them
    plan: tuple[tuple[int, bool, float], ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        plan = tuple((position, s.optional, s.weight) for position, s in enumerate(self.slots))
        object.__setattr__(self, "plan", plan)  # frozen: set once, here


# Not frozen, though never changed: an answer makes dozens, and a frozen one is slower to make.
@dataclass(slots=True)
class Occurrence:
    tokens: tuple[Token, ...]
    sentence: int
    score: float
    kind: str = "match"  # match | reversed | negated | misplaced
    said: frozenset[str] = frozenset()  # the phrasing's words: one wording may serve two points


# Verbs that say something will not happen: "stops hackers getting in" says what "hackers can't
# get in" says, and "blocks traffic so hackers can't get in" is not a negation of it.
PREVENTS = "+prevents"  # the key all of them share
PREVENTING = frozenset(
    """stop stops stopped stopping prevent prevents prevented preventing block blocks blocked
    blocking avoid avoids avoided avoiding""".split()
)


@lru_cache(maxsize=65536)
def _slot(word, prompt_stems: frozenset[str]) -> Slot:
    """One word of a phrasing as the engine looks for it; the same word of the same question is
    the same slot, so an answer looks for it once."""
    if word.low is not None:
        return Slot(word.text, (), 1.0, low=word.low, high=word.high, optional=word.optional)
    text = british(word.text)
    if is_negator(text) and not word.exact:
        return Slot(text, (("not", 1.0),), 1.0, optional=word.optional)
    if word.exact:
        return Slot(text, ((text, 1.0),), 1.0, exact=True, optional=word.optional)
    keys = dict(lexicon.related(text, synonyms=FEATURES["lexicon"]))
    if not FEATURES["lexicon"]:
        keys = {lexicon.stem(text): 1.0}
    for other in synonym_stems(text):
        keys.setdefault(other, lexicon.SYNONYM)
    stem = lexicon.stem(text)
    weight = lexicon.specificity(text) if FEATURES["fidelity"] else 1.0
    if stem in prompt_stems:
        weight *= 0.3
    if FEATURES["prevention"] and text in PREVENTING:
        keys.setdefault(PREVENTS, lexicon.DERIVED)  # "stops" meets "prevents", "blocks"
        keys.setdefault("not", lexicon.SYNONYM)  # "stops X getting in": "X can't get in"
    antonyms = lexicon.antonyms(text) if FEATURES["relations"] else frozenset()
    return Slot(
        text,
        tuple(sorted(keys.items())),
        weight,
        optional=word.optional,
        antonyms=antonyms - set(keys),
    )


def _phrases(text: str, prompt_stems: frozenset[str], *, own: bool = False) -> tuple[Phrase, ...]:
    try:
        patterns = compile_phrasing(
            EXAMINER_OPENING.sub(" ", text) if own else text,
            drop=EXAMINER_QUALIFIERS if own else frozenset(),
        )
    except PhrasingError:
        return ()
    return tuple(_phrase(pattern, prompt_stems, own=own) for pattern in patterns)


# A tutor's phrasing of three words or more is met without its least specific word ("water
# leaves [the potato]", "a stent is [better] because the artery is already narrowed"): learners
# leave out what the question or the sentence already makes plain. See AnswerIndex._spared.
SPARE_FROM = 3
OWN_COVERAGE = 0.4  # 0.3-0.5 did as well on the blind sets; 0.6 worse


def _phrase(pattern: Pattern, prompt_stems: frozenset[str], *, own: bool) -> Phrase:
    slots = tuple(_slot(word, prompt_stems) for word in pattern.words)
    required = [s for s in slots if not s.optional]
    if own and FEATURES["fidelity"]:
        # a point's own sentence is the examiner's whole idea, not a phrase: learners say part of
        # it in their own words, so two-fifths of its weight will do (with a specific word, and
        # at least two words of three or more; see _specific_enough)
        coverage = 1.0 if len(required) <= 2 else OWN_COVERAGE
    elif own:
        coverage = 1.0 if len(required) <= 2 else (0.6 if len(required) < 5 else 0.5)
    else:
        coverage = 1.0 if FEATURES["fidelity"] else 0.99
    spare = not own and FEATURES["fidelity"] and FEATURES["spare_word"]
    spare = spare and len(required) >= SPARE_FROM
    if spare:  # all but the least specific word carry at least this share of the weight
        coverage = (len(required) - 1) / len(required)
    plain = [s for s in required if not s.exact and s.low is None]
    directions = _directions(slots) if FEATURES["relations"] else ()
    roles = _roles(slots) if FEATURES["roles"] else ()
    preventing = tuple(
        i for i, slot in enumerate(slots) if slot.surface in PREVENTING and FEATURES["prevention"]
    )
    # the words a point's own text or a spared phrasing is never met without: what turns it round
    # ("not", "prevents"), its numbers ("five to seven years" is not met by "ten years") and a
    # tutor's exact forms
    essential = tuple(
        i
        for i, slot in enumerate(slots)
        if not slot.optional
        and (
            slot.keys == (("not", 1.0),)
            or i in preventing
            or (own and number_value(slot.surface) is not None)
            or (not own and (slot.exact or slot.low is not None))
        )
    )
    # a spared phrasing's least specific plain words, unless they turn it round or are words of
    # relation ("before", "more", "from")
    least = min((s.weight for s in required), default=0.0)
    sparable = frozenset(
        i
        for i, slot in enumerate(slots)
        if spare
        and not (slot.optional or slot.exact or slot.low is not None)
        and slot.weight <= least
        and slot.surface not in SIGNIFICANT
        and i not in essential
    )
    return Phrase(
        pattern.source,
        slots,
        total_weight=sum(s.weight for s in required) or 1.0,
        required_count=len(required),
        required_stems=tuple(frozenset(k for k, _ in s.keys) for s in plain),
        reversible=any(s.antonyms for s in required),
        negated=pattern.negated,
        any_polarity=pattern.any_polarity,
        ordered=pattern.ordered and FEATURES["relations"],
        excluded=frozenset(lexicon.stem(british(w)) for w in pattern.excluded),
        coverage=coverage,
        own=own,
        spare=spare,
        sparable=sparable,
        directions=directions,
        roles=roles,
        preventing=preventing,
        specific=_specific(required) if own else 0.0,
        essential=essential,
        echoes=frozenset(
            i for i, slot in enumerate(slots) if lexicon.stem(slot.surface) in prompt_stems
        ),
        # a tutor's wording of two words or more; a point's own text shares nothing
        said=frozenset()
        if own or len(plain) < 2
        else frozenset(lexicon.stem(s.surface) for s in plain),
    )


def _sparable(phrase: Phrase) -> int:
    """A bit for each of the phrasing's sparable words, in the order of its plain words."""
    plain = [
        index
        for index, slot in enumerate(phrase.slots)
        if not slot.optional and not slot.exact and slot.low is None
    ]
    return sum(1 << position for position, index in enumerate(plain) if index in phrase.sparable)


# Where a movement starts and where it ends ("out of the cells", "from a dilute solution"; "into
# the blood", "to a concentrated one"). "to" marks an end only in a phrasing that also says
# "from": alone it is as often "to make" as "to the blood".
SOURCE, GOAL = "source", "goal"
ROLE_WORDS = {"from": SOURCE, "out": SOURCE, "into": GOAL, "towards": GOAL, "onto": GOAL}
ROLE_REACH = 3  # words a role reaches past its preposition: "out of the potato cells"


def _roles(slots: tuple[Slot, ...]) -> tuple[tuple[int, str], ...]:
    """Each slot that a movement word before it makes a start or an end."""
    words = {slot.surface for slot in slots}
    role_words = ROLE_WORDS | ({"to": GOAL} if "from" in words else {})
    found, role, reach = [], None, 0
    for position, slot in enumerate(slots):
        if slot.surface in role_words:
            role, reach = role_words[slot.surface], ROLE_REACH
        elif role and reach:
            found.append((position, role))
            reach -= 1
    return tuple(found) if {r for _, r in found} else ()


def _directions(slots: tuple[Slot, ...]) -> tuple[tuple[int, int, str], ...]:
    """Each direction word of a phrasing with the word it is said of: the word before it
    ("costs rise", "spend less"), or after it when it comes first ("less disposable income")."""
    found = []
    for position, slot in enumerate(slots):
        direction = lexicon.DIRECTION.get(slot.surface)
        if direction is None or slot.optional or len(slots) < 2:
            continue
        head = position - 1 if position > 0 else position + 1
        if lexicon.DIRECTION.get(slots[head].surface) is None:
            found.append((position, head, direction))
    return tuple(found)


@dataclass(frozen=True)
class PointMatcher:
    point: PointSpec
    phrases: tuple[Phrase, ...]  # any one of them earns the point
    ideas: tuple[tuple[str, tuple[Phrase, ...]], ...]  # (label, phrases) for "at least N" points
    judges: bool = False  # it asks for the overall judgement (_judges)


@dataclass(frozen=True)
class WrongIdeaMatcher:
    key: str
    statement: str
    correction: str
    contradicts: tuple[str, ...]
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class QuestionMatcher:
    question: QuestionSpec
    prompt_stems: frozenset[str]
    points: tuple[PointMatcher, ...]
    wrong_ideas: tuple[WrongIdeaMatcher, ...]
    point_texts: tuple[frozenset[str], ...]  # each point's words, to know a pasted copy
    vocabulary: tuple[str, ...]  # surface words a misspelling may be of
    sounds: dict[str, tuple[str, ...]]  # a sound key -> the vocabulary's words with that key
    stems_of: dict[str, tuple[str, ...]]  # surface word -> the stems it stands for
    parts: dict[str, frozenset[str]]  # a part's letter -> its words' stems ("(b) ... a fridge")
    # An answer's words tell at once which phrases could be there at all (most are not). Every
    # required plain slot of every phrase has one bit of a big integer; a stem maps to the bits
    # of the slots it satisfies (and of those whose antonym it is), so a sentence's words are
    # OR-ed together once instead of phrase by phrase, and to the phrases that need only a share
    # of their words (own words), which are then checked one by one.
    stem_bits: dict[str, tuple[int, int, frozenset[int]]] = field(default_factory=dict)
    # Each phrase's bits are a lane with a spare bit above it (its guard): `lanes` is every bit
    # of the phrases that need all their words, `guards` their guards and `lowest` their lowest
    # bits; `phrase_at` gives a phrase's id from its guard's bit_length().
    lanes: int = 0
    guards: int = 0
    lowest: int = 0
    phrase_at: dict[int, int] = field(default_factory=dict)
    spares: int = 0  # the bits of the words a phrasing may be met without (Phrase.spare)
    # per phrase that needs a share: (its id, its first bit, a mask of its bits, the slots it
    # needs, their weights, the weight needed)
    phrase_layout: tuple[tuple[int, int, int, int, tuple[float, ...], float], ...] = ()
    # the points' groups, each with the stems of its name ("hard_pro": hard, pro), when the
    # question has two groups or more: an answer may sort its items under them (Push: ... Pull:)
    group_names: tuple[tuple[str, frozenset[str]], ...] = ()
    _typos: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def misspelling_of(self, word: str) -> str | None:
        """The question's word this one is a misspelling of (remembered per question: hashing
        the vocabulary for every word would cost more than the look-up)."""
        if word not in self._typos:
            if len(self._typos) >= 20_000:  # a server runs for months: keep it bounded
                self._typos.clear()
            self._typos[word] = _closest(word, self.vocabulary) or _sounds_like(word, self.sounds)
        return self._typos[word]

    def live_phrases(
        self, sentences: dict[int, list[Token]], extra: dict[str, list[Token]]
    ) -> dict:
        """For each phrase that could be in the answer, the sentences that hold enough of its
        words: most phrases are not there at all, and most sentences do not hold a phrase."""
        stem_bits = self.stem_bits
        stems_in: dict[int, set[str]] = {}  # sentence -> its stems that some phrase needs
        for sentence, tokens in sentences.items():
            needed = stem_bits.keys() & {token.stem for token in tokens}
            if needed:
                stems_in[sentence] = needed
        for stem, found in extra.items():
            if stem in stem_bits:
                for token in found:
                    stems_in.setdefault(token.sentence, set()).add(stem)
        live: dict[int, list[int]] = {}
        layout = self.phrase_layout
        lanes, guards, lowest, phrase_at = self.lanes, self.guards, self.lowest, self.phrase_at
        spares = self.spares
        for sentence in sorted(stems_in):
            words_here = antonyms_here = 0
            touched: set[int] = set()
            for stem in stems_in[sentence]:
                word_bits, antonym_bits, phrases = stem_bits[stem]
                words_here |= word_bits
                antonyms_here |= antonym_bits
                if phrases:
                    touched.update(phrases)
            # Every lane at once: adding a lane's all-ones to the lane's missing bits carries
            # into its guard exactly when some bit is missing.
            missing = lanes & ~words_here
            short = (missing + lanes) & guards
            here = guards & ~short
            if antonyms_here or spares:
                # all words but one: a phrasing that may spare one, or a reversed statement if
                # that one's antonym is there. Lane by lane, missing - 1 (borrowing from the
                # guard) shares a bit with missing when two or more are missing.
                several = missing & ((missing | guards) - lowest)
                one_short = short & ~((several + lanes) & guards)
                here |= one_short & ((spares & missing) + lanes)
                if antonyms_here:
                    here |= one_short & ((antonyms_here & missing) + lanes)
            while here:
                guard = here & -here  # the lowest guard left
                live.setdefault(phrase_at[guard.bit_length()], []).append(sentence)
                here ^= guard
            for number in touched:  # own words, one by one (no antonym makes them reversed)
                phrase_id, offset, mask, count, weights, weight_needed = layout[number]
                words = words_here >> offset & mask
                if words.bit_count() < count:
                    continue
                if weight_needed and (
                    sum(w for i, w in enumerate(weights) if words >> i & 1) + 1e-9 < weight_needed
                ):
                    continue
                live.setdefault(phrase_id, []).append(sentence)
        return live


_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_SLASHES = re.compile(r"([^\W_]+(?:\s*/\s*[^\W_]+)+)")


def _own_text(text: str) -> str:
    """A point's own words as a phrasing: "(secretes)" is optional, "liver / muscles" a choice."""
    text = text.replace("[", " ").replace("]", " ").replace("|", " ").replace('"', " ")
    text = _PARENTHESIS.sub(lambda m: "[" + m.group(1).replace("/", " ") + "]", text)
    return _SLASHES.sub(
        lambda m: "(" + "|".join(p.strip() for p in m.group(1).split("/")) + ")", text
    )


_OWN_CLAUSES = r"\bor\b|[,;:]\s*(?:which|so|and so|because|as)\b|\bso that\b|\bbecause\b|\bso\b"
_CLAUSE_END = re.compile(r"[,;:.]|\b(?:so|because|which|as|but)\b", re.I)


def _first_clause(statement: str) -> str:
    """A wrong idea's statement up to its first clause break: the claim, not its consequences."""
    return _CLAUSE_END.split(statement, maxsplit=1)[0]


_LEADING_WORD = re.compile(r"\s*([^\W_]+)")


def _carried(parts: list[str]) -> list[str]:
    """A verb that turns a statement round ("Prevents", "Stops") is said once for every part it
    governs: "Prevents unauthorised access or hackers getting in" does not say "hackers getting
    in"."""
    first = _LEADING_WORD.match(EXAMINER_OPENING.sub(" ", parts[0])) if parts else None
    verb = first.group(1) if first else ""
    if fold(verb) not in PREVENTING:
        return parts
    carried = [parts[0]]
    for part in parts[1:]:
        leading = _LEADING_WORD.match(part)
        starts_with_verb = leading is not None and lexicon.only_verb(fold(leading.group(1)))
        carried.append(part if starts_with_verb else f"{verb} {part}")
    return carried


def _point_phrases(point: PointSpec, prompt_stems: frozenset[str]) -> tuple[Phrase, ...]:
    phrases = [p for accept in point.accept for p in _phrases(accept, prompt_stems)]
    text = point.text
    match = ALTERNATIVES_START.search(text)
    main = text[: match.start()] if match else text
    if phrases and not FEATURES["own_words_beside_accept"]:
        return tuple(phrases)
    if match and not FEATURES["examples_in_long_points"] and len(content_concepts(main)) > 5:
        match = None
    if match:
        for alternative in ALTERNATIVE_SPLIT.split(text[match.end() :]):
            if content_concepts(alternative):
                phrases.extend(_phrases(alternative, prompt_stems))
    # a "-word" exclusion in any phrasing holds for the whole point
    excluded = frozenset().union(*(p.excluded for p in phrases))
    splitter = _OWN_CLAUSES if FEATURES["own_clauses"] else r"\bor\b"
    alone = not point.accept
    own = tuple(
        dataclasses.replace(phrase, alone=alone) if alone else phrase
        for part in _carried(re.split(splitter, _own_text(main)))
        if len(content_concepts(EXAMINER_OPENING.sub(" ", part), drop=EXAMINER_QUALIFIERS)) >= 1
        for phrase in _phrases(part, prompt_stems, own=True)
    )
    # A bare "names a relevant law, such as ..." is found through its examples, not the word "law".
    if not (match and all(len([s for s in p.slots if not s.optional]) <= 1 for p in own)):
        phrases.extend(own)
    if excluded:
        phrases = [dataclasses.replace(p, excluded=p.excluded | excluded) for p in phrases]
    return tuple(phrases)


EXAMINER_STEMS = frozenset(lexicon.stem(british(word)) for word in EXAMINER_WORDS)


def _point_texts(question: QuestionSpec) -> tuple[frozenset[str], ...]:
    """The words of each point's sentences, to know a copy; first, all of them together."""
    clauses = [
        frozenset(t.word for t in tokenize(clause))
        for point in question.points
        for clause in re.split(r"[.;]\s", point.text)
    ]
    texts = [clause for clause in clauses if len(clause) >= 5]
    return (frozenset().union(*clauses), *texts) if texts else ()


_PART = re.compile(r"\(([a-h])\)\s*(.*?)(?=\s*\([a-h]\)|$)", re.S)


def _prompt_parts(prompt: str) -> dict[str, frozenset[str]]:
    """The parts of a question in parts ("State (a) the danger zone; (b) the fridge
    temperature"): each letter with the stems of its words, which an answer's "b)" stands for."""
    parts = {
        letter: frozenset(
            lexicon.stem(british(t.word))
            for t in tokenize(text)
            if not t.is_stop and t.word not in EXAMINER_WORDS
        )
        for letter, text in _PART.findall(prompt)
    }
    return parts if len(parts) >= 2 else {}


# The letter of an answer's part: "(b)", "b)", "b.", "b:", "b -" (not the article "a" in a
# sentence).
_LABEL_AFTER = frozenset(").:-\u2013=")


def _part_label(answer: str, token: Token) -> bool:
    after = answer[token.end : token.end + 2].lstrip(" ")
    return after[:1] in _LABEL_AFTER or answer[token.start - 1 : token.start] == "("


def _parts_apart(
    answer: str, tokens: tuple[Token, ...], parts: dict[str, frozenset[str]]
) -> tuple[tuple[Token, ...], frozenset[int]]:
    """The answer with each part ("b) 5°C or below") a sentence of its own, so that its words
    meet only its part's words; and the indexes of the letters that open the parts."""
    labels = frozenset(t.index for t in tokens if t.word in parts and _part_label(answer, t))
    apart = []
    count = 0
    for token in tokens:
        count += token.index in labels
        if count:
            token = token._replace(
                sentence=token.sentence * 1024 + count, clause=token.clause + count
            )
        apart.append(token)
    return tuple(apart), labels


@lru_cache(maxsize=1024)
@lexicon.collector_paused()
def question_matcher(question: QuestionSpec) -> QuestionMatcher:
    prompt_stems = frozenset(
        lexicon.stem(british(t.word))
        for t in tokenize(question.prompt)
        if not t.is_stop and t.word not in EXAMINER_WORDS
    )
    points = []
    for point in question.points:
        ideas = tuple(
            (
                idea.label,
                tuple(
                    p for text in (idea.label, *idea.accept) for p in _phrases(text, prompt_stems)
                ),
            )
            for idea in point.ideas
        )
        points.append(
            PointMatcher(point, _point_phrases(point, prompt_stems), ideas, _judges(point))
        )
    wrong_ideas = tuple(
        WrongIdeaMatcher(
            wrong.key,
            wrong.statement,
            wrong.correction,
            wrong.contradicts,
            tuple(
                # a wrong idea is a precise claim: its words in its order, or it is not it
                # ("white blood cells produce antigens" is not "... antigens and produce antibodies")
                dataclasses.replace(
                    p,
                    ordered=FEATURES["relations"],
                    spare=False,
                    sparable=frozenset(),
                    coverage=1.0 if FEATURES["fidelity"] else 0.99,
                )
                for text in (*wrong.accept, _first_clause(wrong.statement))
                for p in _phrases(text, frozenset())
            ),
        )
        for wrong in question.wrong_ideas
    )
    every = [
        phrase
        for matcher in points
        for phrase in matcher.phrases + tuple(p for _, ps in matcher.ideas for p in ps)
    ] + [phrase for matcher in wrong_ideas for phrase in matcher.phrases]
    stems_of: dict[str, set[str]] = {}
    for phrase in every:
        for slot in phrase.slots:
            if not slot.exact and slot.low is None and len(slot.surface) >= 5:
                stems_of.setdefault(slot.surface, set()).add(lexicon.stem(slot.surface))
    bits: dict[str, tuple[int, int, set[int]]] = {}
    layout: list[tuple[int, int, int, int, tuple[float, ...], float]] = []
    lanes = guards = lowest = spares = 0
    phrase_at: dict[int, int] = {}
    offset = 0
    for phrase in {id(phrase): phrase for phrase in every}.values():  # listed twice: one phrase
        plain = [s for s in phrase.slots if not s.optional and not s.exact and s.low is None]
        # else own words, of which a share is enough
        every_word = phrase.coverage >= 1.0 or phrase.spare
        number = len(layout)
        for position, (keys, slot) in enumerate(zip(phrase.required_stems, plain, strict=True)):
            bit = 1 << (offset + position)
            for key in keys:
                word_bits, antonym_bits, phrases = bits.get(key, (0, 0, set()))
                bits[key] = (
                    word_bits | bit,
                    antonym_bits,
                    phrases if every_word else phrases | {number},
                )
            if every_word:
                for key in slot.antonyms:
                    word_bits, antonym_bits, phrases = bits.get(key, (0, 0, set()))
                    bits[key] = (word_bits, antonym_bits | bit, phrases)
        if every_word:
            if plain:
                lanes |= ((1 << len(plain)) - 1) << offset
                guards |= 1 << (offset + len(plain))
                lowest |= 1 << offset
                if phrase.spare:
                    spares |= _sparable(phrase) << offset
                phrase_at[offset + len(plain) + 1] = id(phrase)
        else:
            # their share of the weight, less what exact or number slots may add
            weights = tuple(s.weight for s in plain)
            other = sum(
                s.weight for s in phrase.slots if not s.optional and (s.exact or s.low is not None)
            )
            total = sum(weights) + other
            count = min(2, len(plain)) if len(plain) >= 3 else len(plain)
            weight_needed = phrase.coverage * total - other
            layout.append(
                (id(phrase), offset, (1 << len(plain)) - 1, count, weights, weight_needed)
            )
        offset += len(plain) + 1  # and the guard
    return QuestionMatcher(
        question,
        prompt_stems,
        tuple(points),
        wrong_ideas,
        _point_texts(question),
        tuple(sorted(stems_of)),
        _sound_keys(stems_of) if FEATURES["sounds"] else {},
        {word: tuple(sorted(stems)) for word, stems in stems_of.items()},
        _prompt_parts(question.prompt),
        {
            key: (words, antonyms, frozenset(phrases))
            for key, (words, antonyms, phrases) in bits.items()
        },
        lanes,
        guards,
        lowest,
        phrase_at,
        spares,
        tuple(layout),
        group_names=_group_names(question),
    )


def _group_names(question: QuestionSpec) -> tuple[tuple[str, frozenset[str]], ...]:
    # a conclusion's group is not one to sort items under: a conclusion may name any of them
    groups = sorted({p.group for p in question.points if p.group and not _judges(p)})
    if len(groups) < 2 or not FEATURES["group_labels"]:
        return ()
    return tuple(
        (group, frozenset(lexicon.stem(british(w)) for w in re.split(r"[\W_]+", fold(group)) if w))
        for group in groups
    )


# A label that sorts what follows under a name: at the start of a line or a sentence, up to five
# words and a colon or a spaced dash ("Push factors: drought", "Hard engineering pros - cost").
_LABEL = re.compile(
    r"(?:^|(?<=[.!?;]))[^\w\n]*((?:[^\W_]+[^\S\n]+){0,4}[^\W_]+)[^\S\n]*"
    r"(?::|[^\S\n][-\u2013\u2014][^\S\n])",
    re.M,
)


def _labels(answer: str, group_names) -> tuple[list[int], list[frozenset[str]]]:
    """Where each label of the answer ends, and the groups it names ("Push:" names "push"; a
    label naming none, such as "Description:", ends the one before). Nothing when the answer
    does not sort its items under two of the question's groups or more."""
    ends: list[int] = []
    named: list[frozenset[str]] = []
    for match in _LABEL.finditer(fold(answer)):
        stems = {lexicon.stem(british(word)) for word in match.group(1).split()}
        ends.append(match.end())
        named.append(frozenset(group for group, words in group_names if words <= stems))
    if len(frozenset().union(*named)) < 2:
        return [], []
    return ends, named


# --- an answer, indexed ------------------------------------------------------------------------


# A sentence that opens like a marking point ("Explains its importance...") is the mark scheme
# pasted back, not the learner's own statement: it earns nothing.
EXAMINER_OPENINGS = frozenset(
    """identifies explains describes recognises recognizes outlines evaluates justifies analyses
    analyzes mentions demonstrates award credit""".split()
)


def _copied_sentences(
    by_sentence: dict[int, list[Token]], point_texts: tuple[frozenset[str], ...]
) -> set[int]:
    """Sentences that are the mark scheme, not the learner: opening like a marking point, or a
    point's text word for word (as a learner could copy it from earlier feedback)."""
    copied = set()
    for sentence, words in by_sentence.items():
        if words[0].word in EXAMINER_OPENINGS:
            copied.add(sentence)
        elif len(words) >= 5 and point_texts:
            seen = frozenset(t.word for t in words)
            if len(seen & point_texts[0]) < 0.9 * len(seen):
                continue  # not even the words of every point together
            if any(len(seen & text) >= 0.9 * max(len(seen), len(text)) for text in point_texts[1:]):
                copied.add(sentence)
    if copied and point_texts:
        # a short clause of the mark scheme that goes on from a copied sentence ("...; consent is
        # never assumed") is part of the copy: too short to know alone, not where it stands
        for sentence in sorted(by_sentence):
            words = by_sentence[sentence]
            if (
                sentence - 1 in copied
                and len(words) < 5
                and frozenset(t.word for t in words) <= point_texts[0]
            ):
                copied.add(sentence)
    return copied


# "no", "non-" and "without" deny the word they stand before ("no surgery and cholesterol falls"
# still says cholesterol falls); "not" and "can't" deny the rest of their clause.
DETERMINER_NEGATORS = frozenset({"no", "non", "without"})
ALWAYS = lexicon.stem("always")
# A word no list knows, of four letters or more, may be a misspelling of the question's words ("powr",
# "bord", "hart"); shorter ones are too often abbreviations.
MIN_MISSPELT = 4
DEGREES = lexicon.stem("degrees")
_DEGREE_SIGN = re.compile(r"\s?(?:\u00b0|(?:c|f|celsius|fahrenheit)\b)", re.I)


def _in_degrees(answer: str, number: Token) -> bool:
    """ "5°C", "5 °C", "5C", "63c": a temperature, as "5 degrees" says."""
    return bool(_DEGREE_SIGN.match(answer, number.end))


NOWHERE: list = []  # shared and never changed: the answer for a phrase not in the answer


class AnswerIndex:
    """An answer's tokens by stem, with misspellings mapped onto the question's words."""

    def __init__(self, answer: str, matcher: QuestionMatcher):
        self.answer = answer
        tokens = tokenize(answer)
        labels: frozenset[int] = frozenset()
        self.part_stems: frozenset[str] = frozenset()
        if matcher.parts:
            tokens, labels = _parts_apart(answer, tokens, matcher.parts)
            self.part_stems = frozenset().union(*matcher.parts.values())
        self.sentences: dict[int, list[Token]] = {  # the tokens come sentence by sentence
            sentence: list(run) for sentence, run in itertools.groupby(tokens, _sentence)
        }
        copied = _copied_sentences(self.sentences, matcher.point_texts)
        if copied:
            tokens = tuple(t for t in tokens if t.sentence not in copied)
            for sentence in copied:
                del self.sentences[sentence]
        self.tokens = tokens
        self.negator_positions = [i for i, token in enumerate(tokens) if token.is_negator]
        self.by_stem: dict[str, list[Token]] = {}
        self.numbers: list[tuple[Token, float]] = []
        self.described: dict[int, bool] = {}
        self.explained: dict[int, bool] = {}
        self.weighing = matcher.question.command_word in WEIGHING_COMMANDS
        self._headed: dict[int, int] | None = None  # sentence -> the first word a heading covers
        self.matcher_groups = matcher.group_names
        self._labels: tuple[list[int], list[frozenset[str]]] | None = None  # see _labels
        self._found: dict[int, list[Occurrence]] = {}
        self._slot_cache: dict[int, dict[int, list[tuple[Token, float]]]] = {}
        extra: dict[str, list[Token]] = {}  # tokens that stand for a stem not their own
        by_stem = self.by_stem
        directions = lexicon.DIRECTION if FEATURES["lexicon"] else {}
        for token in self.tokens:
            if token.stem in by_stem:
                by_stem[token.stem].append(token)
            else:
                by_stem[token.stem] = [token]
            word = token.word
            direction = directions.get(word)
            if direction:
                extra.setdefault(direction, []).append(token)
            elif word == "never":  # "never wrong" is "always" + "not wrong"
                extra.setdefault(ALWAYS, []).append(token)
            elif word in PREVENTING and FEATURES["prevention"]:
                extra.setdefault(PREVENTS, []).append(token)
            if word[0].isdigit() or word in NUMBER_WORDS:
                value = number_value(word)
                if value is not None:
                    self.numbers.append((token, value))
                    if _in_degrees(answer, token):
                        extra.setdefault(DEGREES, []).append(token)
            elif token.index in labels:  # "b)" stands for the words of part (b)
                for stem in matcher.parts[word]:
                    extra.setdefault(stem, []).append(token)
            elif len(word) >= MIN_MISSPELT and not token.is_stop and not lexicon.is_known(word):
                found = matcher.misspelling_of(word)
                for stem in matcher.stems_of.get(found, ()) if found else ():
                    if stem != token.stem:
                        extra.setdefault(stem, []).append(token)
        for stem, found in extra.items():
            listed = by_stem.setdefault(stem, [])
            listed.extend(found)
            if len(listed) > len(found):  # every list stays in the answer's order
                listed.sort(key=_index)
        self.live = matcher.live_phrases(self.sentences, extra)

    def labels(self) -> tuple[list[int], list[frozenset[str]]]:
        if self._labels is None:
            names = self.matcher_groups
            self._labels = _labels(self.answer, names) if names else ([], [])
        return self._labels

    def label_of(self, occurrence: Occurrence) -> frozenset[str] | None:
        """The groups the occurrence is sorted under, if it is under a label."""
        ends, named = self.labels()
        at = bisect_right(ends, occurrence.tokens[-1].start)
        return named[at - 1] if at else None

    def headed(self) -> dict[int, int]:
        """Sentences under an evaluative heading ("Cons: surgery, infection"; "Bad: side
        effects"; "For:" on a line of its own, then the items), with the first word covered."""
        if self._headed is None:
            self._headed = _headings(self) if self.weighing and FEATURES["headings"] else {}
        return self._headed

    def under_heading(self, occurrence: Occurrence) -> bool:
        first = self.headed().get(occurrence.sentence)
        return first is not None and occurrence.tokens[-1].index >= first

    def sentence_text(self, sentence: int) -> str:
        tokens = self.sentences.get(sentence, [])
        return self.answer[tokens[0].start : tokens[-1].end] if tokens else ""

    def clause_text(self, occurrence: Occurrence) -> str:
        clauses = {t.clause for t in occurrence.tokens}
        tokens = [t for t in self.sentences.get(occurrence.sentence, []) if t.clause in clauses]
        return self.answer[tokens[0].start : tokens[-1].end] if tokens else ""

    def negated(self, matched: tuple[Token, ...], *, restated_after: int = -1) -> bool:
        """An odd number of negators just before or among the matched words, each with a matched
        word after it in its clause ("recognised as not part of the body, and make antibodies"
        does not deny the antibodies), not counting negators that are part of the match itself
        ("can't give"), a "no" or "without" before a word not matched, nor those after a
        preventing verb that only say again what it says ("blocks them so hackers can't get
        in": `restated_after` is that verb's index)."""
        first, last = matched[0].index, matched[-1].index
        negators = self.negator_positions
        nearest = bisect_left(negators, first - 3)
        if nearest == len(negators) or negators[nearest] > last:
            return False  # no negator near: most matches, in most answers
        clauses = {t.clause for t in matched}
        own = {t.index for t in matched}
        window = [
            t
            for t in self.tokens[max(0, first - 3) : last + 1]
            if t.clause in clauses
            and t.is_negator
            and t.index not in own
            and not self._not_only(t, own)
            and not (0 <= restated_after < t.index)
            and any(m.index > t.index and m.clause == t.clause for m in matched)
            and (t.word not in DETERMINER_NEGATORS or self._next_content(t) in own)
        ]
        return len(window) % 2 == 1

    def _next_content(self, token: Token) -> int:
        """The index of the first word after this one that is not a grammar word (-1: none)."""
        for t in self.tokens[token.index + 1 : token.index + 4]:
            if not t.is_stop:
                return t.index
        return -1

    def _not_only(self, negator: Token, own: set[int]) -> bool:
        """ "not only X (but also Y)" still says X: the negator denies "only"."""
        following = negator.index + 1
        return (
            following < len(self.tokens)
            and self.tokens[following].word in ONLY_WORDS
            and following not in own
        )

    def _by_sentence(self, slot: Slot) -> dict[int, list[tuple[Token, float]]]:
        """Where the slot's word is in the answer, sentence by sentence (worked out once)."""
        cached = self._slot_cache.get(id(slot))
        if cached is not None:
            return cached
        cached = self._slot_cache[id(slot)] = {}
        present = (
            None if slot.exact or slot.low is not None else slot.worth.keys() & self.by_stem.keys()
        )
        if present is not None and len(present) <= 1:  # the usual case: the word itself, or none
            if present:
                key = present.pop()
                worth = slot.worth[key]
                for token in self.by_stem[key]:  # a list holds a token once, in order
                    if token.sentence in cached:
                        cached[token.sentence].append((token, worth))
                    else:
                        cached[token.sentence] = [(token, worth)]
            return cached
        for found in self._find_slot(slot, present):
            sentence = found[0].sentence
            if sentence in cached:
                cached[sentence].append(found)
            else:
                cached[sentence] = [found]
        return cached

    def _find_slot(self, slot: Slot, present: set[str] | None) -> list[tuple[Token, float]]:
        """A number's, an exact word's, or (with the stems of it `present`) a word's places."""
        if slot.low is not None:
            return [(t, 1.0) for t, value in self.numbers if slot.low <= value <= slot.high]
        if slot.exact:
            return [(t, 1.0) for t in self.tokens if t.word == slot.surface]
        by_stem, worth_of = self.by_stem, slot.worth
        found: dict[int, tuple[Token, float]] = {}
        for key in present:  # in any order: each token keeps its best worth
            worth = worth_of[key]
            for token in by_stem[key]:
                if token.index not in found or found[token.index][1] < worth:
                    found[token.index] = (token, worth)
        return sorted(found.values(), key=_token_index)

    def _sentences(self, phrase: Phrase, buckets: list[dict[int, list]]) -> list[int]:
        """The sentences worth looking at: for a tutor's phrasing, those holding every required
        word (or all but one, for a reversed statement)."""
        if phrase.coverage < 1.0:
            return sorted({sentence for bucket in buckets for sentence in bucket})
        required = [b for b, slot in zip(buckets, phrase.slots, strict=True) if not slot.optional]
        counts: dict[int, int] = {}
        for bucket in required:
            for sentence in bucket:
                counts[sentence] = counts.get(sentence, 0) + 1
        need = len(required) - (1 if phrase.reversible else 0)
        return sorted(sentence for sentence, count in counts.items() if count >= need)

    def find(self, phrase: Phrase) -> list[Occurrence]:
        """Occurrences of the phrase, best first: matches, then reversed or negated statements."""
        key = id(phrase)
        if phrase.required_stems and key not in self.live:
            return NOWHERE  # most phrases: none of the sentences holds enough of their words
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._find(phrase)
        return found

    def _find(self, phrase: Phrase) -> list[Occurrence]:
        by_sentence = self._by_sentence  # a word shared by several phrasings is looked up once
        buckets = [by_sentence(slot) for slot in phrase.slots]
        if phrase.required_stems:
            sentences = self.live[id(phrase)]
        else:
            sentences = self._sentences(phrase, buckets)
        total = phrase.total_weight
        negators = self.negator_positions
        results: list[Occurrence] = []
        for sentence in sentences:
            groups = []
            present_weight = 0.0
            for (position, optional, weight), bucket in zip(phrase.plan, buckets, strict=True):
                here = bucket.get(sentence)
                if here:
                    groups.append((position, here))
                    if not optional:
                        present_weight += weight
            if not groups:
                continue
            if phrase.excluded and any(
                t.stem in phrase.excluded for t in self.sentences.get(sentence, ())
            ):
                continue
            share = present_weight / total
            if share + 1e-9 < phrase.coverage:
                missing = [
                    position
                    for (position, optional, _), bucket in zip(phrase.plan, buckets, strict=True)
                    if not optional and sentence not in bucket
                ]
                reversed_by = self._antonym_swap(phrase, sentence, groups, missing)
                if reversed_by:
                    results.append(reversed_by)
                continue
            if phrase.spare:
                spared = self._spared(phrase, sentence, groups, buckets)
                if spared is not True:
                    if spared:  # the spared word's opposite is there: a reversed statement
                        results.append(spared)
                    continue
            if phrase.own:
                found = {p for p, _ in groups}
                if not found.issuperset(phrase.essential):
                    # "Prevents ... hackers getting in", "ROM is non-volatile": never without
                    # the word that turns it round
                    continue
                found_required = [p for p, _ in groups if not phrase.slots[p].optional]
                said = [p for p in found_required if p not in phrase.echoes]
                if phrase.required_count >= 3 and len(said) < 2:
                    continue  # one word of it, or one and the question's own ("internal customers")
                if not _specific_enough(phrase, [phrase.slots[p].weight for p in found_required]):
                    # only everyday words of the point's sentence, or the question's own words
                    continue
            chosen = _ordered(groups) if phrase.ordered else None
            kind = "match"
            if phrase.ordered and chosen is None:
                chosen, kind = _tightest(groups), "reversed"
            elif chosen is None:
                chosen = _tightest(groups)
            tokens = tuple([t for t, _ in chosen])
            if len(tokens) > 1 and tokens[-1].index - tokens[0].index > _window(phrase, tokens):
                continue
            if kind == "match" and phrase.ordered and (_spread(tokens) or self._punctuated(tokens)):
                # "cells produce antibodies to the antigen" is not "produce antigens", nor is
                # "higher repayments, less profit" "repayments fall"
                continue
            if negators and _negation_stranded(tokens):
                continue
            if phrase.preventing and self._negation_misplaced(phrase, groups, tokens):
                continue
            if kind == "match" and phrase.directions and self._misdirected(phrase, groups, tokens):
                kind = "reversed"  # "costs fall ... profit rises" holds "costs rise, profit falls"
            if kind == "match" and phrase.roles and self._misrouted(phrase, groups, tokens):
                kind = "reversed"  # "into the potato" said where the phrasing says "out of" it
            if (
                kind == "match"
                and negators
                and not phrase.any_polarity
                and self.negated(tokens, restated_after=_preventing_verb(phrase, groups, tokens))
            ):
                kind = "negated"  # a negation beyond the phrasing's own turns it round
            score = share * sum([w for _, w in chosen]) / len(chosen) - 0.01 * (
                tokens[-1].index - tokens[0].index
            )
            results.append(Occurrence(tokens, sentence, score, kind, phrase.said))
        if len(results) > 1:
            order = {"match": 0, "reversed": 1, "negated": 2}
            results.sort(key=lambda o: (order[o.kind], -o.score, o.tokens[0].index))
        return results

    def _spared(self, phrase: Phrase, sentence: int, groups, buckets) -> Occurrence | bool:
        """Whether a tutor's phrasing is met here with one word left out: True, False, or the
        reversed statement its antonym makes ("the creditors pay late" for "debtors pay late").
        The word left out must be one it may spare (Phrase.sparable), and not the word of a part
        of the question ("b) 5°C" is not "fridge at 5°C" when (a) asked about the fridge); two
        words of the answer must say two of its words other than the question's own."""
        missing = [
            position
            for (position, optional, _), bucket in zip(phrase.plan, buckets, strict=True)
            if not optional and sentence not in bucket
        ]
        if not missing:
            return True
        reversed_by = self._antonym_swap(phrase, sentence, groups, missing)
        if reversed_by:
            return reversed_by
        if len(missing) > 1 or missing[0] not in phrase.sparable:
            return False
        left_out = phrase.slots[missing[0]]
        found = [p for p, _ in groups if not phrase.slots[p].optional]
        if self.part_stems and lexicon.stem(left_out.surface) in self.part_stems:
            return False
        # two words of its own, each said by a word of the answer, not by a word of direction
        # standing in ("more" meets "raise" and "expand", but says neither)
        said = {
            token.index
            for position, here in groups
            if position in found and position not in phrase.echoes
            for token, _ in here
            if token.stem in phrase.slots[position].worth or token.word not in lexicon.DIRECTION
        }
        return len(said) >= 2

    def _negation_misplaced(self, phrase: Phrase, groups, tokens: tuple[Token, ...]) -> bool:
        """A negation standing for a preventing verb must say "not" of what the phrasing goes on
        to say: "hackers can't get in", not "hackers get in as the firewall is not on"."""
        placed = _placed(groups, tokens)
        for position in phrase.preventing:
            said = placed.get(position, ())
            if said and all(t.is_negator for t in said):
                negator = said[0]
                if not any(0 < t.index - negator.index <= 3 for t in tokens if not t.is_negator):
                    return True
        return False

    def _punctuated(self, tokens) -> bool:
        """A comma, semicolon, colon or line break between two of these words: list items."""
        answer = self.answer
        return any(
            _LIST_BREAK.search(answer, before.end, after.start) is not None
            for before, after in pairwise(tokens)
        )

    def _misdirected(self, phrase: Phrase, groups, tokens: tuple[Token, ...]) -> bool:
        """A word of the phrasing is said, in the answer, to move the other way: the direction
        word said of it (the nearest after it in its clause, or the one just before it, "lower
        profit") is the opposite of the phrasing's, and nearer than the one matched ("save less
        and spend more" does not say "save more")."""
        placed = _placed(groups, tokens)
        for position, head, direction in phrase.directions:
            head_token = next(iter(placed.get(head, ())), None)
            said = next(iter(placed.get(position, ())), None)
            if head_token is None or said is None:
                continue
            nearest = min(
                (
                    t
                    for t in self.sentences.get(head_token.sentence, ())
                    if t.clause == head_token.clause
                    and t.word in lexicon.DIRECTION
                    and t.index >= head_token.index - 1
                ),
                key=lambda t: (abs(t.index - head_token.index), t.index < head_token.index),
                default=None,
            )
            if (
                nearest is not None
                and nearest is not said
                and lexicon.DIRECTION[nearest.word] == lexicon.OPPOSITE[direction]
                and abs(nearest.index - head_token.index) < abs(said.index - head_token.index)
            ):
                return True
        return False

    def _role(self, token: Token, *, with_to: bool) -> str | None:
        """The movement role the answer gives a word: the movement word just before it in its
        clause ("moved out of the sugar solution", "into the potato")."""
        here = self.sentences.get(token.sentence, ())
        first = here[0].index if here else token.index
        for index in range(token.index - 1, max(first, token.index - ROLE_REACH - 2) - 1, -1):
            before = here[index - first]
            if before.clause != token.clause:
                return None
            if before.word in ROLE_WORDS:
                return ROLE_WORDS[before.word]
            if with_to and before.word == "to":
                return GOAL
        return None

    def _misrouted(self, phrase: Phrase, groups, tokens: tuple[Token, ...]) -> bool:
        """A word the phrasing moves from is, in the answer, moved to (or the other way)."""
        placed = _placed(groups, tokens)
        with_to = any(slot.surface == "from" for slot in phrase.slots)
        for position, role in phrase.roles:
            # a word the phrasing says twice ("from high water ... to low water") may stand in
            # either place: reversed only if every place it was found in has the other role
            roles = {self._role(t, with_to=with_to) for t in placed.get(position, ())}
            if roles and None not in roles and role not in roles:
                return True
        return False

    def _antonym_swap(self, phrase, sentence, groups, missing) -> Occurrence | None:
        """Everything but one word, and that word's antonym in its place: a reversed statement."""
        if not FEATURES["relations"] or len(missing) != 1 or len(groups) < 1:
            return None
        slot = phrase.slots[missing[0]]
        if not slot.antonyms:
            return None
        required = sum(1 for s in phrase.slots if not s.optional)
        if required < 2:
            return None
        swapped = [
            t
            for t in self.sentences.get(sentence, ())
            if t.stem in slot.antonyms or lexicon.DIRECTION.get(t.word) in slot.antonyms
        ]
        if not swapped:
            return None
        chosen = _tightest([*groups, (missing[0], [(swapped[0], 1.0)])])
        tokens = tuple(t for t, _ in chosen)
        if tokens[-1].index - tokens[0].index > 3 * len(tokens) + 2:
            return None
        if self.negated(tokens) or any(t.word == "never" for t in tokens):
            # "don't hit the target" says "miss the target", "never wrong" says "always right":
            # an antonym negated is the word
            return Occurrence(tokens, sentence, 0.5, "match", phrase.said)
        return Occurrence(tokens, sentence, 0.0, "reversed", phrase.said)


def _token_index(token_and_worth: tuple[Token, float]) -> int:
    return token_and_worth[0].index


def _index(token: Token) -> int:
    return token.index


def _sentence(token: Token) -> int:
    return token.sentence


def _closest(word: str, vocabulary: tuple[str, ...]) -> str | None:
    found = process.extractOne(word, vocabulary, scorer=OSA.distance, score_cutoff=2)
    if found and fuzzy_equal(word, found[0]):
        return found[0]
    return None


def _sound_keys(words) -> dict[str, tuple[str, ...]]:
    keys: dict[str, list[str]] = {}
    for word in sorted(words):
        keys.setdefault(sound_key(word), []).append(word)
    return {key: tuple(found) for key, found in keys.items() if len(key) >= MIN_SOUND_KEY}


def _sounds_like(word: str, sounds: dict[str, tuple[str, ...]]) -> str | None:
    """The vocabulary's word that this one is spelt by ear from ("potenshal", "imediatly"): the
    same sound key, and no more than a third of its letters changed."""
    if not sounds:
        return None
    found = sounds.get(sound_key(word))
    if not found and word.endswith("s"):  # "grups", "questionares": plural of a word we know
        found = sounds.get(sound_key(word[:-1]))
    if not found:
        return None
    distance, closest = min((DamerauLevenshtein.distance(word, w), w) for w in found)
    return closest if distance <= max(2, len(closest) // 3) else None


# A point's own sentence is met only through one of its specific words (Zipf 5 or rarer, such as
# "cholesterol" or "choice", not "go" or "take"), never through its everyday words alone: they
# are in every answer. A word of the question counts for less (see _slot), so it never suffices.
OWN_SPECIFIC = lexicon.specificity_of_zipf(5.0)

# A point's own sentence made only of everyday words ("people outside the business who buy from
# it") is met by three of them together.
EVERYDAY_FOUND = 3
EVERYDAY = 0.3


def _specific(required: list[Slot]) -> float:
    """The weight of a point's own sentence's most specific word."""
    return max((s.weight for s in required), default=0.0)


def _specific_enough(phrase: Phrase, found: list[float]) -> bool:
    if any(weight >= OWN_SPECIFIC for weight in found):
        return True
    everyday = [weight for weight in found if weight >= EVERYDAY]  # not "make", not the question's
    # where the tutor wrote no phrasings, the point's sentence is all there is: two will do
    needed = EVERYDAY_FOUND - 1 if phrase.alone else EVERYDAY_FOUND
    return phrase.specific < OWN_SPECIFIC and len(everyday) >= needed


# Words allowed between two words of a phrasing: pmatch allows two, but learners put more between
# the words a tutor wrote ("keeps the customer's card details in a locked drawer"). On the blind
# sets' development halves five to fourteen did about equally well and four worse; five keeps a
# phrasing of two words from meeting across a clause ("only share with staff who need them" is not
# "only what is needed").
WINDOW_GAP = 5


def _window(phrase: Phrase, tokens: tuple[Token, ...]) -> int:
    """How far apart a phrasing's first and last words may stand in the answer."""
    if phrase.own or not FEATURES["fidelity"]:
        return 3 * len(tokens) + 2
    return (WINDOW_GAP + 1) * (len(tokens) - 1)


# Where word order matters (a wrong idea, "than", "from ... to"), the statement is a tight one:
# at most two words between each of its words and the next, as in pmatch, and no list break.
ORDERED_GAP = 2
_LIST_BREAK = re.compile(r"[,;:\n]")


def _spread(tokens: tuple[Token, ...]) -> bool:
    if not FEATURES["relations"]:
        return False
    return any(after.index - before.index - 1 > ORDERED_GAP for before, after in pairwise(tokens))


def _placed(groups, tokens: tuple[Token, ...]) -> dict[int, list[Token]]:
    """Each slot's words among those chosen for a match (a word said twice may fill two)."""
    chosen = {t.index for t in tokens}
    return {position: [t for t, _ in here if t.index in chosen] for position, here in groups}


def _preventing_verb(phrase: Phrase, groups, tokens: tuple[Token, ...]) -> int:
    """The index of the preventing verb the answer says ("blocks"), or -1."""
    if not phrase.preventing:
        return -1
    placed = _placed(groups, tokens)
    return next(
        (
            t.index
            for position in phrase.preventing
            for t in placed.get(position, ())
            if not t.is_negator
        ),
        -1,
    )


def _negation_stranded(chosen: tuple[Token, ...]) -> bool:
    clauses_of_words = {t.clause for t in chosen if not t.is_negator}
    return any(t.is_negator and t.clause not in clauses_of_words for t in chosen)


def _tightest(groups) -> tuple[tuple[Token, float], ...]:
    """One token per slot, distinct, in as few clauses as possible, then as close together."""
    if len(groups) == 1:  # one word: its first place, the best worth
        only = groups[0][1]
        return (only[0],) if len(only) == 1 else (min(only, key=lambda tw: (-tw[1], tw[0].index)),)
    singles = [group[0] for _, group in groups if len(group) == 1]
    if len(singles) == len(groups):  # each word in one place: nothing to choose
        if len(singles) == 2:  # the commonest case, sorted by hand
            first, second = singles
            return (second, first) if second[0].index < first[0].index else (first, second)
        return tuple(sorted(singles, key=_token_index))
    best: tuple[tuple[Token, float], ...] = ()
    best_key = None
    first = groups[0][1]
    for anchor, anchor_weight in first:
        chosen = [(anchor, anchor_weight)]
        used = {anchor.index}
        for _, group in groups[1:]:
            options = [(t, w) for t, w in group if t.index not in used] or group
            pick = min(
                options,
                key=lambda tw: (
                    tw[0].clause != anchor.clause,
                    abs(tw[0].index - anchor.index),
                    -tw[1],
                ),
            )
            chosen.append(pick)
            used.add(pick[0].index)
        width = max(t.index for t, _ in chosen) - min(t.index for t, _ in chosen)
        key = (len({t.clause for t, _ in chosen}), width)
        if best_key is None or key < best_key:
            best, best_key = tuple(chosen), key
    return tuple(sorted(best, key=lambda tw: tw[0].index))


def _ordered(groups) -> tuple[tuple[Token, float], ...] | None:
    """One token per slot in the phrasing's order, as tight as possible; None if no such order."""
    best = None
    for start, weight in groups[0][1]:
        chosen = [(start, weight)]
        for _, group in groups[1:]:
            after = [(t, w) for t, w in group if t.index > chosen[-1][0].index]
            if not after:
                break
            chosen.append(min(after, key=lambda tw: tw[0].index))
        else:
            width = chosen[-1][0].index - chosen[0][0].index
            if best is None or width < best[0]:
                best = (width, tuple(chosen))
    return best[1] if best else None


def _evidence(index: AnswerIndex, tokens: tuple[Token, ...]) -> list[Evidence]:
    """The learner's own words, as runs of nearby matched tokens."""
    runs: list[list[Token]] = []
    for token in sorted(tokens, key=lambda t: t.index):
        if (
            runs
            and token.index - runs[-1][-1].index <= 3
            and token.sentence == runs[-1][-1].sentence
        ):
            runs[-1].append(token)
        else:
            runs.append([token])
    return [
        Evidence(index.answer[run[0].start : run[-1].end], run[0].start, run[-1].end)
        for run in runs
    ]


# --- structure: naming, describing, explaining -----------------------------------------------

AUXILIARIES = frozenset(
    """is are was were be been being am isnt arent wasnt werent has have had hasnt havent do does
    did dont doesnt didnt can could will would shall should may might must cant couldnt wont
    wouldnt shouldnt ll ve re""".split()
)
SUBJECTS = frozenset("i you we they he she it this that these those who which there".split())
OBJECT_WORDS = frozenset(
    """the a an to it them him her their his its our your my this that these those up down out
    in into on off with from for of by at as back away""".split()
)
_CONNECTIVES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _cue in REASON_CONNECTIVES:
    _CONNECTIVES_BY_FIRST.setdefault(_cue.split()[0], []).append(tuple(_cue.split()))


def _is_list(text: str) -> bool:
    """'internal, external, new, existing': keywords, not a description."""
    parts = [part for part in re.split(r",|\band\b|\bor\b|/", fold(text)) if part.strip()]
    if len(parts) < 3:
        return False
    return sum(len(part.split()) for part in parts) / len(parts) <= 2.5


# Grammar words a list of terms can hold ("more staff, before opt out and only needed").
LIST_WORDS = SIGNIFICANT | {"and", "or"}
VERB_STOP_WORDS = frozenset("get gets got make makes made do does did have has had".split())


ADVERBS = frozenset("also often always usually really just still even then sometimes now".split())


def _before(tokens: list[Token], position: int) -> Token | None:
    """The word before, passing over adverbs ("it also removes", "they quickly come back")."""
    for earlier in range(position - 1, -1, -1):
        word = tokens[earlier].word
        if word not in ADVERBS and not (word.endswith("ly") and len(word) > 4):
            return tokens[earlier]
    return None


def has_predicate(tokens: list[Token]) -> bool:
    """Does this run of words say something (a verb in use), rather than list terms? Without a
    tagger, a verb counts when something around it shows it is one: an auxiliary or an arrow;
    a subject, an auxiliary or "to" before it; and, in a sentence with grammar words in it (a
    list of terms has none), what it acts on after it, a noun before its -s, -ed or plain present
    form ("the pancreas releases", "the virus is injected", "customers return"), or a command
    that opens the sentence ("Compare what customers expect with...")."""
    grammar = any(t.is_stop and t.word not in LIST_WORDS for t in tokens)
    for position, token in enumerate(tokens):
        word = token.word
        if word in AUXILIARIES or word == "leads":  # "leads": an arrow (->, =)
            return True
        if (token.is_stop and word not in VERB_STOP_WORDS) or not lexicon.can_be_verb(word):
            continue
        before = _before(tokens, position)
        if before is not None and (
            before.word in SUBJECTS or before.word in AUXILIARIES or before.word == "to"
        ):
            return True
        after = tokens[position + 1].word if position + 1 < len(tokens) else ""
        if not grammar:
            # notes: "Statins reduce cholesterol" (a noun, a word that is only ever a verb, more)
            if (
                before is not None
                and after
                and not before.is_stop
                and before.word not in SIGNIFICANT
                and not lexicon.can_be_verb(before.word)
                and lexicon.only_verb(word)
                and not word.endswith(("ed", "ing"))
            ):
                return True
            continue
        if before is None:
            if len(tokens) >= 3 and not lexicon.is_inflected_verb(word):
                return True  # an instruction: "Store it securely"
            continue
        if after in OBJECT_WORDS:
            return True
        after_noun = not before.is_stop and not lexicon.can_be_verb(before.word)
        plural_noun = not before.is_stop and before.word.endswith("s") and not after_noun
        if after_noun or plural_noun:
            inflected = lexicon.is_inflected_verb(word) and not word.endswith("ing")
            # "loyalty builds", "the virus injected." (not "password authorised data")
            if inflected and (word.endswith("s") or not after or after in STOP_WORDS):
                return True
            if before.word.endswith("s") and not lexicon.is_inflected_verb(word):
                return True  # "the muscles need oxygen", "customers return"
    return False


def _described(index: AnswerIndex, occurrence: Occurrence) -> bool:
    """More than a bare term: a clause that says something about it, not a list of terms."""
    if index.weighing and index.under_heading(occurrence):
        return True
    if FEATURES["structure"]:
        known = index.described.get(occurrence.sentence)
        if known is None:
            known = index.described[occurrence.sentence] = _sentence_described(
                index, occurrence.sentence
            )
        return known
    # without structure: a sentence of some length that is not a comma list (the old rule)
    sentence_tokens = index.sentences.get(occurrence.sentence, [])
    matched = {t.index for t in occurrence.tokens}
    content = [t for t in sentence_tokens if not t.is_stop and not t.is_negator]
    extra = [t for t in content if t.index not in matched]
    substantial = len(content) >= 4 or len(extra) >= 2
    return substantial and not _is_list(index.sentence_text(occurrence.sentence))


# In an answer that weighs things up, a heading says what each item under it is: "Pros: quick,
# cheap" says each is an advantage, as a clause would. Generic exam words, not a subject's.
WEIGHING_COMMANDS = frozenset({"evaluate", "assess", "discuss", "justify", "compare"})
EVALUATIVE_HEADINGS = frozenset(
    """pro pros con cons advantage advantages disadvantage disadvantages benefit benefits drawback
    drawbacks good bad for against positive positives negative negatives strength strengths
    weakness weaknesses upside upsides downside downsides""".split()
)
_HEADING_MARK = re.compile(r"\s*[:\-\u2013\u2014=]")
_HEADING_VERBS = frozenset({"because", "is", "are", "r", "include", "includes", "were"})


def _headings(index: AnswerIndex) -> dict[int, int]:
    """For each sentence under an evaluative heading, the index of the first word it covers: the
    words after the heading in its sentence, or, for a heading alone on its line, every word of
    the sentences that follow it up to the next heading."""
    covered: dict[int, int] = {}
    carried = False
    for sentence, tokens in sorted(index.sentences.items()):
        heading = None
        for position, token in enumerate(tokens[:4]):
            if token.word not in EVALUATIVE_HEADINGS:
                continue
            after = tokens[position + 1] if position + 1 < len(tokens) else None
            if _HEADING_MARK.match(index.answer, token.end) or (
                after is not None and after.word in _HEADING_VERBS
            ):
                heading = position
                break
        if heading is not None:
            carried = heading == len(tokens) - 1  # "For:" alone: the lines below are its items
            if not carried:
                covered[sentence] = tokens[heading + 1].index
        elif carried:
            covered[sentence] = tokens[0].index
    return covered


def _sentence_described(index: AnswerIndex, sentence: int) -> bool:
    if _is_list(index.sentence_text(sentence)):
        return False
    sentence_tokens = index.sentences.get(sentence, [])
    content = [t for t in sentence_tokens if not t.is_stop and not t.is_negator]
    return len(content) >= 2 and has_predicate(sentence_tokens)


def _reason_after(tokens: list[Token]) -> bool:
    """A reason in these words: a connective followed by a clause (a verb, or two content words),
    or a consequence verb followed by what it brings about."""
    words = [t.word for t in tokens]
    for position, word in enumerate(words):
        for cue in _CONNECTIVES_BY_FIRST.get(word, ()):
            if tuple(words[position : position + len(cue)]) != cue:
                continue
            rest = list(tokens[position + len(cue) : position + len(cue) + 12])
            if cue == ("to",):
                if rest and lexicon.can_be_verb(rest[0].word) and not rest[0].is_stop:
                    return len([t for t in rest if not t.is_stop]) >= 2
                continue
            if cue in {("which",), ("this",), ("that",), ("as",), ("when",), ("then",)}:
                if rest and (
                    rest[0].word in CONSEQUENCE_VERBS or lexicon.is_inflected_verb(rest[0].word)
                ):
                    return len([t for t in rest[1:] if not t.is_stop]) >= 1
                continue
            content = [t for t in rest if not t.is_stop and not t.is_negator]
            if has_predicate(rest) and content:
                return True
            if len(content) >= 2:
                return True
        if words[position] in CONSEQUENCE_VERBS and position > 0:
            rest = [t for t in tokens[position + 1 : position + 8] if not t.is_stop]
            if rest:
                return True
    return False


def _explained(index: AnswerIndex, occurrence: Occurrence) -> bool:
    if not _described(index, occurrence):
        return False
    if not FEATURES["structure"]:
        nearby = (
            index.sentence_text(occurrence.sentence)
            + " "
            + index.sentence_text(occurrence.sentence + 1)
        )
        return has_reason(nearby)
    known = index.explained.get(occurrence.sentence)
    if known is None:
        known = index.explained[occurrence.sentence] = _sentence_explained(
            index, occurrence.sentence
        )
    return known


# A conclusion draws on the reasons the answer has already weighed: "Overall, the positives
# outweigh the negatives" after two reasoned sentences is a supported judgement, as examiners
# give it. Generic words of concluding, not a subject's.
_CONCLUDING = re.compile(
    r"(?:so|therefore|and)?\W*(?:overall|on balance|in conclusion|to conclude|all in all|"
    r"to sum up|in summary|conclusion|judgement|judgment)\b"
)


@lru_cache(maxsize=4096)
def _judges(point: PointSpec) -> bool:
    """A point that asks for the overall judgement: its words say so ("Gives a supported
    overall judgement", "on balance")."""
    words = fold(" ".join((point.text, *point.accept)))
    return _CONCLUDING.search(words) is not None


def _concluded(index: AnswerIndex, sentence: int) -> bool:
    """A sentence that concludes ("Overall, ...", "On balance ...") after a sentence that gave a
    reason."""
    if not index.weighing or not FEATURES["conclusions"]:
        return False
    if not _CONCLUDING.match(fold(index.sentence_text(sentence))):
        return False
    return any(
        _sentence_explained(index, earlier) for earlier in index.sentences if earlier < sentence
    )


def _sentence_explained(index: AnswerIndex, sentence: int) -> bool:
    """A reason in the sentence or at the start of the next; or the sentence carries on the
    previous one's ("...because they need more oxygen. It also gets rid of carbon dioxide.")."""
    here = index.sentences.get(sentence, [])
    following = index.sentences.get(sentence + 1, [])
    if _reason_after(here) or _reason_after(following[:6]):
        return True
    previous = index.sentences.get(sentence - 1, [])
    return bool(_CONTINUES.match(fold(index.sentence_text(sentence)))) and _reason_after(previous)


def _depth_met(
    depth: str, index: AnswerIndex, occurrence: Occurrence, *, judgement: bool = False
) -> bool:
    if judgement and depth == "explain" and _concluded(index, occurrence.sentence):
        return True
    if depth == "explain":
        return _explained(index, occurrence)
    if depth == "describe":
        return _described(index, occurrence)
    return True


def _example_given(index: AnswerIndex, occurrence: Occurrence, places: tuple[str, ...]) -> bool:
    around = " ".join(index.sentence_text(occurrence.sentence + offset) for offset in (-1, 0, 1))
    return has_example(around, places)


# --- judging ---------------------------------------------------------------------------------


def _distanced(index: AnswerIndex, occurrence: Occurrence) -> bool:
    """The claim is reported or called false ("it is a myth that...", "people think..."), by
    words other than the claim's own ("the customer is never wrong" is not distancing)."""
    folded = fold(index.clause_text(occurrence))
    own = {t.word for t in occurrence.tokens}
    return bool(REPORTED.search(folded)) or any(
        word in DISTANCING and word not in own for word in re.findall(r"[a-z]+", folded)
    )


def _find_wrong_ideas(index: AnswerIndex, matcher: QuestionMatcher) -> list[WrongIdeaHit]:
    hits = []
    for wrong in matcher.wrong_ideas:
        for phrase in wrong.phrases:
            occurrences = [
                o for o in index.find(phrase) if o.kind == "match" and not _distanced(index, o)
            ]
            if occurrences:
                hits.append(
                    WrongIdeaHit(
                        wrong.key,
                        wrong.statement,
                        wrong.correction,
                        _evidence(index, occurrences[0].tokens),
                    )
                )
                break
    return hits


class _Ledger:
    """Which of the answer's words have already earned a point (one piece of evidence, one point),
    unless the tutor says otherwise: words met by the same wording listed under two points
    ("covers her with a towel" under both naming and describing privacy) may earn both."""

    def __init__(self) -> None:
        self.used: dict[int, frozenset[str]] = {}  # word -> the wording that took it

    def free(self, occurrence: Occurrence) -> bool:
        if not FEATURES["one_span"]:
            return True
        indexes = [t.index for t in occurrence.tokens if not t.is_stop]
        if not indexes:
            return True
        said = occurrence.said
        taken = sum(1 for i in indexes if i in self.used and not (said and self.used[i] == said))
        return taken * 2 <= len(indexes) if len(indexes) > 1 else taken == 0

    def take(self, occurrence: Occurrence) -> None:
        for token in occurrence.tokens:
            if not token.is_stop:
                self.used.setdefault(token.index, occurrence.said)


def _verdict(spec: PointSpec, status: str, evidence=(), **extra) -> PointVerdict:
    earned = status == "earned"
    return PointVerdict(
        spec.key,
        spec.text,
        earned,
        spec.marks if earned else extra.pop("marks_awarded", 0),
        spec.marks,
        status,
        list(evidence),
        depth=spec.depth,
        **extra,
    )


def _judge_ideas(point: PointMatcher, index: AnswerIndex, ledger: _Ledger) -> PointVerdict:
    spec = point.point
    found: list[str] = []
    named: list[str] = []
    evidence: list[Evidence] = []
    depth = spec.depth if spec.depth != "explain" else "describe"
    for label, phrases in point.ideas:
        occurrences = [o for phrase in phrases for o in index.find(phrase) if o.kind == "match"]
        occurrences = [o for o in occurrences if ledger.free(o)]
        if not occurrences:
            continue
        deep = [o for o in occurrences if _depth_met(depth, index, o)]
        if deep:
            found.append(label)
            ledger.take(deep[0])
            evidence.extend(_evidence(index, deep[0].tokens))
        else:
            named.append(label)
            evidence.extend(_evidence(index, occurrences[0].tokens))
    needed = spec.at_least or len(point.ideas)
    missing = [label for label, _ in point.ideas if label not in found and label not in named]
    extra = {
        "ideas_found": found,
        "ideas_named": named,
        "ideas_missing": missing,
        "ideas_needed": needed,
    }
    if len(found) >= needed:
        if spec.needs_example and not has_example(index.answer, spec.example_words):
            return _verdict(spec, "no_example", evidence, **extra)
        return _verdict(spec, "earned", evidence, **extra)
    awarded = spec.marks * len(found) // needed
    if named and len(found) + len(named) >= needed:
        return _verdict(spec, "named_not_explained", evidence, marks_awarded=awarded, **extra)
    status = "partial_ideas" if found or named else "missed"
    return _verdict(spec, status, evidence, marks_awarded=awarded, **extra)


def _candidates(point: PointMatcher, index: AnswerIndex) -> list[Occurrence]:
    live = index.live  # most of a point's phrasings are not in the answer: skip them here
    occurrences = [
        o
        for phrase in point.phrases
        if id(phrase) in live or not phrase.required_stems
        for o in index.find(phrase)
    ]
    group = point.point.group
    named = index.labels()[1] if group and index.matcher_groups else ()
    if named and any(group in groups for groups in named):
        # "Push factors: more jobs in the city" sorts a pull factor the wrong way round
        occurrences = [
            Occurrence(o.tokens, o.sentence, o.score, "misplaced", o.said)
            if o.kind == "match" and group not in (index.label_of(o) or (group,))
            else o
            for o in occurrences
        ]
    order = {"match": 0, "reversed": 1, "misplaced": 1, "negated": 2}
    return sorted(occurrences, key=lambda o: (order[o.kind], -o.score, o.tokens[0].index))


def _judge_point(
    point: PointMatcher, occurrences: list[Occurrence], index: AnswerIndex, ledger: _Ledger
) -> PointVerdict:
    spec = point.point
    # lazily: the first free match deep enough is usually all that is looked at
    free = (o for o in occurrences if o.kind == "match" and ledger.free(o))
    first = next(free, None)
    if first is None:
        contrary = [o for o in occurrences if o.kind != "match"]
        if contrary and not any(o.kind == "match" for o in occurrences):
            return _verdict(spec, contrary[0].kind, _evidence(index, contrary[0].tokens))
        return _verdict(spec, "missed")
    matches = itertools.chain((first,), free)
    judgement = point.judges
    if spec.needs_example:
        deep = [o for o in matches if _depth_met(spec.depth, index, o, judgement=judgement)]
    else:  # the best match deep enough is all that is needed
        deep = [
            next(
                (o for o in matches if _depth_met(spec.depth, index, o, judgement=judgement)), None
            )
        ]
        deep = [o for o in deep if o is not None]
    if not deep:
        return _verdict(spec, "named_not_explained", _evidence(index, first.tokens))
    if spec.needs_example:
        with_example = [o for o in deep if _example_given(index, o, spec.example_words)] or (
            deep if has_example(index.answer, spec.example_words) else []
        )
        if not with_example:
            return _verdict(spec, "no_example", _evidence(index, deep[0].tokens))
        deep = with_example
    ledger.take(deep[0])
    return _verdict(spec, "earned", _evidence(index, deep[0].tokens))


def _combine(question: QuestionSpec, verdicts: list[PointVerdict]) -> int:
    method = scoring_method(question.method)
    mark = method.combine(question.parameters, question.points, verdicts)
    return max(0, min(question.max_marks, mark))


def _is_echo(answer: str, question: QuestionSpec, matcher: QuestionMatcher) -> bool:
    """An answer that only repeats the question."""
    stems = {
        t.stem for t in tokenize(answer) if not t.is_stop and not t.is_negator
    } - EXAMINER_STEMS
    if stems and stems <= matcher.prompt_stems:
        return True
    return (  # the cheap test first: most answers have words of their own
        len(stems - matcher.prompt_stems) <= 1
        and fuzz.token_set_ratio(fold(answer), fold(question.prompt)) >= 90
    )


def _only_terms(index: AnswerIndex, matcher: QuestionMatcher) -> bool:
    """A describe or explain question answered with terms alone: no sentence says anything.
    A sentence without grammar words says something only if it is about one point ("Statins
    reduce cholesterol"); strung across several points it is a list of their terms."""
    if not FEATURES["structure"]:
        return False
    if DEPTH_OF_COMMAND_WORD.get(matcher.question.command_word, "describe") == "identify":
        return False
    # "Soft engineering pros: cheap, natural" says something of soft engineering; a bare
    # "Pros: cheap, natural" is still terms alone
    headed = index.headed()
    for sentence, tokens in index.sentences.items():
        first = headed.get(sentence)
        if first is not None and first - tokens[0].index >= 2:  # a word before the heading
            return False
        if not has_predicate(tokens):
            continue
        if any(t.is_stop and t.word not in LIST_WORDS for t in tokens):
            return False
        named = sum(
            1
            for point in matcher.points
            if any(
                o.sentence == sentence and o.kind == "match"
                for phrase in point.phrases + tuple(p for _, ps in point.ideas for p in ps)
                for o in index.find(phrase)
            )
        )
        if named <= 1:
            return False
    return True


def _listed(
    question: QuestionSpec, matcher: QuestionMatcher, index: AnswerIndex
) -> ScoreResult | None:
    """Terms with nothing said about them. A point that asks only to identify is earned by
    naming it, as examiners give it; but a list naming more points than the question has such
    points is the mark scheme's vocabulary recited (examiners' "list principle"): it earns
    nothing. None: mark it as usual."""
    named = {}
    for point in matcher.points:
        phrases = point.phrases + tuple(p for _, ps in point.ideas for p in ps)
        found = next(
            (o for phrase in phrases for o in index.find(phrase) if o.kind == "match"), None
        )
        if found is not None:
            named[point.point.key] = found
    identify_points = sum(1 for p in question.points if p.depth == "identify")
    if named and len(named) <= identify_points:
        return None
    verdicts = [
        _verdict(p.point, "named_not_explained", _evidence(index, named[p.point.key].tokens))
        if p.point.key in named
        else _verdict(p.point, "missed")
        for p in matcher.points
    ]
    return ScoreResult(0, question.max_marks, question.method, verdicts, [], "list")


def _blank(question: QuestionSpec, summary: str) -> ScoreResult:
    verdicts = [_verdict(p, "missed") for p in question.points]
    return ScoreResult(0, question.max_marks, question.method, verdicts, [], summary)


_MATCHER_OF: dict[int, tuple[QuestionSpec, QuestionMatcher]] = {}


def _matcher_of(question: QuestionSpec) -> QuestionMatcher:
    """question_matcher, found by the spec's identity first: a class set marks many answers to
    one spec object, and hashing a whole spec for its cache costs more than some answers."""
    known = _MATCHER_OF.get(id(question))
    if known is not None and known[0] is question:  # held here, so its id is not reused
        return known[1]
    if len(_MATCHER_OF) >= 1024:
        _MATCHER_OF.clear()
    matcher = question_matcher(question)
    _MATCHER_OF[id(question)] = (question, matcher)
    return matcher


def score_answer(question: QuestionSpec, answer: str) -> ScoreResult:
    """Mark one answer. Deterministic; never raises for any text."""
    matcher = _matcher_of(question)
    answer = answer or ""
    if not tokenize(answer):
        return _blank(question, "empty")
    if _is_echo(answer, question, matcher):
        return _blank(question, "echo")
    index = AnswerIndex(answer, matcher)
    if not index.tokens:
        return _blank(question, "copied")
    if _only_terms(index, matcher):
        listed = _listed(question, matcher, index)
        if listed is not None:
            return listed
    wrong_hits = _find_wrong_ideas(index, matcher)
    contradicted = {
        point_key: hit
        for hit in wrong_hits
        for wrong in matcher.wrong_ideas
        if wrong.key == hit.key
        for point_key in wrong.contradicts
    }
    ledger = _Ledger()
    # Points take their evidence best match first, so a word goes to the point it fits best.
    candidates = {p.point.key: ([] if p.ideas else _candidates(p, index)) for p in matcher.points}

    def strength(p: PointMatcher) -> tuple:
        best = next((o for o in candidates[p.point.key] if o.kind == "match"), None)
        return (best is None, -(best.score if best else 0.0))

    verdicts: dict[str, PointVerdict] = {}
    for point in sorted(matcher.points, key=strength):
        if point.ideas:
            verdict = _judge_ideas(point, index, ledger)
        else:
            verdict = _judge_point(point, candidates[point.point.key], index, ledger)
        hit = contradicted.get(point.point.key)
        if hit is not None:
            verdict = _verdict(point.point, "contradicted", hit.evidence, wrong_idea=hit.key)
        verdicts[point.point.key] = verdict
    ordered = [verdicts[p.key] for p in question.points]
    mark = _combine(question, ordered)
    return ScoreResult(mark, question.max_marks, question.method, ordered, wrong_hits, "answered")
