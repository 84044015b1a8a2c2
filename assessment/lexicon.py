"""What the marking engine knows of English words: lemmas, derivations, close synonyms, antonyms,
how specific a word is, and whether it can be a verb. Pure Python, no Django, no subject words.

Sources, all installed by `make install` and the Dockerfile, none fetched at run time:
- WordNet 3.0, as the compact extract `assessment/data/wordnet.json.gz` that
  `scripts/build_wordnet_extract.py` makes from Debian's `wordnet-base` (licence beside it):
  derivations (secure ~ security), close synonyms (first two senses of both words only, so a
  distant sense never joins two words) and antonyms (high ~ low);
- `wordfreq` (its data is in the wheel): how common a word is, so a common word alone never
  stands for a phrase a tutor wrote with several, and a real word is never "corrected" as a typo;
- `lemminflect` (its data is in the wheel): lemmas of irregular forms (kept -> keep) and whether a
  word can be a verb, which tells a clause from a list of terms.

If the extract is missing, marking stops with one clear message; it never marks differently.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import importlib.util
import itertools
import json
import math
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

import msgpack
import snowballstemmer

WORDNET_EXTRACT = Path(__file__).resolve().parent / "data" / "wordnet.json.gz"
_STEMMER = snowballstemmer.stemmer("english")

# How much a match through each relation is worth against the word itself.
EXACT, DERIVED, SYNONYM, MISSPELT = 1.0, 0.95, 0.8, 0.9


# Direction: English says "goes up" for "increases" and "cuts" for "reduces". Every word of a
# direction stands for its class too, so "repayments go up" meets "repayments increase", and
# the other class is its antonym, so "profit rises" is a reversal of "profit falls".
UP, DOWN = "+up", "+down"
DIRECTION = {
    **dict.fromkeys(
        """increase increases increased increasing rise rises rising rose risen raise raises raised
        higher more greater grow grows grew growing up boost boosts boosted climb climbs gain gains
        extra bigger larger expand expands""".split(),
        UP,
    ),
    **dict.fromkeys(
        """decrease decreases decreased decreasing fall falls fell falling fallen drop drops dropped
        dropping decline declines declined lower lowers lowered less fewer reduce reduces reduced
        reducing reduction cut cuts cutting down shrink shrinks shrank smaller""".split(),
        DOWN,
    ),
}
OPPOSITE = {UP: DOWN, DOWN: UP}


class LexiconMissing(RuntimeError):
    """The engine's word data is not installed: marking must not go on without it."""


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Build tables that live as long as the process (the word tables here, a question's
    compiled phrasings in assessment.scoring) with the garbage collector paused. Such a table is
    thousands of objects, a hundred thousand or more here, that hold no cycles, yet every few
    hundred of them made set off a collection that walked the half-built table again: two thirds
    of the lemma table's load, a third of WordNet's, a fifth of compiling a question. (Not
    gc.freeze() after it: objects frozen are never finalized, so a file opened before and never
    closed would not be flushed at exit.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
@collector_paused()
def _wordnet() -> dict[str, dict[str, tuple[str, ...]]]:
    try:
        table = json.loads(gzip.decompress(WORDNET_EXTRACT.read_bytes()))
    except (OSError, ValueError) as error:
        raise LexiconMissing(
            f"The marking engine's word data is missing or damaged ({WORDNET_EXTRACT}): "
            "reinstall the project (make install) or rebuild it with "
            "scripts/build_wordnet_extract.py."
        ) from error
    # Tuples, not JSON's lists: a table of strings and tuples drops out of the garbage
    # collector's view after its first full collection, where lists would be walked in every
    # full collection for as long as the process runs (a fifth of a command's start-up).
    for entry in table.values():
        for relation, words in entry.items():
            if type(words) is list:
                entry[relation] = tuple(words)
    return table


def check_installed() -> None:
    """Raise LexiconMissing now rather than at the first answer."""
    _wordnet()
    zipf("the")


@cache
@collector_paused()
def _zipf_table() -> dict[str, float]:
    """wordfreq's English table as Zipf values. Its data file is read directly (a format the
    library documents: a header, then lists of words by centibel of frequency), because
    importing wordfreq itself pulls in ftfy and langcodes and costs a command a second at
    start-up; the library's own reader gives the same values if the file ever changes."""
    try:
        location = importlib.util.find_spec("wordfreq").submodule_search_locations[0]
        with gzip.open(Path(location) / "data" / "large_en.msgpack.gz", "rb") as packed:
            header, *bins = msgpack.load(packed, raw=False)
        if header != {"format": "cB", "version": 1}:
            raise ValueError(f"unknown wordfreq data {header}")
    except (AttributeError, OSError, TypeError, ValueError):
        from wordfreq import get_frequency_dict  # the slow way: imports all of wordfreq

        return {
            word: round(math.log10(frequency) + 9, 2)
            for word, frequency in get_frequency_dict("en").items()
        }
    table: dict[str, float] = {}
    for centibels in range(len(bins) - 1, -1, -1):  # commoner bins last, so they win
        table.update(zip(bins[centibels], itertools.repeat(round(9 - centibels / 100, 2))))
    return table


def zipf(word: str) -> float:
    """How common a word is: 7.7 for "the", 4.9 for "records", 0 for a word wordfreq lacks."""
    return _zipf_table().get(word, 0.0)


def specificity(word: str) -> float:
    """A weight in (0, 1]: rare words say more than common ones."""
    return specificity_of_zipf(zipf(word))


def specificity_of_zipf(frequency: float) -> float:
    return min(1.0, max(0.15, (7.0 - frequency) / 4.0))


# Words at least this frequent (Zipf scale) are words, whatever a dictionary says.
COMMON_ZIPF = 3.5


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    """A word of English (or a common abbreviation) rather than a misspelling.

    A frequency list alone cannot tell: the commonest misspellings ("seperate", "buisness",
    "recieve") are frequent enough in written English to be listed. So a word that is not common
    must also be in WordNet, itself or through its base form; common words (pronouns, "gonna",
    brand-new words) stand on frequency alone."""
    frequency = zipf(word)
    if frequency >= COMMON_ZIPF:
        return True
    if frequency < 1.5:
        return False
    wordnet = _wordnet()
    return word in wordnet or any(
        form in wordnet for forms in _lemmas(word).values() for form in forms
    )


Lemmas = dict[str, dict[str, tuple[str, ...]]]  # word -> part of speech -> its lemmas


@cache
@collector_paused()
def _lemma_tables() -> tuple[Lemmas, Lemmas] | None:
    """lemminflect's lemma table and its overrides, read directly (word,category,lemma/lemma...
    and word,POS,lemma), because importing lemminflect pulls in numpy and its own reader goes
    through the table a line at a time: together a third of a second at start-up. None if the
    files are not as expected: then the library itself is asked (tests hold the two equal)."""
    try:
        folder = Path(importlib.util.find_spec("lemminflect").submodule_search_locations[0])
        lines = gzip.decompress((folder / "resources" / "lemma_lu.csv.gz").read_bytes())
        lines = lines.decode().split("\n")
        if lines[-1] == "":
            lines.pop()
        table: Lemmas = {}
        for line in lines:
            word, category, forms = line.strip().split(",")
            category = category.upper()
            table.setdefault(word, {})["AUX" if category == "MODAL" else category] = tuple(
                forms.split("/")
            )
        overrides: Lemmas = {}
        for line in (folder / "resources" / "lemma_overrides.csv").read_text().split("\n"):
            line = line.strip()
            if line and line[0] != "#":
                word, pos, lemma_ = line.split(",")
                overrides.setdefault(word, {})[pos] = (lemma_,)
    except (AttributeError, OSError, TypeError, ValueError):
        return None
    return table, overrides


@lru_cache(maxsize=200_000)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's getAllLemmas(word): its lemmas by part of speech, in the word's case."""
    if not word.isalpha():
        return {}
    tables = _lemma_tables()
    if tables is None:
        from lemminflect import getAllLemmas  # the slow way: imports all of lemminflect

        return getAllLemmas(word)
    table, overrides = tables
    key = word.lower()
    lemmas = {**table.get(key, {}), **overrides.get(key, {})}
    if word.isupper():
        case = str.upper
    elif word[0].isupper():
        case = str.capitalize
    else:
        case = str.lower
    return {pos: tuple(case(form) for form in forms) for pos, forms in lemmas.items()}


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The base form of an irregular verb or noun (kept -> keep, mice -> mouse); the word itself
    otherwise (regular endings are the stemmer's job)."""
    lemmas = _lemmas(word)
    # not adjectives: "more", "most" and "much" (or "better" and "good") say different things
    for pos in ("VERB", "NOUN"):
        for candidate in lemmas.get(pos, ()):
            if candidate != word and candidate[:1] == word[:1] and not word.startswith(candidate):
                return candidate
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The key two words meet on: Snowball stem of the lemma."""
    return _STEMMER.stemWord(lemma(word))


@lru_cache(maxsize=200_000)
def can_be_verb(word: str) -> bool:
    lemmas = _lemmas(word)
    return "VERB" in lemmas or "AUX" in lemmas


@lru_cache(maxsize=200_000)
def only_verb(word: str) -> bool:
    """A verb that WordNet never has as a noun or an adjective ("reduce", not "release")."""
    forms = (*_lemmas(word).get("VERB", ()), word)
    return any((_wordnet().get(form) or {}).get("p") == "v" for form in forms)


@lru_cache(maxsize=200_000)
def is_inflected_verb(word: str) -> bool:
    """'releases', 'moved', 'taking', 'kept': a verb form that is not its own base form."""
    lemmas = _lemmas(word)
    verbs = lemmas.get("VERB", ()) + lemmas.get("AUX", ())
    return bool(verbs) and word not in verbs


def _entry(word: str) -> dict[str, list[str]]:
    """The word's WordNet entry, found through its base form: "debtors" is listed as "debtor"."""
    wordnet = _wordnet()
    for form in (lemma(word), word, *(f for forms in _lemmas(word).values() for f in forms)):
        if form in wordnet:
            return wordnet[form]
    return {}


@lru_cache(maxsize=50_000)
def related(word: str, *, synonyms: bool = True) -> dict[str, float]:
    """The stems a word of a tutor's phrasing may be met by, with what each is worth."""
    entry = _entry(word)
    keys: dict[str, float] = {}
    if synonyms:
        for other in (*entry.get("s", ()), *entry.get("g", ())):
            keys[stem(other)] = SYNONYM
    for other in entry.get("d", ()):
        keys[stem(other)] = DERIVED
    if word in DIRECTION:
        keys[DIRECTION[word]] = DERIVED
    keys[stem(word)] = EXACT
    return keys


@lru_cache(maxsize=50_000)
def antonyms(word: str) -> frozenset[str]:
    entry = _entry(word)
    found = {stem(other) for other in entry.get("a", ())}
    if word in DIRECTION:
        found.add(OPPOSITE[DIRECTION[word]])
    return frozenset(found)
