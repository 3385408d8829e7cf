"""Training data and model files of the context model (rasid.repair.context_build)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from rasid.repair.context_build import (
    PARAGRAPH_GAP,
    WEIGHT_NAMES,
    confusable_accuracy,
    confusable_choices,
    confusable_words,
    encode_corpus,
    prepare_training_data,
    read_training_tokens,
    training_positions,
    write_context_model,
)
from rasid.repair.context_model import BOUNDARY_ID, FIRST_ID, UNKNOWN_ID, load_context_model

CORPUS = "قال الرئيس في الوطن\nالمجلس الوطني في الوطن\n\nمقال ثان هنا\n\nمقال ثالث في الوطن العربي 2021\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.txt"
    path.write_text(CORPUS, encoding="utf-8")
    return path


def test_tokens_are_read_per_paragraph_and_a_dev_split_can_be_left_out(corpus: Path) -> None:
    paragraphs = read_training_tokens([corpus])
    assert len(paragraphs) == 4
    assert paragraphs[0] == [("قال", True), ("الرئيس", True), ("في", True), ("الوطن", True)]
    assert paragraphs[3][-1] == ("<num>", False)  # numbers are tokens, not words to predict
    # articles 0 and 2 are every second article from the first: only the second is left
    assert read_training_tokens([corpus], skip_every=2) == [[("مقال", True), ("ثان", True), ("هنا", True)]]


def test_corpus_is_encoded_with_boundaries_between_paragraphs(corpus: Path) -> None:
    paragraphs = read_training_tokens([corpus])
    words, _, arrays = encode_corpus(paragraphs, word_limit=3, shape_limit=100)
    assert words == ("في", "الوطن", "مقال")  # the commonest
    ids = arrays["word_ids"]
    tokens = sum(len(paragraph) for paragraph in paragraphs)
    assert ids.size == tokens + PARAGRAPH_GAP * (len(paragraphs) + 1)
    assert ids[:PARAGRAPH_GAP].tolist() == [BOUNDARY_ID] * PARAGRAPH_GAP
    first = ids[PARAGRAPH_GAP : PARAGRAPH_GAP + 4].tolist()
    assert first[2] == FIRST_ID + words.index("في") and first[1] == UNKNOWN_ID  # الرئيس is past the limit
    assert ids[PARAGRAPH_GAP + 4 : PARAGRAPH_GAP * 2 + 4].tolist() == [BOUNDARY_ID] * PARAGRAPH_GAP
    # counts of vocabulary words, and how many word tokens fell outside it
    assert arrays["counts"][FIRST_ID + words.index("في")] == 3
    assert arrays["counts"][UNKNOWN_ID] == int(np.count_nonzero(arrays["is_word"] & (ids == UNKNOWN_ID)))
    assert not arrays["is_word"][ids == BOUNDARY_ID].any()
    # every word id has its shape id
    assert arrays["shape_of_word"].size == len(words) + FIRST_ID


def test_confusable_words_share_a_damaged_form() -> None:
    words = ["الوطن", "الوطني", "لا", "قال", "<num>"]
    starts, found = confusable_words(words)
    ids = {word: FIRST_ID + number for number, word in enumerate(words)}

    def of(word: str) -> set[int]:
        identifier = ids[word]
        return set(found[starts[identifier] : starts[identifier + 1]].tolist())

    assert of("الوطن") == {ids["الوطني"]} and of("الوطني") == {ids["الوطن"]}  # final yeh lost
    assert of("<num>") == set()
    assert starts.size == len(words) + FIRST_ID + 1


def test_prepared_data_fits_together(corpus: Path) -> None:
    data = prepare_training_data([corpus], word_limit=20, shape_limit=20)
    assert data.paragraphs == 4
    assert data.word_ids.shape == data.shape_ids.shape == data.is_word.shape
    assert data.confusable_starts.size == len(data.words) + FIRST_ID + 1
    assert data.unknown_tokens == 0  # every word fits in 20


def test_the_last_share_of_the_words_is_held_back(corpus: Path) -> None:
    data = prepare_training_data([corpus], word_limit=20, shape_limit=20)
    training, held_back = training_positions(data, 3, 0.25)
    every = np.flatnonzero(data.is_word)
    every = every[(every >= 3) & (every < data.word_ids.size - 3)]
    assert np.array_equal(np.concatenate((training, held_back)), every)
    assert held_back.size == every.size - int(every.size * 0.75) and held_back.min() > training.max()
    assert data.is_word[held_back].all()


def test_choices_put_each_word_before_its_confusable_words(corpus: Path) -> None:
    data = prepare_training_data([corpus], word_limit=20, shape_limit=20)
    word = {text: FIRST_ID + number for number, text in enumerate(data.words)}
    choices = confusable_choices(data, np.flatnonzero(data.is_word))
    # only words some glyph loss confuses with another word are choices (الوطن/الوطني, قال/مقال)
    pairs = {word["الوطن"]: word["الوطني"], word["الوطني"]: word["الوطن"], word["قال"]: word["مقال"]}
    pairs[word["مقال"]] = word["قال"]
    assert set(data.word_ids[choices.positions].tolist()) == set(pairs)
    assert choices.positions.size == 7  # الوطن three times, الوطني once, قال once, مقال twice
    for token, position in enumerate(choices.positions.tolist()):
        rows = np.flatnonzero(choices.owner == token)
        assert choices.is_word[rows].tolist() == [True, False]
        own = int(data.word_ids[position])
        assert choices.candidates[rows].tolist() == [own, pairs[own]]


def test_a_choice_is_right_only_when_the_word_scores_above_every_other(corpus: Path) -> None:
    data = prepare_training_data([corpus], word_limit=20, shape_limit=20)
    choices = confusable_choices(data, np.flatnonzero(data.is_word))
    assert confusable_accuracy(choices, np.where(choices.is_word, 1.0, 0.0)) == 1.0
    assert confusable_accuracy(choices, np.where(choices.is_word, 0.0, 1.0)) == 0.0
    assert confusable_accuracy(choices, np.zeros(choices.candidates.size)) == 0.0  # a tie is no choice
    one_right = np.where(choices.is_word & (choices.owner == 0), 1.0, 0.0)
    assert confusable_accuracy(choices, one_right) == pytest.approx(1 / choices.positions.size)
    none = confusable_choices(data, np.zeros(0, dtype=np.int64))
    assert confusable_accuracy(none, np.zeros(0)) == 0.0


def test_compare_script_reports_each_model_and_their_mean(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "compare_context_models.py"
    spec = importlib.util.spec_from_file_location("compare_context_models", script)
    assert spec is not None and spec.loader is not None
    compare = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compare)
    data = prepare_training_data([corpus], word_limit=20, shape_limit=20)
    write_context_model(tmp_path / "one", data, random_weights(len(data.words), len(data.shapes)))
    assert compare.main([str(corpus), str(tmp_path / "one"), str(tmp_path / "one"), "--held-back", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("6 held-back tokens")  # all 7 but قال, too near the start
    assert lines[1].split()[0] == lines[2].split()[0] == lines[3].split()[0]  # the same model twice
    assert lines[3].endswith("mean of the 2 models' scores")
    # An ensemble's folder counts as its members.
    pair = tmp_path / "pair"
    write_context_model(pair / "b", data, random_weights(len(data.words), len(data.shapes), seed=1))
    (pair / "a").symlink_to(tmp_path / "one")
    (pair / "manifest.json").write_text(json.dumps({"format": 1, "members": ["a", "b"]}), encoding="utf-8")
    assert compare.main([str(corpus), str(pair), "--held-back", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[1].endswith("a") and lines[2].split()[1].endswith("b")
    assert lines[3].endswith("mean of the 2 models' scores")
    other = prepare_training_data([corpus], word_limit=5, shape_limit=20)
    write_context_model(tmp_path / "two", other, random_weights(len(other.words), len(other.shapes)))
    with pytest.raises(SystemExit) as exit_info:
        compare.main([str(corpus), str(tmp_path / "one"), str(tmp_path / "two")])
    assert exit_info.value.code == 2
    assert "different vocabularies" in capsys.readouterr().err


def random_weights(
    words: int, shapes: int, dimension: int = 4, hidden: int = 5, offsets: int = 6, seed: int = 0
) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "word_vectors": rng.normal(size=(words + FIRST_ID, dimension)),
        "shape_vectors": rng.normal(size=(shapes + FIRST_ID, dimension)),
        "word_bias": rng.normal(size=words + FIRST_ID),
        "shape_bias": rng.normal(size=shapes + FIRST_ID),
        "hidden_weight": rng.normal(size=(offsets * dimension, hidden)),
        "hidden_bias": rng.normal(size=hidden),
        "query_weight": rng.normal(size=(hidden, dimension)),
        "query_bias": rng.normal(size=dimension),
    }


def test_written_model_loads_back(corpus: Path, tmp_path: Path) -> None:
    data = prepare_training_data([corpus], word_limit=20, shape_limit=20)
    weights = random_weights(len(data.words), len(data.shapes))
    out = tmp_path / "context"
    write_context_model(out, data, weights, corpus=[corpus], training={"epochs": 1})
    model = load_context_model(out)
    assert model.words == data.words and model.shapes == data.shapes
    assert model.manifest["training"] == {"epochs": 1}
    # vectors are stored as 8-bit rows: within half a step of each row's scale
    step = np.abs(weights["word_vectors"]).max(axis=1, keepdims=True) / 127
    assert np.all(np.abs(model.word_vectors - weights["word_vectors"]) <= step / 2 + 1e-6)
    assert np.allclose(model.hidden_weight, weights["hidden_weight"], atol=1e-2, rtol=1e-3)
    assert "CC BY-NC-SA" not in (out / "LICENSE.md").read_text(encoding="utf-8")  # a user's corpus
    assert not (tmp_path / "context.partial").exists()
    # writing again replaces the model
    write_context_model(out, data, weights, corpus=[corpus], training={"epochs": 2})
    assert load_context_model(out).manifest["training"] == {"epochs": 2}


def test_incomplete_weights_are_refused(corpus: Path, tmp_path: Path) -> None:
    data = prepare_training_data([corpus], word_limit=20, shape_limit=20)
    weights = random_weights(len(data.words), len(data.shapes))
    del weights[WEIGHT_NAMES[-1]]
    with pytest.raises(ValueError, match="query_bias"):
        write_context_model(tmp_path / "context", data, weights)
    assert not (tmp_path / "context").exists()
