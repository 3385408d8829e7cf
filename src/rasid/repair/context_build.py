"""Prepare the training data of the context model, and write a trained model's files.

Training itself needs PyTorch and runs offline (``scripts/train_context_model.py``);
everything here needs NumPy only, so that it can be tested, and so that the data a
model was trained on is defined in the package next to the code that reads it
(:mod:`rasid.repair.context_model`).

The training examples are the corpus's word tokens, each with the three tokens on
either side. The model learns two things at once: to give the word itself a high
score among words drawn at random from the vocabulary (a sampled softmax, so that
scores of different words are comparable), and to prefer it to its *confusable*
words, the lexicon words that some glyph loss makes look the same (الوطني and الوطن
lose to one form when final yeh is lost). That second set is what restoration asks
the model to choose among.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from rasid.repair.context_model import BOUNDARY_ID, CONTEXT_FORMAT, FIRST_ID, UNKNOWN_ID, quantize_rows
from rasid.repair.corpus import corpus_files, iter_articles
from rasid.repair.model_build import model_licence
from rasid.repair.shaping import all_glyph_classes, drop_glyphs
from rasid.repair.tokens import ARABIC_WORD, iter_tokens, word_shape

Progress = Callable[[str], None]


def context_offsets(window: int) -> tuple[int, ...]:
    """The positions of the context words around a token, ``window`` words on each side.

    >>> context_offsets(2)
    (-2, -1, 1, 2)
    """
    return tuple(range(-window, 0)) + tuple(range(1, window + 1))


#: Context words around the token, as offsets: three on each side, as shipped.
DEFAULT_WINDOW = 3
DEFAULT_OFFSETS = context_offsets(DEFAULT_WINDOW)
#: Boundary ids between paragraphs: as many as a repaired text's stream has (end, start).
PARAGRAPH_GAP = 2


@dataclass(frozen=True, slots=True, eq=False)
class TrainingData:
    """A corpus encoded for training: one stream of word and shape ids (paragraphs separated
    by boundary ids), which positions hold Arabic words, and each word's confusable words."""

    words: tuple[str, ...]
    shapes: tuple[str, ...]
    word_ids: npt.NDArray[np.int32]
    shape_ids: npt.NDArray[np.int32]
    is_word: npt.NDArray[np.bool_]
    counts: npt.NDArray[np.int64]  # per word id: corpus count (for UNKNOWN_ID: tokens outside)
    shape_of_word: npt.NDArray[np.int32]  # per word id: its shape id
    confusable_starts: npt.NDArray[np.int64]  # CSR over word ids: confusables[starts[i]:starts[i+1]]
    confusables: npt.NDArray[np.int32]
    paragraphs: int

    @property
    def unknown_tokens(self) -> int:
        """Word tokens outside the vocabulary."""
        return int(self.counts[UNKNOWN_ID])


def read_training_tokens(
    paths: Sequence[Path], skip_every: int = 0, progress: Progress = lambda message: None
) -> list[list[tuple[str, bool]]]:
    """The token keys of every paragraph of the corpus, each with whether it is an Arabic word.

    Args:
        skip_every: leave out every article whose number (from 0) is a multiple of this,
            so that they can serve as a development set (0: keep all).
    """
    paragraphs: list[list[tuple[str, bool]]] = []
    for number, article in enumerate(iter_articles(corpus_files(paths))):
        if skip_every and number % skip_every == 0:
            continue
        for paragraph in article:
            paragraphs.append([(token.key, token.kind == "word") for token in iter_tokens(paragraph)])
        if number % 5000 == 0 and number:
            progress(f"read {number:,} articles")
    return paragraphs


def encode_corpus(
    paragraphs: Sequence[Sequence[tuple[str, bool]]], word_limit: int, shape_limit: int
) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, npt.NDArray[Any]]]:
    """Choose the vocabularies (the commonest words and shapes) and encode the corpus in them."""
    counts: Counter[str] = Counter(key for paragraph in paragraphs for key, _ in paragraph)
    shape_counts: Counter[str] = Counter()
    for key, count in counts.items():
        shape_counts[word_shape(key)] += count
    words = tuple(word for word, _ in counts.most_common(word_limit))
    shapes = tuple(shape for shape, _ in shape_counts.most_common(shape_limit))
    word_index = {word: FIRST_ID + number for number, word in enumerate(words)}
    shape_index = {shape: FIRST_ID + number for number, shape in enumerate(shapes)}
    size = sum(len(paragraph) for paragraph in paragraphs) + PARAGRAPH_GAP * (len(paragraphs) + 1)
    word_ids = np.full(size, BOUNDARY_ID, dtype=np.int32)
    shape_ids = np.full(size, BOUNDARY_ID, dtype=np.int32)
    is_word = np.zeros(size, dtype=bool)
    position = PARAGRAPH_GAP
    for paragraph in paragraphs:
        for key, arabic in paragraph:
            word_ids[position] = word_index.get(key, UNKNOWN_ID)
            shape_ids[position] = shape_index.get(word_shape(key), UNKNOWN_ID)
            is_word[position] = arabic
            position += 1
        position += PARAGRAPH_GAP
    word_counts = np.zeros(len(words) + FIRST_ID, dtype=np.int64)
    word_counts[FIRST_ID:] = [counts[word] for word in words]
    word_counts[UNKNOWN_ID] = int(np.count_nonzero(is_word & (word_ids == UNKNOWN_ID)))
    shape_of_word = np.full(len(words) + FIRST_ID, UNKNOWN_ID, dtype=np.int32)
    shape_of_word[BOUNDARY_ID] = BOUNDARY_ID
    shape_of_word[FIRST_ID:] = [shape_index.get(word_shape(word), UNKNOWN_ID) for word in words]
    arrays = {
        "word_ids": word_ids,
        "shape_ids": shape_ids,
        "is_word": is_word,
        "counts": word_counts,
        "shape_of_word": shape_of_word,
    }
    return words, shapes, arrays


def confusable_words(words: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """For every word id, the vocabulary's Arabic words that it shares a damaged form with
    under the loss of one glyph class (or of all the lam-alef ligatures, which a font loses
    together), as CSR arrays over word ids.

    >>> starts, found = confusable_words(["\\N{ARABIC LETTER FEH}", "\\N{ARABIC LETTER FEH}\\N{ARABIC LETTER YEH}"])
    >>> [found[starts[i] : starts[i + 1]].tolist() for i in range(4)]
    [[], [], [3], [2]]
    """
    arabic = [word for word in words if ARABIC_WORD.fullmatch(word)]
    index = {word: FIRST_ID + number for number, word in enumerate(words)}
    joined = "\n".join(arabic)
    classes = [glyph_class for glyph_class in all_glyph_classes() if any(c in joined for c in glyph_class.letters)]
    losses: list[list[Any]] = [[glyph_class] for glyph_class in classes if not glyph_class.is_ligature]
    losses.append([glyph_class for glyph_class in classes if glyph_class.is_ligature])
    neighbours: defaultdict[int, set[int]] = defaultdict(set)
    for lost in losses:
        if not lost:
            continue
        groups: defaultdict[str, list[int]] = defaultdict(list)
        for word, damaged in zip(arabic, drop_glyphs(joined, lost).split("\n"), strict=True):
            groups[damaged].append(index[word])
        for members in groups.values():
            if len(members) > 1:
                for member in members:
                    neighbours[member].update(other for other in members if other != member)
    starts = np.zeros(len(words) + FIRST_ID + 1, dtype=np.int64)
    found: list[int] = []
    for identifier in range(len(words) + FIRST_ID):
        found.extend(sorted(neighbours.get(identifier, ())))
        starts[identifier + 1] = len(found)
    return starts, np.array(found, dtype=np.int32)


def prepare_training_data(
    paths: Sequence[Path],
    *,
    word_limit: int = 50_000,
    shape_limit: int = 20_000,
    skip_every: int = 0,
    progress: Progress = lambda message: None,
) -> TrainingData:
    """Read, encode and index a corpus for training (see :class:`TrainingData`)."""
    paragraphs = read_training_tokens(paths, skip_every, progress)
    progress(f"encoding {len(paragraphs):,} paragraphs")
    words, shapes, arrays = encode_corpus(paragraphs, word_limit, shape_limit)
    progress("finding confusable words")
    starts, confusables = confusable_words(words)
    return TrainingData(
        words,
        shapes,
        arrays["word_ids"],
        arrays["shape_ids"],
        arrays["is_word"],
        arrays["counts"],
        arrays["shape_of_word"],
        starts,
        confusables,
        len(paragraphs),
    )


def training_positions(
    data: TrainingData, window: int, held_back: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The word positions to train on, and the last ``held_back`` share of them, kept back so
    that a model's choices can be checked on text it never saw (positions closer than
    ``window`` to either end of the stream are neither)."""
    positions = np.flatnonzero(data.is_word)
    positions = positions[(positions >= window) & (positions < data.word_ids.size - window)]
    cut = int(positions.size * (1 - held_back))
    return positions[:cut], positions[cut:]


@dataclass(frozen=True, slots=True)
class ConfusableChoices:
    """Each of some tokens with the choice restoration would face: the word itself (first) and
    its confusable words, flattened into one row per candidate."""

    positions: npt.NDArray[np.int64]  # the tokens (known words with confusables)
    owner: npt.NDArray[np.int64]  # per row: which token
    candidates: npt.NDArray[np.int64]  # per row: the candidate word id
    is_word: npt.NDArray[np.bool_]  # per row: the candidate is the token's own word


def confusable_choices(data: TrainingData, positions: npt.NDArray[np.int64]) -> ConfusableChoices:
    """The choices at ``positions``, leaving out tokens outside the vocabulary and tokens that no
    glyph loss confuses with another word."""
    starts = data.confusable_starts
    words = data.word_ids[positions].astype(np.int64)
    keep = (words != UNKNOWN_ID) & (starts[words + 1] > starts[words])
    positions, words = positions[keep], words[keep]
    sizes = starts[words + 1] - starts[words] + 1
    owner = np.repeat(np.arange(positions.size), sizes)
    rank = np.arange(owner.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # 0: the word itself
    confusable = data.confusables[np.maximum(starts[words][owner] + rank - 1, 0)]
    candidates = np.where(rank == 0, words[owner], confusable).astype(np.int64)
    return ConfusableChoices(positions, owner, candidates, rank == 0)


def confusable_accuracy(choices: ConfusableChoices, scores: npt.NDArray[np.floating[Any]]) -> float:
    """Share of the tokens whose own word scores above every one of its confusable words."""
    if choices.positions.size == 0:
        return 0.0
    best_other = np.full(choices.positions.size, -np.inf)
    np.maximum.at(best_other, choices.owner[~choices.is_word], scores[~choices.is_word])
    return float(np.mean(scores[choices.is_word] > best_other))


#: The arrays a trained model is made of, as :func:`write_context_model` takes them.
WEIGHT_NAMES = (
    "word_vectors",
    "shape_vectors",
    "word_bias",
    "shape_bias",
    "hidden_weight",
    "hidden_bias",
    "query_weight",
    "query_bias",
)


def write_context_model(
    out_dir: Path,
    data: TrainingData,
    weights: dict[str, npt.NDArray[Any]],
    *,
    offsets: Iterable[int] = DEFAULT_OFFSETS,
    corpus: Sequence[Path] = (),
    training: dict[str, Any] | None = None,
) -> None:
    """Write a trained model: vocabularies, weights (vectors as 8-bit rows, the rest as 16-bit
    floats), manifest and licence. Written to a staging directory and renamed into place, so
    an interrupted write leaves the previous model as it was."""
    missing = [name for name in WEIGHT_NAMES if name not in weights]
    if missing:
        raise ValueError(f"weights lack {', '.join(missing)}")
    stored: dict[str, npt.NDArray[Any]] = {}
    for name in ("word_vectors", "shape_vectors"):
        stored[f"{name}_q"], stored[f"{name}_scale"] = quantize_rows(np.asarray(weights[name], dtype=np.float32))
    for name in WEIGHT_NAMES[2:]:
        stored[name] = np.asarray(weights[name], dtype=np.float16)
    manifest = {
        "format": CONTEXT_FORMAT,
        "offsets": list(offsets),
        "dimension": int(np.asarray(weights["word_vectors"]).shape[1]),
        "hidden": int(np.asarray(weights["hidden_bias"]).shape[0]),
        "words": len(data.words),
        "shapes": len(data.shapes),
        "unknown_tokens": data.unknown_tokens,
        "paragraphs": data.paragraphs,
        "corpus": [{"path": path.name, "bytes": path.stat().st_size} for path in corpus],
        "training": training or {},
        "written": time.strftime("%Y-%m-%d"),
    }
    staging = out_dir.with_name(out_dir.name + ".partial")
    staging.mkdir(parents=True, exist_ok=True)
    for child in staging.iterdir():
        child.unlink()
    (staging / "words.txt").write_text("".join(word + "\n" for word in data.words), encoding="utf-8")
    (staging / "shapes.txt").write_text("".join(shape + "\n" for shape in data.shapes), encoding="utf-8")
    np.savez_compressed(staging / "weights.npz", **stored)  # type: ignore[arg-type]
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    licence = model_licence([path.name for path in corpus], "word and shape lists, network weights")
    (staging / "LICENSE.md").write_text(licence, encoding="utf-8")
    if out_dir.exists():
        for child in out_dir.iterdir():
            child.unlink()
        out_dir.rmdir()
    staging.rename(out_dir)
