"""A small neural model of a word's surroundings, scoring the candidates of restoration.

The trigram model (:mod:`rasid.repair.language_model`) knows exact counts of word
sequences, and where a sequence was never seen it falls back on how common each word
is: neither الكيبل الرئيسي nor الكيبل الرئيس is in the corpus, so the commoner الرئيس
wins, though a definite noun is followed by an adjective far more often than by
another definite noun. The context model generalises over words instead of counting
them. Each of the six words around a token (three on each side) is a learned vector,
the sum of its own (for the commonest words) and its shape's (first two and last two
letters, which carry the article, the prefixes and the endings that agreement
depends on); one hidden layer turns the six into a query, and a candidate's score is
the query's dot product with the candidate's own vector, plus its bias. Restoration
adds this score to the trigram model's (see :class:`rasid.repair.restore.RestoreConfig`).

The model is trained offline from the corpus by ``scripts/train_context_model.py``
(PyTorch; see :mod:`rasid.repair.context_build` for the data it is trained on) and
shipped as small NumPy arrays, word and shape vectors stored as 8-bit integers with a
scale per row. Scoring needs NumPy only.

Several such models trained on the same corpus with the same vocabulary (differing in size
or seed) can be shipped together as a :class:`ContextEnsemble`: a candidate's score is the
mean of theirs, which ranks the right word first more often than either model does alone.
The shipped context model is such a pair (see ``manifest.json`` in its folder).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from rasid.errors import ModelError
from rasid.repair.model_build import END_ID, SPECIAL_TOKENS, START_ID
from rasid.repair.model_build import UNKNOWN_ID as LANGUAGE_MODEL_UNKNOWN_ID

if TYPE_CHECKING:
    from rasid.repair.language_model import LanguageModel

CONTEXT_FORMAT = 1
#: Context word ids: 0 for a sentence boundary (or beyond the text), 1 for a word outside the
#: model's vocabulary; vocabulary words start at 2. Shape ids follow the same convention.
BOUNDARY_ID, UNKNOWN_ID, FIRST_ID = 0, 1, 2
_FILES = ("manifest.json", "words.txt", "shapes.txt", "weights.npz")


def default_context_model_dir() -> Path:
    """Where the context model trained on the project's corpus is shipped."""
    return Path(__file__).resolve().parents[1] / "data" / "context_model"


@dataclass(frozen=True, slots=True, eq=False)
class ContextModel:
    """A loaded context model. Scoring goes through a :class:`VocabularyMap` that translates a
    language model's ids into this model's (see :func:`vocabulary_map`)."""

    directory: Path
    words: tuple[str, ...]  # word id FIRST_ID + i is words[i]
    shapes: tuple[str, ...]
    offsets: tuple[int, ...]  # positions of the context words relative to the token
    word_vectors: npt.NDArray[np.float32]  # (words + FIRST_ID, dimension): input and output alike
    shape_vectors: npt.NDArray[np.float32]
    word_bias: npt.NDArray[np.float32]
    shape_bias: npt.NDArray[np.float32]
    hidden_weight: npt.NDArray[np.float32]  # (len(offsets) * dimension, hidden)
    hidden_bias: npt.NDArray[np.float32]
    query_weight: npt.NDArray[np.float32]  # (hidden, dimension)
    query_bias: npt.NDArray[np.float32]
    unknown_tokens: int  # training tokens outside the vocabulary: how a rare word's score is shared
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def window(self) -> int:
        """How far the context reaches on either side."""
        return max(abs(offset) for offset in self.offsets)

    @property
    def members(self) -> tuple[ContextModel, ...]:
        """The networks whose scores are averaged: this one alone."""
        return (self,)

    def queries(
        self, word_ids: npt.NDArray[np.int64], shape_ids: npt.NDArray[np.int64], positions: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float32]:
        """The query vector of the token at each of ``positions`` of a stream given in this model's
        ids; context beyond either end of the stream is a boundary."""
        size = word_ids.size
        around = positions[:, None] + np.array(self.offsets, dtype=np.int64)
        inside = (around >= 0) & (around < size)
        around = np.clip(around, 0, max(size - 1, 0))
        words = np.where(inside, word_ids[around], BOUNDARY_ID)
        shapes = np.where(inside, shape_ids[around], BOUNDARY_ID)
        vectors = (self.word_vectors[words] + self.shape_vectors[shapes]).reshape(positions.size, -1)
        hidden = np.maximum(vectors @ self.hidden_weight + self.hidden_bias, 0.0)
        return hidden @ self.query_weight + self.query_bias

    def candidate_scores(
        self,
        queries: npt.NDArray[np.float32],
        word_ids: npt.NDArray[np.int64],
        shape_ids: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.float32]:
        """Score candidate ``k`` (this model's ids) against ``queries[k]``."""
        vectors = self.word_vectors[word_ids] + self.shape_vectors[shape_ids]
        return np.einsum("ij,ij->i", vectors, queries) + self.word_bias[word_ids] + self.shape_bias[shape_ids]  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True, eq=False)
class ContextEnsemble:
    """Context models that share one vocabulary, scoring as one: a candidate's score is the mean
    of the members' scores. Load with :func:`load_context`."""

    directory: Path
    members: tuple[ContextModel, ...]
    manifest: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.members:
            raise ModelError(f"context model in {self.directory} lists no members", stage="repair")
        first = self.members[0]
        for member in self.members[1:]:
            if (member.words, member.shapes, member.unknown_tokens) != (
                first.words,
                first.shapes,
                first.unknown_tokens,
            ):
                raise ModelError(
                    f"context models {first.directory} and {member.directory} do not share one vocabulary",
                    stage="repair",
                )

    @property
    def words(self) -> tuple[str, ...]:
        """The shared word vocabulary (id FIRST_ID + i is words[i])."""
        return self.members[0].words

    @property
    def shapes(self) -> tuple[str, ...]:
        """The shared shape vocabulary."""
        return self.members[0].shapes

    @property
    def unknown_tokens(self) -> int:
        """Training tokens outside the vocabulary (the members were trained on one corpus)."""
        return self.members[0].unknown_tokens

    @property
    def window(self) -> int:
        """How far the widest member's context reaches on either side."""
        return max(member.window for member in self.members)


#: What restoration can weigh: one network, or several averaged.
Context = ContextModel | ContextEnsemble


@dataclass(frozen=True, slots=True, eq=False)
class VocabularyMap:
    """A language model's word and shape ids in a context model's terms, and what a candidate
    outside the context model's vocabulary adds to its shared score: its share of the
    out-of-vocabulary tokens, by the language model's count (log)."""

    words: npt.NDArray[np.int64]  # language-model word id → context word id
    shapes: npt.NDArray[np.int64]  # language-model shape id → context shape id
    unknown_share: npt.NDArray[np.float32]  # per language-model word id (0 for vocabulary words)


def build_vocabulary_map(
    context: Context,
    vocabulary: tuple[str, ...],
    shape_vocabulary: tuple[str, ...],
    counts: npt.NDArray[Any],
    boundaries: frozenset[str],
    unknown: str,
) -> VocabularyMap:
    """Translate a language model's vocabularies (see :func:`vocabulary_map`).

    ``boundaries`` are the language model's sentence-boundary tokens and ``unknown`` its
    unknown-word token; both vocabularies start with those special tokens.
    """
    word_index = {word: FIRST_ID + number for number, word in enumerate(context.words)}
    shape_index = {shape: FIRST_ID + number for number, shape in enumerate(context.shapes)}

    specials = {**dict.fromkeys(boundaries, BOUNDARY_ID), unknown: UNKNOWN_ID}

    def translate(tokens: tuple[str, ...], index: dict[str, int]) -> npt.NDArray[np.int64]:
        # One C-level pass over a quarter of a million tokens; the special tokens override.
        lookup = {**index, **specials}.get
        return np.fromiter(map(lookup, tokens, repeat(UNKNOWN_ID, len(tokens))), dtype=np.int64, count=len(tokens))

    words = translate(vocabulary, word_index)
    outside = words == UNKNOWN_ID
    share = np.zeros(len(vocabulary), dtype=np.float32)
    # A word the lexicon lacks entirely (an invented original) counts as half an occurrence.
    share[outside] = np.log(np.maximum(counts[outside].astype(np.float64), 0.5) / max(context.unknown_tokens, 1))
    return VocabularyMap(words, translate(shape_vocabulary, shape_index), share)


@lru_cache(maxsize=4)
def vocabulary_map(context: Context, model: LanguageModel) -> VocabularyMap:
    """The :class:`VocabularyMap` of a language model (built once per pair of models)."""
    return build_vocabulary_map(
        context,
        model.vocabulary,
        model.shapes.vocabulary,
        model.unigram_counts,
        frozenset({SPECIAL_TOKENS[START_ID], SPECIAL_TOKENS[END_ID]}),
        SPECIAL_TOKENS[LANGUAGE_MODEL_UNKNOWN_ID],
    )


def context_scores(
    context: Context,
    mapping: VocabularyMap,
    stream_ids: npt.NDArray[np.int64],
    stream_shapes: npt.NDArray[np.int64],
    positions: npt.NDArray[np.int64],
    candidate_ids: npt.NDArray[np.int64],
    candidate_shapes: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """Score each candidate (language-model word and shape ids) standing at ``positions`` of a
    stream of language-model ids. ``positions`` must be sorted (candidates of one token
    together): the query of each position is computed once per member of an ensemble, whose
    score is the members' mean."""
    if positions.size == 0:
        return np.zeros(0, dtype=np.float64)
    first = np.flatnonzero(np.concatenate(([True], positions[1:] != positions[:-1])))
    owner = np.repeat(np.arange(first.size), np.diff(np.append(first, positions.size)))
    # The members share the vocabulary, so the ids are translated once for all of them.
    stream_words, stream_word_shapes = mapping.words[stream_ids], mapping.shapes[stream_shapes]
    words, shapes = mapping.words[candidate_ids], mapping.shapes[candidate_shapes]
    total = np.zeros(positions.size, dtype=np.float64)
    for member in context.members:
        queries = member.queries(stream_words, stream_word_shapes, positions[first])
        total += member.candidate_scores(queries[owner], words, shapes)
    return total / len(context.members) + mapping.unknown_share[candidate_ids]


def _dequantize(arrays: Any, name: str) -> npt.NDArray[np.float32]:
    """A matrix stored as 8-bit integers with one scale per row, back as float32."""
    values = arrays[f"{name}_q"].astype(np.float32)
    return values * arrays[f"{name}_scale"].astype(np.float32)[:, None]  # type: ignore[no-any-return]


def load_context(directory: Path | None = None) -> Context:
    """Load the context model in ``directory`` (the shipped one by default): an ensemble when its
    ``manifest.json`` lists ``members`` (folders inside ``directory``, each a single model),
    otherwise a single model.

    Raises:
        ModelError: files are missing, do not fit together, or the members' vocabularies differ.
    """
    directory = directory or default_context_model_dir()
    manifest = _read_manifest(directory)
    if "members" not in manifest:
        return _load_network(directory, manifest)
    names = manifest["members"]
    if not isinstance(names, list) or not all(isinstance(name, str) and name for name in names):
        raise ModelError(f"context model in {directory}: members must be a list of folder names", stage="repair")
    members = []
    for name in names:
        # A folder named inside the manifest's own (which may be a link to a model elsewhere).
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ModelError(f"context model in {directory}: member {name!r} is not a folder inside it", stage="repair")
        members.append(load_context_model(directory / name))
    return ContextEnsemble(directory=directory, members=tuple(members), manifest=manifest)


def load_context_model(directory: Path) -> ContextModel:
    """Load a single context model (one network; see :func:`load_context` for ensembles).

    Raises:
        ModelError: files are missing or do not fit together.
    """
    return _load_network(directory, _read_manifest(directory))


def _read_manifest(directory: Path) -> dict[str, Any]:
    """The ``manifest.json`` of a context model folder, single or ensemble, format checked."""
    path = directory / "manifest.json"
    if not path.is_file():
        raise ModelError(f"context model in {directory} is missing manifest.json", stage="repair")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"context model in {directory} cannot be read: {exc}", stage="repair") from exc
    if not isinstance(manifest, dict):
        raise ModelError(f"context model in {directory} cannot be read: its manifest is not an object", stage="repair")
    if manifest.get("format") != CONTEXT_FORMAT:
        raise ModelError(
            f"context model in {directory} has format {manifest.get('format')}, expected {CONTEXT_FORMAT}",
            stage="repair",
        )
    return manifest


def _load_network(directory: Path, manifest: dict[str, Any]) -> ContextModel:
    """The single model in ``directory``, whose manifest has been read."""
    missing = [name for name in _FILES if not (directory / name).is_file()]
    if missing:
        raise ModelError(f"context model in {directory} is missing {', '.join(missing)}", stage="repair")
    try:
        words = tuple((directory / "words.txt").read_text(encoding="utf-8").split("\n")[:-1])
        shapes = tuple((directory / "shapes.txt").read_text(encoding="utf-8").split("\n")[:-1])
        with np.load(directory / "weights.npz") as arrays:
            model = ContextModel(
                directory=directory,
                words=words,
                shapes=shapes,
                offsets=tuple(int(offset) for offset in manifest["offsets"]),
                word_vectors=_dequantize(arrays, "word_vectors"),
                shape_vectors=_dequantize(arrays, "shape_vectors"),
                word_bias=arrays["word_bias"].astype(np.float32),
                shape_bias=arrays["shape_bias"].astype(np.float32),
                hidden_weight=arrays["hidden_weight"].astype(np.float32),
                hidden_bias=arrays["hidden_bias"].astype(np.float32),
                query_weight=arrays["query_weight"].astype(np.float32),
                query_bias=arrays["query_bias"].astype(np.float32),
                unknown_tokens=int(manifest["unknown_tokens"]),
                manifest=manifest,
            )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"context model in {directory} cannot be read: {exc}", stage="repair") from exc
    dimension = model.word_vectors.shape[1]
    if (
        model.word_vectors.shape[0] != len(words) + FIRST_ID
        or model.shape_vectors.shape != (len(shapes) + FIRST_ID, dimension)
        or model.hidden_weight.shape[0] != len(model.offsets) * dimension
        or model.query_weight.shape != (model.hidden_weight.shape[1], dimension)
    ):
        raise ModelError(
            f"context model in {directory}: its arrays and vocabularies do not fit together", stage="repair"
        )
    return model


def quantize_rows(matrix: npt.NDArray[np.floating[Any]]) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """8-bit integers and one scale per row, such that ``q * scale[:, None]`` ≈ ``matrix``.

    >>> q, scale = quantize_rows(np.array([[0.5, -1.0], [0.0, 0.0]]))
    >>> q.tolist(), scale.tolist()
    ([[64, -127], [0, 0]], [0.007874015718698502, 1.0])
    """
    peak = np.abs(matrix).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    return np.round(matrix / scale[:, None]).astype(np.int8), scale
