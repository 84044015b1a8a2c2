"""Build assessment/data/wordnet.json.gz, the compact WordNet 3.0 extract the marking engine reads.

Run once by a maintainer when the extract should change (the result is committed, so neither
`make install` nor the Dockerfile needs WordNet or root):

    apt-get install wordnet-base
    .venv/bin/python scripts/build_wordnet_extract.py /usr/share/wordnet

For each single English word it keeps three short lists, nothing else:
- "d": derivationally related words (secure -> security, store -> storage), WordNet's "+" links;
- "s": close synonyms: words that share a synset which is among the first two senses of both
  (WordNet lists senses by frequency, so rare senses such as "mate" for "colleague" stay out);
- "a": antonyms (high -> low, increase -> decrease), WordNet's "!" links;
- "p": the parts of speech WordNet knows the word as (n, v, a, r), which tells a word that is
  only ever a verb ("reduce") from one that may name a thing ("release");
- "g": gloss links: a word whose first sense is defined by another synset's name ("workmate: a
  fellow worker", and "fellow worker" names the synset of "colleague"), weighed as a synonym.
WordNet 3.0 is (c) 2006 Princeton University; its licence, which allows redistribution with the
notice, is in assessment/data/WORDNET-LICENSE.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
CLOSE_SENSES = 2


def _word(raw: str) -> str:
    word = raw.lower()
    if word.endswith(")") and "(" in word:  # adjective markers: "galore(ip)"
        word = word[: word.index("(")]
    return word


def read_glosses(root: Path) -> dict[tuple[str, str], str]:
    """Each synset's gloss, up to its first example or second definition."""
    glosses = {}
    for name, pos in POS.items():
        for line in (root / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if not line.startswith(" ") and " | " in line:
                glosses[(pos, line.split()[0])] = line.split(" | ", 1)[1].split(";")[0].strip()
    return glosses


def read_synsets(
    root: Path,
) -> dict[tuple[str, str], tuple[list[str], list[tuple[str, str, str, int, int]]]]:
    synsets = {}
    for name, pos in POS.items():
        for line in (root / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset, word_count = fields[0], int(fields[3], 16)
            words = [_word(fields[4 + 2 * i]) for i in range(word_count)]
            at = 4 + 2 * word_count
            pointer_count = int(fields[at])
            pointers = []
            for i in range(pointer_count):
                symbol, target, target_pos, source_target = fields[at + 1 + 4 * i : at + 5 + 4 * i]
                target_pos = "a" if target_pos == "s" else target_pos
                pointers.append(
                    (
                        symbol,
                        target,
                        target_pos,
                        int(source_target[:2], 16),
                        int(source_target[2:], 16),
                    )
                )
            synsets[(pos, offset)] = (words, pointers)
    return synsets


def read_senses(root: Path) -> dict[str, list[tuple[str, str]]]:
    senses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, pos in POS.items():
        for line in (root / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma, synset_count, pointer_count = fields[0], int(fields[2]), int(fields[3])
            offsets = fields[4 + pointer_count + 2 :]
            assert len(offsets) == synset_count, line
            senses[lemma].extend((pos, offset) for offset in offsets)
    return senses


def build(root: Path) -> dict[str, dict[str, list[str]]]:
    synsets = read_synsets(root)
    senses = read_senses(root)
    rank: dict[tuple[str, tuple[str, str]], int] = {}
    for lemma, keys in senses.items():
        by_pos: dict[str, int] = defaultdict(int)
        for key in keys:
            by_pos[key[0]] += 1
            rank[(lemma, key)] = by_pos[key[0]]
    extract: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key, (words, pointers) in synsets.items():
        single = [w for w in words if w.isalpha()]
        close = [w for w in single if rank.get((w, key), 99) <= CLOSE_SENSES]
        for word in close:
            extract[word]["s"].update(w for w in close if w != word)
        for symbol, target, target_pos, source, target_word in pointers:
            if symbol not in {"+", "!"} or not source:
                continue
            words_there = synsets[(target_pos, target)][0]
            here, there = words[source - 1], words_there[target_word - 1]
            if here.isalpha() and there.isalpha() and here != there:
                extract[here]["d" if symbol == "+" else "a"].add(there)
    for lemma, keys in senses.items():
        if lemma.isalpha():
            extract[lemma]["p"].update(pos for pos, _ in keys)
    # gloss links: "workmate" is "a fellow worker", and "fellow worker" names colleague's synset
    named: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, (words, _) in synsets.items():
        for word in words:
            if "_" in word:
                named[word.replace("_", " ")].add(key)
    glosses = read_glosses(root)
    for lemma, keys in senses.items():
        if not lemma.isalpha() or not keys:
            continue
        first = keys[0]
        gloss = glosses.get(first, "").lower()
        for article in ("a ", "an ", "the "):
            gloss = gloss.removeprefix(article)
        for target in named.get(gloss, ()):
            if target[0] != first[0] or first[0] != "n":  # nouns only: verb glosses wander
                continue
            for other in synsets[target][0]:
                if (
                    other.isalpha()
                    and other != lemma
                    and rank.get((other, target), 99) <= CLOSE_SENSES
                ):
                    extract[lemma]["g"].add(other)
                    extract[other]["g"].add(lemma)
    return {
        word: {
            kind: ("".join(sorted(values)) if kind == "p" else sorted(values))
            for kind, values in sorted(kinds.items())
            if values
        }
        for word, kinds in sorted(extract.items())
        if any(kinds.values())
    }


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")
    extract = build(root)
    out = Path(__file__).resolve().parent.parent / "assessment" / "data" / "wordnet.json.gz"
    payload = json.dumps(extract, separators=(",", ":"), sort_keys=True).encode()
    out.write_bytes(gzip.compress(payload, mtime=0))
    print(f"{len(extract)} words, {out.stat().st_size / 1e6:.1f} MB -> {out}")


if __name__ == "__main__":
    main()
