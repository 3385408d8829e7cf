"""Building and loading the language model (rasid.repair.model_build, rasid.repair.language_model)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from rasid.errors import InputError, ModelError
from rasid.repair.hashtable import lookup_rows
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.model_build import build_language_model

CORPUS = """قال الوزير إن القوات العراقية استعادت السيطرة على المدينة.
وقال التحالف الدولي إن الغارات استهدفت مواقع التنظيم في البادية.
قال الوزير إن الغارات استهدفت مواقع في المدينة.

وأضاف التحالف الدولي أن القوات تواصل عملياتها.
وقال الوزير إنَّ القُوّات تواصل عملياتها.
"""


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> LanguageModel:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "corpus.txt").write_text(CORPUS, encoding="utf-8")
    out = folder / "model"
    report = build_language_model([folder / "corpus.txt"], out)
    assert report.paragraphs == 5
    return load_language_model(out)


def test_probabilities_sum_to_one(tiny_model: LanguageModel) -> None:
    """Kneser-Ney must give a proper distribution over the vocabulary in any context."""
    words = np.arange(tiny_model.size, dtype=np.int64)
    for context in (("قال", "الوزير"), ("الوزير", "إن"), ("<s>", "قال"), ("التنظيم", "غريب")):
        first = np.full(words.size, tiny_model.word_id(context[0]))
        second = np.full(words.size, tiny_model.word_id(context[1]))
        total = np.exp(tiny_model.trigram_logprobs(first, second, words)).sum()
        assert abs(total - 1.0) < 1e-3, (context, total)


def test_seen_continuations_are_likelier(tiny_model: LanguageModel) -> None:
    ids = tiny_model.word_id
    seen = tiny_model.trigram_logprobs(np.array([ids("قال")]), np.array([ids("الوزير")]), np.array([ids("إن")]))
    unseen = tiny_model.trigram_logprobs(np.array([ids("قال")]), np.array([ids("الوزير")]), np.array([ids("البادية")]))
    assert seen[0] > unseen[0]


def test_model_files_carry_a_licence(tiny_model: LanguageModel) -> None:
    licence = (tiny_model.directory / "LICENSE.md").read_text(encoding="utf-8")
    assert "MIT" in licence and "its own licence" in licence
    manifest = json.loads((tiny_model.directory / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus"][0]["sha256"]


def test_model_keeps_the_diacritised_spellings_of_words(tiny_model: LanguageModel) -> None:
    assert tiny_model.diacritised("القوات") == (("القُوّات", 1),)
    assert tiny_model.diacritised("إن") == (("إنَّ", 1),)
    assert tiny_model.diacritised("الوزير") == ()


def test_a_damaged_spellings_file_is_a_model_error(tiny_model: LanguageModel, tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(tiny_model.directory, copy)
    (copy / "diacritics.txt").write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"diacritics\.txt line 1"):
        load_language_model(copy).diacritised("القوات")


def test_default_model_is_licensed_cc_by_nc_sa(model: LanguageModel) -> None:
    assert "CC BY-NC-SA 4.0" in (model.directory / "LICENSE.md").read_text(encoding="utf-8")


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="make model"):
        load_language_model(tmp_path)


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        build_language_model([tmp_path / "nothing.txt"], tmp_path / "model")
    assert not (tmp_path / "model").exists()


def reference_char_logprob(words: list[str], word: str) -> float:
    """Interpolated Witten-Bell over character 5-grams, written the slow, obvious way."""
    import math
    from collections import Counter

    from rasid.repair.model_build import CHAR_ALPHABET_SIZE, CHAR_ORDER, WORD_BOUNDARY

    grams: Counter[str] = Counter()
    for known in words:
        padded = WORD_BOUNDARY * (CHAR_ORDER - 1) + known + WORD_BOUNDARY
        for end in range(CHAR_ORDER - 1, len(padded)):
            for order in range(1, CHAR_ORDER + 1):
                grams[padded[end - order + 1 : end + 1]] += 1
    totals: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for gram, count in grams.items():
        totals[gram[:-1]] += count
        types[gram[:-1]] += 1
    padded = WORD_BOUNDARY * (CHAR_ORDER - 1) + word + WORD_BOUNDARY
    total = 0.0
    for end in range(CHAR_ORDER - 1, len(padded)):
        probability = 1.0 / (CHAR_ALPHABET_SIZE + 1)
        for order in range(1, CHAR_ORDER + 1):
            gram = padded[end - order + 1 : end + 1]
            context_total = totals[gram[:-1]]
            if context_total:
                weight = context_total / (context_total + types[gram[:-1]])
                probability = weight * grams[gram] / context_total + (1 - weight) * probability
        total += math.log(probability)
    return total


def test_character_model_matches_a_reference(tiny_model: LanguageModel) -> None:
    words = [word for word in tiny_model.vocabulary if not word.startswith("<")]
    for word in ("الوزير", "المدينة", "زقثصض", "ب"):
        assert abs(tiny_model.char_model.word_logprob(word) - reference_char_logprob(words, word)) < 1e-9


def test_character_model_scores_a_batch_as_each_word_alone(model: LanguageModel) -> None:
    # Restoration scores all of a token's invented words in one pass; each must get exactly
    # the score it gets alone (same additions in the same order), or repair would change.
    words = ["الوزير", "زقثصض", "ب", "", "الوزيرالوزيرالوزير" * 8, "x", "المدينة", "الوزير"]
    alone = [model.char_model._compute_word_logprobs([word])[0] for word in words]
    assert model.char_model._compute_word_logprobs(words) == alone
    assert model.char_model.word_logprobs(words) == alone


@pytest.mark.parametrize("which", ["words", "shapes"])
def test_every_trigram_has_both_its_bigrams(model: LanguageModel, tiny_model: LanguageModel, which: str) -> None:
    # Scoring looks a trigram up only when both its bigrams are in the model; that is exact
    # because the build counts all three from the same token stream.
    for ngrams in (getattr(model, which), getattr(tiny_model, which)):
        slot_keys = np.asarray(ngrams.trigram_table[0])
        keys = slot_keys[slot_keys >= 0]
        size = ngrams.size
        assert (lookup_rows(*ngrams.bigram_table, keys // size) >= 0).all()
        assert (lookup_rows(*ngrams.bigram_table, keys % (size * size)) >= 0).all()


def test_characters_outside_the_alphabet_share_one_digit(model: LanguageModel) -> None:
    # Digits come from a table by code point; every character the alphabet lacks, below the
    # table's end or beyond it, must read as the same "other" digit.
    alphabet = model.char_model.alphabet_index
    inside = next(chr(code) for code in range(0x0621, 0x10000) if chr(code) not in alphabet)
    beyond = "\U0001f600"
    assert max(map(ord, alphabet)) < ord(beyond)
    for word in ("كتاب", "م"):
        with_inside = model.char_model._compute_word_logprobs([word + inside])[0]
        assert model.char_model._compute_word_logprobs([word + beyond])[0] == with_inside


def test_a_model_folder_can_bring_its_own_context_model(tiny_model: LanguageModel, tmp_path: Path) -> None:
    from tests.repair.test_context_build import random_weights

    from rasid.repair.context_build import prepare_training_data, write_context_model

    corpus = tmp_path / "corpus.txt"
    corpus.write_text(CORPUS, encoding="utf-8")
    data = prepare_training_data([corpus], word_limit=10, shape_limit=10)
    write_context_model(tiny_model.directory / "context", data, random_weights(len(data.words), len(data.shapes)))
    load_language_model.cache_clear()
    try:
        reloaded = load_language_model(tiny_model.directory)
        assert reloaded.context is not None and reloaded.context.directory == tiny_model.directory / "context"
    finally:
        load_language_model.cache_clear()
