"""Loading and scoring with the context model (rasid.repair.context_model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tests.repair.test_context_build import CORPUS, random_weights

from rasid.errors import ModelError
from rasid.repair.context_build import prepare_training_data, write_context_model
from rasid.repair.context_model import (
    BOUNDARY_ID,
    FIRST_ID,
    UNKNOWN_ID,
    ContextEnsemble,
    ContextModel,
    build_vocabulary_map,
    context_scores,
    default_context_model_dir,
    load_context,
    load_context_model,
)


@pytest.fixture
def small(tmp_path: Path) -> ContextModel:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(CORPUS, encoding="utf-8")
    data = prepare_training_data([corpus], word_limit=5, shape_limit=8)
    write_context_model(tmp_path / "context", data, random_weights(len(data.words), len(data.shapes)), corpus=[corpus])
    return load_context_model(tmp_path / "context")


def naive_score(
    model: ContextModel, words: np.ndarray, shapes: np.ndarray, position: int, word: int, shape: int
) -> float:
    """One candidate's score, computed step by step as the docstring of the module says."""
    parts = []
    for offset in model.offsets:
        at = position + offset
        inside = 0 <= at < words.size
        parts.append(
            model.word_vectors[words[at] if inside else BOUNDARY_ID]
            + model.shape_vectors[shapes[at] if inside else BOUNDARY_ID]
        )
    hidden = np.maximum(np.concatenate(parts) @ model.hidden_weight + model.hidden_bias, 0)
    query = hidden @ model.query_weight + model.query_bias
    vector = model.word_vectors[word] + model.shape_vectors[shape]
    return float(vector @ query + model.word_bias[word] + model.shape_bias[shape])


def test_scores_are_the_networks(small: ContextModel) -> None:
    vocabulary = ("<unk>", "<s>", "</s>", *small.words, "نادرة")
    shapes = ("<unk>", "<s>", "</s>", *small.shapes)
    counts = np.array([0, 0, 0, *([10] * len(small.words)), 4])
    mapping = build_vocabulary_map(small, vocabulary, shapes, counts, frozenset({"<s>", "</s>"}), "<unk>")
    assert mapping.words[:3].tolist() == [UNKNOWN_ID, BOUNDARY_ID, BOUNDARY_ID]
    assert mapping.words[3] == FIRST_ID and mapping.words[-1] == UNKNOWN_ID
    rare = len(vocabulary) - 1
    assert mapping.unknown_share[rare] == pytest.approx(np.log(4 / max(small.unknown_tokens, 1)))
    assert mapping.unknown_share[3] == 0.0
    rng = np.random.default_rng(1)
    stream = np.array([1, 1, *rng.integers(3, len(vocabulary), size=8), 2, 2])
    stream_shapes = rng.integers(0, len(shapes), size=stream.size)
    positions = np.array([2, 2, 2, 5, 9, 9])  # several candidates per token, sorted
    candidates = np.array([3, 4, rare, 5, 6, 0])
    candidate_shapes = rng.integers(0, len(shapes), size=candidates.size)
    scores = context_scores(small, mapping, stream, stream_shapes, positions, candidates, candidate_shapes)
    mapped_words, mapped_shapes = mapping.words[stream], mapping.shapes[stream_shapes]
    for k in range(candidates.size):
        expected = naive_score(
            small,
            mapped_words,
            mapped_shapes,
            int(positions[k]),
            int(mapping.words[candidates[k]]),
            int(mapping.shapes[candidate_shapes[k]]),
        ) + float(mapping.unknown_share[candidates[k]])
        assert scores[k] == pytest.approx(expected, rel=1e-4, abs=1e-4)
    none = positions[:0]
    assert context_scores(small, mapping, stream, stream_shapes, none, none, none).size == 0


def test_missing_or_mismatched_files_are_clear_errors(small: ContextModel, tmp_path: Path) -> None:
    directory = small.directory
    with pytest.raises(ModelError, match="missing"):
        load_context_model(tmp_path / "nowhere")
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    (directory / "manifest.json").write_text(json.dumps({**manifest, "format": 99}), encoding="utf-8")
    with pytest.raises(ModelError, match="format 99"):
        load_context_model(directory)
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (directory / "words.txt").write_text("كلمة\n", encoding="utf-8")
    with pytest.raises(ModelError, match="do not fit"):
        load_context_model(directory)
    (directory / "weights.npz").write_bytes(b"not an archive")
    with pytest.raises(ModelError, match="cannot be read"):
        load_context_model(directory)


def write_pair(tmp_path: Path, *, hidden: tuple[int, int] = (5, 7), shape_limit: tuple[int, int] = (8, 8)) -> Path:
    """Two small models of one corpus under ``tmp_path/pair``, listed as an ensemble."""
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(CORPUS, encoding="utf-8")
    pair = tmp_path / "pair"
    for seed, (name, width, shapes) in enumerate(zip(("a", "b"), hidden, shape_limit, strict=True)):
        data = prepare_training_data([corpus], word_limit=5, shape_limit=shapes)
        weights = random_weights(len(data.words), len(data.shapes), hidden=width, seed=seed)
        write_context_model(pair / name, data, weights, corpus=[corpus])
    (pair / "manifest.json").write_text(json.dumps({"format": 1, "members": ["a", "b"]}), encoding="utf-8")
    return pair


def test_an_ensemble_scores_the_mean_of_its_members(tmp_path: Path) -> None:
    pair = load_context(write_pair(tmp_path))
    assert isinstance(pair, ContextEnsemble)
    first, second = pair.members
    assert first.hidden_weight.shape[1] == 5 and second.hidden_weight.shape[1] == 7
    assert pair.words == first.words and pair.shapes == first.shapes and pair.window == 3
    vocabulary = ("<unk>", "<s>", "</s>", *pair.words, "نادرة")
    shapes = ("<unk>", "<s>", "</s>", *pair.shapes)
    counts = np.array([0, 0, 0, *([10] * len(pair.words)), 4])
    mapping = build_vocabulary_map(pair, vocabulary, shapes, counts, frozenset({"<s>", "</s>"}), "<unk>")
    rng = np.random.default_rng(2)
    stream = np.array([1, *rng.integers(3, len(vocabulary), size=9), 2])
    stream_shapes = rng.integers(0, len(shapes), size=stream.size)
    positions = np.array([1, 1, 4, 4, 4, 8])
    candidates = np.array([3, len(vocabulary) - 1, 4, 5, 6, 7])
    candidate_shapes = rng.integers(0, len(shapes), size=candidates.size)
    arguments = (mapping, stream, stream_shapes, positions, candidates, candidate_shapes)
    together = context_scores(pair, *arguments)
    alone = [context_scores(member, *arguments) for member in pair.members]
    assert not np.allclose(alone[0], alone[1]), "the members should differ for the test to mean anything"
    # The rare word's share of unknown tokens is added once, not averaged away or doubled.
    assert together == pytest.approx((alone[0] + alone[1]) / 2, rel=1e-5, abs=1e-5)


def test_a_single_model_folder_still_loads_as_one_model(small: ContextModel) -> None:
    loaded = load_context(small.directory)
    assert isinstance(loaded, ContextModel) and loaded.members == (loaded,)


def test_a_bad_ensemble_is_a_clear_error(tmp_path: Path) -> None:
    pair = write_pair(tmp_path, shape_limit=(8, 6))
    with pytest.raises(ModelError, match="do not share one vocabulary"):
        load_context(pair)
    for members, message in (
        ([], "lists no members"),
        (["a", "../elsewhere"], "not a folder inside it"),
        (["/tmp"], "not a folder inside it"),
        ("a", "must be a list"),
        (["a", "c"], "missing"),
    ):
        (pair / "manifest.json").write_text(json.dumps({"format": 1, "members": members}), encoding="utf-8")
        with pytest.raises(ModelError, match=message):
            load_context(pair)
    (pair / "manifest.json").write_text(json.dumps({"format": 2, "members": ["a"]}), encoding="utf-8")
    with pytest.raises(ModelError, match="format 2"):
        load_context(pair)
    for broken in ("{", "[]"):
        (pair / "manifest.json").write_text(broken, encoding="utf-8")
        with pytest.raises(ModelError, match="cannot be read"):
            load_context(pair)
    with pytest.raises(ModelError, match=r"missing manifest\.json"):
        load_context(tmp_path / "nowhere")


def test_the_shipped_context_model_is_a_pair_sharing_one_vocabulary() -> None:
    shipped = load_context(default_context_model_dir())
    assert isinstance(shipped, ContextEnsemble)
    assert [member.hidden_weight.shape[1] for member in shipped.members] == [256, 512]
