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
    ContextModel,
    build_vocabulary_map,
    context_scores,
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
