"""Load the repair language model and score word sequences with it.

The model is a word trigram model with interpolated Kneser-Ney smoothing, and
a second trigram model over word shapes (see :mod:`rasid.repair.model_build`).
Queries are batched: the restorer collects every trigram it needs for a
document and asks for all of them at once, because one vectorised lookup is far
cheaper than many small ones.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from rasid.errors import ModelError
from rasid.repair.context_model import Context, default_context_model_dir, load_context
from rasid.repair.hashtable import lookup_rows
from rasid.repair.marks import DIACRITISED_FILE, DiacritisedForms, read_diacritised
from rasid.repair.model_build import (
    CHAR_ALPHABET_SIZE,
    CHAR_BASE,
    CHAR_ORDER,
    MODEL_FORMAT,
    SPECIAL_TOKENS,
    UNKNOWN_ID,
    WORD_BOUNDARY,
)
from rasid.repair.shaping import text_codes
from rasid.repair.tokens import word_shape
from rasid.repair.word_list import WORD_LIST_DIR, WordList, load_word_list

_REQUIRED_FILES = (
    "manifest.json",
    "glyph_rates.json",
    "words.vocabulary.txt",
    "shapes.vocabulary.txt",
    "chars.alphabet.txt",
    DIACRITISED_FILE,
)


def default_model_dir() -> Path:
    """Where ``make model`` puts the model built from the project's corpus."""
    return Path(__file__).resolve().parents[1] / "data" / "language_model"


@dataclass(frozen=True, slots=True, eq=False)
class CharModel:
    """Character 5-gram model of words (interpolated Witten-Bell), for words the lexicon lacks."""

    alphabet_index: dict[str, int]
    gram_table: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]
    gram_counts: npt.NDArray[np.int64]
    context_table: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]
    context_totals: npt.NDArray[np.int64]
    context_types: npt.NDArray[np.int64]

    #: Words already scored. Detection and restoration score the same unknown tokens, and a
    #: document repeats them; bounded (cleared when full) for long-running servers.
    _memo: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    #: ``alphabet_index`` as a table by code point (characters outside it get the last digit).
    _digits: npt.NDArray[np.int64] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        size = max((ord(char) for char in self.alphabet_index), default=0) + 1
        digits = np.full(size, CHAR_ALPHABET_SIZE, dtype=np.int64)
        for char, digit in self.alphabet_index.items():
            digits[ord(char)] = digit
        object.__setattr__(self, "_digits", digits)  # frozen: set once, here

    def word_logprob(self, word: str) -> float:
        """Natural-log probability of a whole word under the character model."""
        return self.word_logprobs((word,))[0]

    def word_logprobs(self, words: Sequence[str]) -> list[float]:
        """:meth:`word_logprob` of several words, computed together (one vectorised pass)."""
        memo = self._memo
        if len(memo) > _CHAR_MEMO_SIZE:
            memo.clear()
        missing = [word for word in dict.fromkeys(words) if word not in memo]
        if missing:
            memo.update(zip(missing, self._compute_word_logprobs(missing), strict=True))
        return [memo[word] for word in words]

    def _compute_word_logprobs(self, words: list[str]) -> list[float]:
        padded = [WORD_BOUNDARY * (CHAR_ORDER - 1) + word + WORD_BOUNDARY for word in words]
        codes = text_codes("".join(padded))
        table = self._digits
        digits = np.where(codes < table.size, table[np.minimum(codes, table.size - 1)], CHAR_ALPHABET_SIZE)
        # One row per position where an n-gram ends (every character after the leading
        # boundaries), words one after the other; ``ends`` indexes ``digits``.
        lengths = np.array([len(text) for text in padded], dtype=np.int64)
        rows_per_word = lengths - (CHAR_ORDER - 1)
        first_rows = np.cumsum(rows_per_word) - rows_per_word
        word_starts = np.cumsum(lengths) - lengths
        ends = np.arange(int(rows_per_word.sum())) + np.repeat(word_starts + CHAR_ORDER - 1 - first_rows, rows_per_word)
        # Keys of every n-gram ending at every position, lowest order first: (rows, order).
        grams = np.empty((ends.size, CHAR_ORDER), dtype=np.int64)
        key = np.zeros(ends.size, dtype=np.int64)
        for order in range(1, CHAR_ORDER + 1):
            key = digits[ends - order + 1] * CHAR_BASE ** (order - 1) + key
            grams[:, order - 1] = key
        contexts = grams // CHAR_BASE  # each n-gram without its last character
        gram_rows = lookup_rows(*self.gram_table, grams.ravel())
        context_rows = lookup_rows(*self.context_table, contexts.ravel())
        counts = np.where(gram_rows >= 0, self.gram_counts[gram_rows], 0).reshape(-1, CHAR_ORDER)
        totals = np.where(context_rows >= 0, self.context_totals[context_rows], 0).reshape(-1, CHAR_ORDER)
        types = np.where(context_rows >= 0, self.context_types[context_rows], 0).reshape(-1, CHAR_ORDER)
        probability = np.full(counts.shape[0], 1.0 / (CHAR_ALPHABET_SIZE + 1))
        for order in range(CHAR_ORDER):
            total = totals[:, order].astype(np.float64)
            seen = total > 0
            weight = np.where(seen, total / np.maximum(total + types[:, order], 1), 0.0)
            estimate = np.where(seen, counts[:, order] / np.maximum(total, 1), 0.0)
            probability = np.where(seen, weight * estimate + (1 - weight) * probability, probability)
        logs = np.log(probability)
        # Each word's own sum, over its own slice: reduceat adds each slice as it would add
        # that slice alone, so a word scores the same in any batch.
        return np.add.reduceat(logs, first_rows).tolist()  # type: ignore[no-any-return]


#: Most words the character model remembers before it starts afresh.
_CHAR_MEMO_SIZE = 1 << 17


@dataclass(frozen=True, slots=True, eq=False)
class NgramModel:
    """One trigram model (interpolated Kneser-Ney) over a vocabulary of tokens."""

    vocabulary: tuple[str, ...]
    index: dict[str, int]
    unigram_counts: npt.NDArray[np.uint32]
    unigram_logprob: npt.NDArray[np.float32]
    unigram_log_gamma: npt.NDArray[np.float32]
    bigram_table: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]
    bigram_logprob: npt.NDArray[np.float32]
    bigram_log_gamma: npt.NDArray[np.float32]
    trigram_table: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]
    trigram_logprob: npt.NDArray[np.float32]

    @classmethod
    def from_arrays(cls, vocabulary: tuple[str, ...], arrays: Any) -> NgramModel:
        """Wrap the arrays written by :func:`rasid.repair.model_build.estimate_ngrams`."""
        if vocabulary[: len(SPECIAL_TOKENS)] != SPECIAL_TOKENS:
            raise ValueError("vocabulary does not start with the special tokens")
        model = cls(
            vocabulary=vocabulary,
            index={word: position for position, word in enumerate(vocabulary)},
            unigram_counts=arrays["unigram_counts"],
            unigram_logprob=arrays["unigram_logprob"],
            unigram_log_gamma=arrays["unigram_log_gamma"],
            bigram_table=(arrays["bigram_table_keys"], arrays["bigram_table_rows"]),
            bigram_logprob=arrays["bigram_logprob"],
            bigram_log_gamma=arrays["bigram_log_gamma"],
            trigram_table=(arrays["trigram_table_keys"], arrays["trigram_table_rows"]),
            trigram_logprob=arrays["trigram_logprob"],
        )
        if model.unigram_counts.size != len(vocabulary):
            raise ValueError("vocabulary and tables differ in size")
        return model

    @property
    def size(self) -> int:
        """Vocabulary size, special tokens included."""
        return len(self.vocabulary)

    def word_id(self, key: str) -> int:
        """Vocabulary id of a token, or the unknown-token id."""
        return self.index.get(key, UNKNOWN_ID)

    def count(self, key: str) -> int:
        """Corpus count of a token (0 when unknown)."""
        identifier = self.index.get(key)
        return 0 if identifier is None else int(self.unigram_counts[identifier])

    def trigram_logprobs(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64], third: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """log P(third | first, second) for arrays of ids, element-wise."""
        size = self.size
        context = first * size + second
        pair = second * size + third
        # Both bigram lookups (the context's back-off weight and P(third | second)) in one call.
        bigram_rows = lookup_rows(*self.bigram_table, np.concatenate((context, pair)))
        count = first.size
        context_rows, pair_rows = bigram_rows[:count], bigram_rows[count:]
        trigram_rows = self._trigram_rows(context * size + third, context_rows, pair_rows)
        return self._trigram_from_rows(second, third, context_rows, pair_rows, trigram_rows)

    def _trigram_rows(
        self, keys: npt.NDArray[np.int64], context_rows: npt.NDArray[np.int64], pair_rows: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        """Rows of the trigrams ``keys`` (-1: unseen), given the rows of their two bigrams.

        The model counted a trigram only where it counted both its bigrams (all come from the
        same token stream), so a trigram with an unseen bigram is unseen: only the others
        are looked up, about a third of them in a window.
        """
        rows = np.full(keys.size, -1, dtype=np.int64)
        possible = np.flatnonzero((context_rows >= 0) & (pair_rows >= 0))
        rows[possible] = lookup_rows(*self.trigram_table, keys[possible])
        return rows

    def bigram_logprobs(self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """log P(second | first) for arrays of ids (Kneser-Ney lower order)."""
        return self._bigram_from_rows(first, second, lookup_rows(*self.bigram_table, first * self.size + second))

    def _bigram_from_rows(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """log P(second | first), given the rows of the (first, second) bigrams (-1: unseen)."""
        found = rows >= 0
        result = (self.unigram_log_gamma[first] + self.unigram_logprob[second]).astype(np.float64)
        result[found] = self.bigram_logprob[rows[found]]
        return result

    def _trigram_from_rows(
        self,
        second: npt.NDArray[np.int64],
        third: npt.NDArray[np.int64],
        context_rows: npt.NDArray[np.int64],
        pair_rows: npt.NDArray[np.int64],
        trigram_rows: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.float64]:
        """log P(third | first, second), given the rows of the (first, second) and (second, third)
        bigrams and of the trigram (-1: unseen). The arithmetic is that of interpolated
        Kneser-Ney back-off: the bigram estimate, plus the context's back-off weight."""
        result = self._bigram_from_rows(second, third, pair_rows)
        context_found = context_rows >= 0
        result[context_found] += self.bigram_log_gamma[context_rows[context_found]]
        found = trigram_rows >= 0
        result[found] = self.trigram_logprob[trigram_rows[found]]
        return result

    def window_logprobs(
        self, stream: npt.NDArray[np.int64], positions: npt.NDArray[np.int64], candidates: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """Score ``candidates[k]`` standing at ``stream[positions[k]]``: the log-probability of
        the five-token window around it, i.e. every trigram the candidate takes part in.

        ``stream`` must be padded so that ``positions - 2`` and ``positions + 2`` are valid.
        """
        left2, left1 = stream[positions - 2], stream[positions - 1]
        right1, right2 = stream[positions + 1], stream[positions + 2]
        size, count = self.size, candidates.size
        # The three trigrams share their bigrams (each one's P(third | second) is the next one's
        # context), so the window needs four bigram and three trigram lookups, not nine, and
        # doing each kind in one call saves NumPy's per-call overhead.
        pairs = np.concatenate((left2 * size + left1, left1 * size + candidates, candidates * size + right1))
        pairs = np.concatenate((pairs, right1 * size + right2))
        bigram_rows = lookup_rows(*self.bigram_table, pairs)
        trigram_rows = self._trigram_rows(
            pairs[: 3 * count] * size + np.concatenate((candidates, right1, right2)),
            bigram_rows[: 3 * count],
            bigram_rows[count:],
        )
        rows = [bigram_rows[k * count : (k + 1) * count] for k in range(4)]
        trigrams = [trigram_rows[k * count : (k + 1) * count] for k in range(3)]
        return (
            self._trigram_from_rows(left1, candidates, rows[0], rows[1], trigrams[0])
            + self._trigram_from_rows(candidates, right1, rows[1], rows[2], trigrams[1])
            + self._trigram_from_rows(right1, right2, rows[2], rows[3], trigrams[2])
        )


@dataclass(frozen=True, slots=True, eq=False)
class LanguageModel:
    """A loaded repair model: the word model, the shape model, glyph-class rates and the
    character model. Word-level lookups are delegated to :attr:`words`."""

    directory: Path
    words: NgramModel
    shapes: NgramModel
    shape_of_word: npt.NDArray[np.int32]
    glyph_rates: dict[str, float]
    char_model: CharModel
    manifest: dict[str, object] = field(default_factory=dict)
    #: The neural context model restoration adds to the trigram model (None: trigrams alone).
    context: Context | None = None
    #: Words beyond the corpus (wordfreq's by default) that unknown words are also scored by.
    word_list: WordList | None = None

    def unknown_word_logprobs(self, words: Sequence[str]) -> list[float]:
        """log P(word | the lexicon lacks it) of each word: the character model's, mixed with
        the word list's where the model has one (see :mod:`rasid.repair.word_list`)."""
        chars = self.char_model.word_logprobs(words)
        return chars if self.word_list is None else self.word_list.mix(words, chars)

    def unknown_word_logprob(self, word: str) -> float:
        """:meth:`unknown_word_logprobs` of one word."""
        return self.unknown_word_logprobs((word,))[0]

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """The word vocabulary (special tokens first)."""
        return self.words.vocabulary

    @property
    def index(self) -> dict[str, int]:
        """Word → id."""
        return self.words.index

    @property
    def size(self) -> int:
        """Word vocabulary size."""
        return self.words.size

    @property
    def unigram_logprob(self) -> npt.NDArray[np.float32]:
        """Kneser-Ney unigram log-probability of every word id."""
        return self.words.unigram_logprob

    @property
    def unigram_counts(self) -> npt.NDArray[np.uint32]:
        """Corpus count of every word id."""
        return self.words.unigram_counts

    def word_id(self, key: str) -> int:
        """Vocabulary id of a word, or the unknown-word id."""
        return self.words.word_id(key)

    def count(self, key: str) -> int:
        """Corpus count of a word (0 when unknown)."""
        return self.words.count(key)

    def diacritised(self, key: str) -> tuple[tuple[str, int], ...]:
        """The corpus's commonest spellings of the word ``key`` with harakat, with their counts
        (read on first use: only a restored word written with marks asks).

        Raises:
            ModelError: the model's spellings file is unreadable.
        """
        try:
            return _diacritised_forms(self.directory / DIACRITISED_FILE).get(key, ())
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read the language model in {self.directory}: {exc}", stage="repair") from exc

    def shape_id(self, key: str) -> int:
        """Shape-model id of a token key (its shape's id)."""
        identifier = self.words.index.get(key)
        if identifier is not None:
            return int(self.shape_of_word[identifier])
        return self.shapes.word_id(word_shape(key))

    def trigram_logprobs(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64], third: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """Word-model log P(third | first, second)."""
        return self.words.trigram_logprobs(first, second, third)

    def bigram_logprobs(self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Word-model log P(second | first)."""
        return self.words.bigram_logprobs(first, second)

    def window_logprobs(
        self, stream: npt.NDArray[np.int64], positions: npt.NDArray[np.int64], candidates: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """Word-model score of each candidate's five-word window (see :meth:`NgramModel.window_logprobs`)."""
        return self.words.window_logprobs(stream, positions, candidates)


class _ArrayFiles:
    """The ``<prefix>.<name>.npy`` arrays of a model directory, memory-mapped on access (so a
    model loads in a fraction of a second and only the pages a text needs are read)."""

    def __init__(self, directory: Path, prefix: str) -> None:
        self.directory = directory
        self.prefix = prefix

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        path = self.directory / f"{self.prefix}.{name}.npy"
        if not path.is_file():
            raise ValueError(f"missing {path.name}")
        # A plain ndarray view of the map: still backed by the file, but indexing it skips
        # np.memmap's per-result bookkeeping, which cost more than the lookups themselves.
        array: npt.NDArray[Any] = np.load(path, mmap_mode="r").view(np.ndarray)
        return array


@lru_cache(maxsize=4)
def _diacritised_forms(path: Path) -> DiacritisedForms:
    return read_diacritised(path)


def _read_lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").split("\n")[:-1])


@lru_cache(maxsize=4)
def load_language_model(directory: Path | None = None) -> LanguageModel:
    """Load (once per directory) the model written by :func:`build_language_model`.

    Raises:
        ModelError: the directory or one of its files is missing or unreadable.
    """
    directory = default_model_dir() if directory is None else directory
    missing = [name for name in _REQUIRED_FILES if not (directory / name).is_file()]
    if missing:
        raise ModelError(
            f"language model not found in {directory} (missing {', '.join(missing)}); "
            "build it with `make model` or `rasid build-model CORPUS`",
            stage="repair",
        )
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != MODEL_FORMAT:
            raise ModelError(
                f"model in {directory} has format {manifest.get('format')}, "
                f"expected {MODEL_FORMAT}; rebuild it with `make model`",
                stage="repair",
            )
        words = NgramModel.from_arrays(_read_lines(directory / "words.vocabulary.txt"), _ArrayFiles(directory, "words"))
        shape_files = _ArrayFiles(directory, "shapes")
        shapes = NgramModel.from_arrays(_read_lines(directory / "shapes.vocabulary.txt"), shape_files)
        shape_of_word = shape_files["shape_of_word"]
        if shape_of_word.size != words.size:
            raise ValueError("shape map and vocabulary differ in size")
        alphabet = (directory / "chars.alphabet.txt").read_text(encoding="utf-8")
        chars = _ArrayFiles(directory, "chars")
        rates = json.loads((directory / "glyph_rates.json").read_text(encoding="utf-8"))
        model = LanguageModel(
            directory=directory,
            words=words,
            shapes=shapes,
            shape_of_word=shape_of_word,
            glyph_rates={str(k): float(v) for k, v in rates["rates_per_word"].items()},
            char_model=CharModel(
                alphabet_index={char: position + 1 for position, char in enumerate(alphabet)},
                gram_table=(chars["gram_table_keys"], chars["gram_table_rows"]),
                gram_counts=chars["gram_counts"],
                context_table=(chars["context_table_keys"], chars["context_table_rows"]),
                context_totals=chars["context_totals"],
                context_types=chars["context_types"],
            ),
            manifest=manifest,
            context=_load_context(directory),
            word_list=load_word_list(directory / WORD_LIST_DIR),
        )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot read the language model in {directory}: {exc}", stage="repair") from exc
    return model


def _load_context(directory: Path) -> Context | None:
    """The context model that goes with the language model in ``directory``: its own
    ``context`` folder if it has one (a model trained on the same corpus), else the shipped
    one, else none."""
    for candidate in (directory / "context", default_context_model_dir()):
        if (candidate / "manifest.json").is_file():
            return load_context(candidate)
    return None
