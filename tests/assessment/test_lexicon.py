"""The engine's word data: installed, and read as its libraries read it."""

import random

import pytest
from wordfreq import zipf_frequency

from assessment import lexicon


def test_word_frequencies_read_from_wordfreqs_file_are_wordfreqs_own():
    table = lexicon._zipf_table()
    words = [*random.Random(2026).sample(sorted(table), 500), "the", "records", "glucagon"]
    assert [lexicon.zipf(w) for w in words] == pytest.approx(
        [zipf_frequency(w, "en") for w in words], abs=0.011
    )
    assert lexicon.zipf("glucoze") == 0.0


def test_without_its_data_file_the_table_comes_from_wordfreqs_own_reader(monkeypatch):
    monkeypatch.setattr(lexicon.importlib.util, "find_spec", lambda name: None)
    table = lexicon._zipf_table.__wrapped__()
    assert table["records"] == pytest.approx(zipf_frequency("records", "en"), abs=0.011)


def test_wordnet_extract_knows_derivations_synonyms_antonyms_and_verbs():
    assert lexicon.stem("storage") in lexicon.related("store")
    assert lexicon.stem("security") in lexicon.related("secure")
    assert lexicon.stem("low") in lexicon.antonyms("high")
    assert lexicon.only_verb("reduce") and not lexicon.only_verb("release")
    # a gloss link: "workmate" is defined as "a fellow worker", which names colleague's synset
    assert lexicon.stem("colleague") in lexicon.related("workmate")


def test_missing_word_data_stops_marking_with_one_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "WORDNET_EXTRACT", tmp_path / "gone.json.gz")
    lexicon._wordnet.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconMissing, match="make install"):
            lexicon.check_installed()
    finally:
        monkeypatch.undo()
        lexicon._wordnet.cache_clear()


def test_lemmas_read_from_lemminflects_files_are_lemminflects_own():
    from lemminflect import getAllLemmas

    table, overrides = lexicon._lemma_tables()
    words = [*random.Random(2026).sample(sorted(table), 2000), *overrides]
    words += [w.upper() for w in words[:200]] + [w.capitalize() for w in words[:200]]
    words += ["kept", "mice", "Kept", "records", "it's", "glucoze"]
    assert [list(lexicon._lemmas.__wrapped__(w).items()) for w in words] == [
        list(getAllLemmas(w).items()) if w.isalpha() else [] for w in words
    ]


def test_without_its_data_files_lemmas_come_from_lemminflects_own_reader(monkeypatch):
    monkeypatch.setattr(lexicon.importlib.util, "find_spec", lambda name: None)
    lexicon._lemma_tables.cache_clear()
    try:
        assert lexicon._lemma_tables() is None
        assert lexicon._lemmas.__wrapped__("kept")["VERB"] == ("keep",)
    finally:
        monkeypatch.undo()
        lexicon._lemma_tables.cache_clear()
