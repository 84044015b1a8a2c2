"""The marking engine: score a learner's written answer against the examiner's marking points.

Pure Python, deterministic, no Django. Each marking point is judged on its own, then the points
earned are combined by the question's method (points, bands or rules). For every point the result
says whether it was earned, quotes the learner's words that earned it (with offsets, so the page
can highlight them), and says why not where it was not.

How a point is found in an answer:
1. Known-wrong ideas are looked for first; a point a wrong idea contradicts is not awarded.
2. A point matches through its `accept` phrasings (all of a phrasing's words near each other, in any
   order, within one sentence), through the examples its text lists after "such as"/"e.g.", or
   through its own words: enough of the point's meaningful words in one sentence, weighting down
   words the question itself uses, so that repeating the question earns nothing.
3. Words meet as concepts: British spelling, Snowball stems, a small synonym table; misspellings
   of the question's vocabulary are forgiven (rapidfuzz, one or two edits).
4. A match inside a negated clause ("an external customer is not a colleague") does not count.
5. Each point has a depth (its own verb, else the command word: assessment.spec.default_depth):
   "identify" needs the idea, "describe" more than a bare term (a list of keywords is not a
   description), "explain" a reason (because, so that, which means…).
   A point can also need a workplace example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from assessment.spec import PointSpec, QuestionSpec, WrongIdeaSpec
from assessment.text import (
    DISTANCING,
    EXAMINER_WORDS,
    Token,
    comparative_bases,
    concept,
    content_concepts,
    fold,
    fuzzy_equal,
    has_example,
    has_reason,
    tokenize,
)

ALTERNATIVES_START = re.compile(
    r"\b(?:such as|e\.g\.?|eg|for example|for instance|including|like)\s", re.I
)
ALTERNATIVE_SPLIT = re.compile(r",|;|\(|\)|/|\bor\b|\band\b", re.I)
_CONTINUES = re.compile(r"(?:also|and|plus|this|that|it also|they also|as well)\b")
REPORTED = re.compile(r"\b(?:some people|people|many|others|they)\s+(?:think|believe|say|assume)\b")


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
    status: str  # earned | missed | named_not_explained | no_example | contradicted | partial_ideas
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""
    ideas_found: list[str] = field(default_factory=list)


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
    summary: str = ""


# --- phrases and their occurrences -----------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """Something to find: all `required` concepts near each other (`span` tokens at most)."""

    source: str
    required: tuple[str, ...]  # stems for a literal phrasing, concepts for a point's own words
    words: tuple[tuple[str, str], ...]  # (required key, surface word) for fuzzy matching
    literal: bool = True
    negated: bool = False  # a point's own words that assert a negation
    coverage: float = 1.0  # share of required weight that must be present
    weights: tuple[float, ...] = ()
    span: int | None = None  # None: anywhere within one sentence


@dataclass(frozen=True)
class Occurrence:
    tokens: tuple[Token, ...]
    sentence: int


def _phrase(
    text: str, *, prompt_concepts: frozenset[str] = frozenset(), literal: bool = True
) -> Phrase | None:
    tokens = tokenize(text)
    drop = frozenset() if literal else EXAMINER_WORDS
    concepts = content_concepts(text, drop=drop, literal=literal)
    if not concepts:  # a phrasing of function words only: take it word for word
        concepts = tuple(dict.fromkeys(t.stem for t in tokens))
        literal = True
    if not concepts:
        return None
    key = (lambda t: t.stem) if literal else (lambda t: t.concept)
    words = tuple((key(t), t.word) for t in tokens if key(t) in concepts and not t.is_negator)
    if literal:
        return Phrase(text, concepts, words, literal=True, span=2 * len(concepts) + 1)
    negated = any(token.is_negator for token in tokens)
    weights = tuple(0.35 if c in prompt_concepts else 1.0 for c in concepts)
    if len(concepts) >= 5:
        coverage = 0.5
    elif len(concepts) >= 3:
        coverage = 0.6
    else:
        coverage = 1.0
    return Phrase(
        text, concepts, words, literal=False, negated=negated, coverage=coverage, weights=weights
    )


@dataclass(frozen=True)
class PointMatcher:
    point: PointSpec
    phrases: tuple[Phrase, ...]  # any one of them earns the point
    ideas: tuple[tuple[str, tuple[Phrase, ...]], ...]  # (label, phrases) for "at least N" points


@dataclass(frozen=True)
class WrongIdeaMatcher:
    wrong: WrongIdeaSpec
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class QuestionMatcher:
    question: QuestionSpec
    prompt_concepts: frozenset[str]
    points: tuple[PointMatcher, ...]
    wrong_ideas: tuple[WrongIdeaMatcher, ...]
    vocabulary: tuple[tuple[str, str, bool], ...]  # (surface word, key, literal) to find


def _point_phrases(point: PointSpec, prompt_concepts: frozenset[str]) -> tuple[Phrase, ...]:
    phrases = [_phrase(accept) for accept in point.accept]
    text = point.text
    match = ALTERNATIVES_START.search(text)
    main = text[: match.start()] if match else text
    if match:
        for alternative in ALTERNATIVE_SPLIT.split(text[match.end() :]):
            if len(content_concepts(alternative)) >= 1:
                phrases.append(_phrase(alternative))
    own = _phrase(main, prompt_concepts=prompt_concepts, literal=False)
    # A bare "names a relevant law, such as ..." is found through its examples, not the word "law".
    if own and not (match and len(own.required) <= 1):
        phrases.append(own)
    return tuple(p for p in phrases if p)


@lru_cache(maxsize=1024)
def question_matcher(question: QuestionSpec) -> QuestionMatcher:
    prompt_concepts = frozenset(content_concepts(question.prompt, drop=EXAMINER_WORDS))
    points = []
    for point in question.points:
        ideas = tuple(
            (
                idea.label,
                tuple(p for p in (_phrase(text) for text in (idea.label, *idea.accept)) if p),
            )
            for idea in point.ideas
        )
        points.append(PointMatcher(point, _point_phrases(point, prompt_concepts), ideas))
    wrong_ideas = tuple(
        WrongIdeaMatcher(
            wrong,
            tuple(p for p in (*(_phrase(a) for a in wrong.accept), _phrase(wrong.statement)) if p),
        )
        for wrong in question.wrong_ideas
    )
    phrases = [
        phrase
        for matcher in points
        for phrase in matcher.phrases + tuple(p for _, ps in matcher.ideas for p in ps)
    ] + [phrase for matcher in wrong_ideas for phrase in matcher.phrases]
    vocabulary = sorted(
        {(word, key, phrase.literal) for phrase in phrases for key, word in phrase.words}
    )
    return QuestionMatcher(question, prompt_concepts, tuple(points), wrong_ideas, tuple(vocabulary))


class AnswerIndex:
    """An answer's tokens, indexed by concept, with misspellings mapped onto the question's words."""

    def __init__(self, answer: str, matcher: QuestionMatcher):
        self.answer = answer
        self.tokens = tokenize(answer)
        self.by_concept: dict[str, list[Token]] = {}
        self.by_stem: dict[str, list[Token]] = {}
        words = tuple(sorted({word for word, _, _ in matcher.vocabulary}))
        keys_of: dict[str, list[tuple[str, bool]]] = {}
        for word, key, literal in matcher.vocabulary:
            keys_of.setdefault(word, []).append((key, literal))
        known_stems = {key for _, key, literal in matcher.vocabulary if literal}
        known_concepts = {key for _, key, literal in matcher.vocabulary if not literal}
        for token in self.tokens:
            self.by_concept.setdefault(token.concept, []).append(token)
            self.by_stem.setdefault(token.stem, []).append(token)
            if token.is_stop or len(token.word) < 5:
                continue
            if token.stem in known_stems or token.concept in known_concepts:
                continue
            bases = [b for b in comparative_bases(token.word) if concept(b) in known_concepts]
            if bases:  # "faster" for a point that says "fast"
                self.by_concept.setdefault(concept(bases[0]), []).append(token)
                continue
            found = _closest(token.word, words)
            for key, literal in keys_of.get(found, []) if found else []:
                (self.by_stem if literal else self.by_concept).setdefault(key, []).append(token)
        self.sentences: dict[int, list[Token]] = {}
        for token in self.tokens:
            self.sentences.setdefault(token.sentence, []).append(token)

    def sentence_text(self, sentence: int) -> str:
        tokens = self.sentences.get(sentence, [])
        return self.answer[tokens[0].start : tokens[-1].end] if tokens else ""

    def clause_text(self, occurrence: Occurrence) -> str:
        clauses = {t.clause for t in occurrence.tokens}
        tokens = [t for t in self.sentences.get(occurrence.sentence, []) if t.clause in clauses]
        return self.answer[tokens[0].start : tokens[-1].end] if tokens else ""

    def negated(self, matched: tuple[Token, ...]) -> bool:
        """An odd number of negators just before or among the matched words, in their clause,
        not counting negators that are part of the match itself ("can't give")."""
        first, last = min(t.index for t in matched), max(t.index for t in matched)
        clauses = {t.clause for t in matched}
        own = {t.index for t in matched}
        window = [
            t
            for t in self.tokens[max(0, first - 4) : last + 1]
            if t.clause in clauses
            and t.is_negator
            and t.index not in own
            and not self._not_only(t, own)
        ]
        return len(window) % 2 == 1

    def _not_only(self, negator: Token, own: set[int]) -> bool:
        """ "not only X (but also Y)" still says X: the negator denies "only", so it negates a
        match only when that match holds the "only" ("only external customers matter")."""
        following = negator.index + 1
        return (
            following < len(self.tokens)
            and self.tokens[following].word in ONLY_WORDS
            and following not in own
        )

    def find(self, phrase: Phrase) -> list[Occurrence]:
        """Occurrences of the phrase, best first, negated ones left out."""
        source = self.by_stem if phrase.literal else self.by_concept
        candidates = {c: source.get(c, []) for c in phrase.required}
        weights = phrase.weights or tuple(1.0 for _ in phrase.required)
        total = sum(weights)
        occurrences = []
        for sentence in sorted({t.sentence for tokens in candidates.values() for t in tokens}):
            present = [
                (concept, weight, [t for t in candidates[concept] if t.sentence == sentence])
                for concept, weight in zip(phrase.required, weights, strict=True)
            ]
            present = [(c, w, ts) for c, w, ts in present if ts]
            score = sum(w for _, w, _ in present) / total
            if score + 1e-9 < phrase.coverage:
                continue
            if (
                phrase.weights
                and not any(w == 1.0 for _, w, _ in present)
                and any(w == 1.0 for w in weights)
            ):
                continue  # only the question's own words: an echo of the question
            chosen = _tightest([ts for _, _, ts in present])
            if phrase.span is not None and chosen[-1].index - chosen[0].index > phrase.span:
                continue
            if _negation_stranded(chosen):
                continue  # "not" in one clause, the words it should negate in another
            is_negated = self.negated(chosen)
            if is_negated != phrase.negated:
                continue
            occurrences.append((score, -chosen[0].index, Occurrence(chosen, sentence)))
        return [
            occurrence for *_, occurrence in sorted(occurrences, key=lambda o: o[:2], reverse=True)
        ]


@lru_cache(maxsize=65536)
def _closest(word: str, vocabulary: tuple[str, ...]) -> str | None:
    found = process.extractOne(word, vocabulary, scorer=OSA.distance, score_cutoff=2)
    if found and fuzzy_equal(word, found[0]):
        return found[0]
    return None


def _negation_stranded(chosen: tuple[Token, ...]) -> bool:
    """A phrase that holds its own negation ("colleagues are not customers") matched with its
    negator in a clause where none of its other words are."""
    clauses_of_words = {t.clause for t in chosen if not t.is_negator}
    return any(t.is_negator and t.clause not in clauses_of_words for t in chosen)


ONLY_WORDS = frozenset({"only", "just", "merely", "simply", "solely"})


def _tightest(groups: list[list[Token]]) -> tuple[Token, ...]:
    """One token per group, in as few clauses as possible, then as close together as possible
    (groups are small): "colleagues are customers too" is one idea, not "customers" from the
    clause before joined to "colleagues" from this one."""
    best: tuple[Token, ...] = ()
    best_key = None
    for anchor in groups[0]:
        chosen = [anchor]
        for group in groups[1:]:
            chosen.append(
                min(group, key=lambda t: (t.clause != anchor.clause, abs(t.index - anchor.index)))
            )
        width = max(t.index for t in chosen) - min(t.index for t in chosen)
        key = (len({t.clause for t in chosen}), width)
        if best_key is None or key < best_key:
            best, best_key = tuple(sorted(set(chosen), key=lambda t: t.index)), key
    return best


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


# --- depth, examples -----------------------------------------------------------------------


def _is_list(text: str) -> bool:
    """'internal, external, new, existing': keywords, not a description."""
    parts = [part for part in re.split(r",|\band\b|\bor\b|/", fold(text)) if part.strip()]
    if len(parts) < 3:
        return False
    return sum(len(part.split()) for part in parts) / len(parts) <= 2.5


def _described(index: AnswerIndex, occurrence: Occurrence) -> bool:
    """More than a bare term: a sentence of some substance that is not a list of keywords."""
    sentence_tokens = index.sentences.get(occurrence.sentence, [])
    matched = {t.index for t in occurrence.tokens}
    content = [t for t in sentence_tokens if not t.is_stop and not t.is_negator]
    extra = [t for t in content if t.index not in matched]
    substantial = len(content) >= 4 or len(extra) >= 2
    return substantial and not _is_list(index.sentence_text(occurrence.sentence))


def _explained(index: AnswerIndex, occurrence: Occurrence) -> bool:
    if not _described(index, occurrence):
        return False
    nearby = (
        index.sentence_text(occurrence.sentence)
        + " "
        + index.sentence_text(occurrence.sentence + 1)
    )
    if has_reason(nearby):
        return True
    # "...because they need more oxygen. It also gets rid of carbon dioxide faster.": a sentence
    # that carries on the previous one's reasoning shares its connective.
    return _CONTINUES.match(fold(index.sentence_text(occurrence.sentence))) is not None and (
        has_reason(index.sentence_text(occurrence.sentence - 1))
    )


def _depth_met(depth: str, index: AnswerIndex, occurrence: Occurrence) -> bool:
    if depth == "explain":
        return _explained(index, occurrence)
    if depth == "describe":
        return _described(index, occurrence)
    return True


def _example_given(index: AnswerIndex, occurrence: Occurrence) -> bool:
    around = " ".join(index.sentence_text(occurrence.sentence + offset) for offset in (-1, 0, 1))
    return has_example(around)


# --- judging ---------------------------------------------------------------------------------


def _find_wrong_ideas(index: AnswerIndex, matcher: QuestionMatcher) -> list[WrongIdeaHit]:
    hits = []
    for wrong in matcher.wrong_ideas:
        for phrase in wrong.phrases:
            occurrences = [o for o in index.find(phrase) if not _distanced(index.clause_text(o))]
            if occurrences:
                hits.append(
                    WrongIdeaHit(
                        wrong.wrong.key,
                        wrong.wrong.statement,
                        wrong.wrong.correction,
                        _evidence(index, occurrences[0].tokens),
                    )
                )
                break
    return hits


def _distanced(sentence: str) -> bool:
    folded = fold(sentence)
    return bool(REPORTED.search(folded)) or any(
        word in DISTANCING for word in re.findall(r"[a-z]+", folded)
    )


def _judge_ideas(point: PointMatcher, index: AnswerIndex) -> PointVerdict:
    spec = point.point
    found: list[str] = []
    named: list[str] = []
    evidence: list[Evidence] = []
    for label, phrases in point.ideas:
        occurrences = [o for phrase in phrases for o in index.find(phrase)]
        if not occurrences:
            continue
        deep = [
            o
            for o in occurrences
            if _depth_met(spec.depth if spec.depth != "explain" else "describe", index, o)
        ]
        if deep:
            found.append(label)
            evidence.extend(_evidence(index, deep[0].tokens))
        else:
            named.append(label)
    needed = spec.at_least or len(point.ideas)
    missing = [label for label, _ in point.ideas if label not in found and label not in named]
    if len(found) >= needed:
        if spec.needs_example and not has_example(index.answer):
            return PointVerdict(
                spec.key,
                spec.text,
                False,
                0,
                spec.marks,
                "no_example",
                evidence,
                f"You gave {', '.join(found)}, but no example: add one from a workplace.",
                found,
            )
        return PointVerdict(
            spec.key, spec.text, True, spec.marks, spec.marks, "earned", evidence, "", found
        )
    awarded = spec.marks * len(found) // needed
    if named and len(found) + len(named) >= needed:
        status, reason = (
            "named_not_explained",
            f"You named {', '.join(named)} but did not describe {'them' if len(named) > 1 else 'it'}: "
            "say what each one is or does, not just its name.",
        )
    else:
        status = "partial_ideas" if found or named else "missed"
        have = found + named
        reason = (
            f"You gave {len(have)} of the {needed} needed"
            + (f" ({', '.join(have)})" if have else "")
            + (f". Others you could give: {', '.join(missing)}." if missing else ".")
        )
    return PointVerdict(
        spec.key, spec.text, False, awarded, spec.marks, status, evidence, reason, found
    )


def _judge_point(point: PointMatcher, index: AnswerIndex) -> PointVerdict:
    spec = point.point
    if point.ideas:
        return _judge_ideas(point, index)
    occurrences = [o for phrase in point.phrases for o in index.find(phrase)]
    if not occurrences:
        return PointVerdict(
            spec.key,
            spec.text,
            False,
            0,
            spec.marks,
            "missed",
            [],
            f"Not found in your answer. The examiner looks for: {spec.text}",
        )
    deep = [o for o in occurrences if _depth_met(spec.depth, index, o)]
    if not deep:
        named = _evidence(index, occurrences[0].tokens)
        quoted = "“" + named[0].text + "”" if named else "the idea"
        if spec.depth == "explain":
            reason = (
                f"You named it ({quoted}) but did not explain it: add a reason or a consequence "
                "(because…, so that…, which means…)."
            )
        else:
            reason = (
                f"You named it ({quoted}) but did not describe it: say what it is or what it does, "
                "in a full sentence, not just the term."
            )
        return PointVerdict(
            spec.key, spec.text, False, 0, spec.marks, "named_not_explained", named, reason
        )
    if spec.needs_example:
        with_example = [o for o in deep if _example_given(index, o)] or (
            deep if has_example(index.answer) else []
        )
        if not with_example:
            return PointVerdict(
                spec.key,
                spec.text,
                False,
                0,
                spec.marks,
                "no_example",
                _evidence(index, deep[0].tokens),
                "You made this point but gave no example: add one from a workplace "
                "(for example, at the shop where I work…).",
            )
        deep = with_example
    return PointVerdict(
        spec.key,
        spec.text,
        True,
        spec.marks,
        spec.marks,
        "earned",
        _evidence(index, deep[0].tokens),
        "",
    )


def _combine(question: QuestionSpec, verdicts: list[PointVerdict]) -> int:
    earned = [v for v in verdicts if v.earned]
    if question.method == "bands":
        reached = [band.marks for band in question.bands if len(earned) >= band.points]
        mark = max(reached, default=0)
    elif question.method == "rules":
        groups: dict[str, int] = {}
        for verdict, point in zip(verdicts, question.points, strict=True):
            if verdict.earned and point.group:
                groups[point.group] = groups.get(point.group, 0) + 1
        mark = max(
            (
                rule.marks
                for rule in question.rules
                if all(groups.get(r.group, 0) >= r.at_least for r in rule.requires)
            ),
            default=0,
        )
    else:
        mark = sum(v.marks_awarded for v in verdicts)
    return max(0, min(question.max_marks, mark))


def _is_echo(answer: str, question: QuestionSpec, matcher: QuestionMatcher) -> bool:
    """An answer that only repeats the question."""
    concepts = set(content_concepts(answer, drop=EXAMINER_WORDS))
    if concepts and concepts <= matcher.prompt_concepts:
        return True
    return (
        fuzz.token_set_ratio(fold(answer), fold(question.prompt)) >= 90
        and len(concepts - matcher.prompt_concepts) <= 1
    )


def score_answer(question: QuestionSpec, answer: str) -> ScoreResult:
    """Mark one answer. Deterministic; never raises for any text."""
    matcher = question_matcher(question)
    answer = answer or ""
    if not tokenize(answer):
        verdicts = [
            PointVerdict(p.key, p.text, False, 0, p.marks, "missed", [], "No answer was given.")
            for p in question.points
        ]
        return ScoreResult(
            0, question.max_marks, question.method, verdicts, [], "Write an answer to be marked."
        )
    if _is_echo(answer, question, matcher):
        verdicts = [
            PointVerdict(
                p.key,
                p.text,
                False,
                0,
                p.marks,
                "missed",
                [],
                "Your answer repeats the question; answer it in your own words.",
            )
            for p in question.points
        ]
        return ScoreResult(
            0,
            question.max_marks,
            question.method,
            verdicts,
            [],
            "Your answer repeats the question.",
        )
    index = AnswerIndex(answer, matcher)
    wrong_hits = _find_wrong_ideas(index, matcher)
    contradicted = {
        point_key: hit
        for hit in wrong_hits
        for wrong in matcher.wrong_ideas
        if wrong.wrong.key == hit.key
        for point_key in wrong.wrong.contradicts
    }
    verdicts = []
    for point in matcher.points:
        verdict = _judge_point(point, index)
        hit = contradicted.get(point.point.key)
        if hit is not None:
            verdict = PointVerdict(
                verdict.key,
                verdict.text,
                False,
                0,
                verdict.marks_available,
                "contradicted",
                hit.evidence,
                f"Your answer says that {hit.statement[:1].lower() + hit.statement[1:]} "
                f"That contradicts this point. {hit.correction}",
            )
        verdicts.append(verdict)
    mark = _combine(question, verdicts)
    earned = sum(1 for v in verdicts if v.earned)
    summary = f"{earned} of {len(verdicts)} marking points earned."
    return ScoreResult(mark, question.max_marks, question.method, verdicts, wrong_hits, summary)
