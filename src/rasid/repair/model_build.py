"""Build the repair language model from a plain-text corpus.

The model has four parts, all derived from the corpus given:

* a word trigram model with interpolated Kneser-Ney smoothing, stored as sorted
  NumPy key arrays so that it loads in well under a second and is queried in
  batches;
* glyph-class rates: how often each (letter, form) glyph occurs per Arabic word
  in ordinary text, which is what damage detection compares a text against;
* a character n-gram model over words, used to judge words the lexicon lacks;
* the commonest diacritised spellings of each word the corpus writes with harakat, which
  say whose a restored letter's marks are (:mod:`rasid.repair.marks`).

The default corpus is SaudiNewsNet (CC BY-NC-SA 4.0), so the files written
carry that licence, separate from the code's. Any other corpus in the same
format (one paragraph per line, UTF-8, optionally compressed) works.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from rasid.repair.corpus import corpus_files, iter_paragraphs
from rasid.repair.hashtable import build_hash_table
from rasid.repair.marks import DIACRITISED_FILE, count_diacritised, write_diacritised
from rasid.repair.shaping import analyse_glyphs, class_count, class_from_id
from rasid.repair.tokens import iter_tokens, word_shape
from rasid.repair.word_list import WORD_LIST_DIR, WordListSource, select_listed_words, write_word_list

SPECIAL_TOKENS = ("<unk>", "<s>", "</s>", "<num>", "<lat>")
UNKNOWN_ID, START_ID, END_ID = 0, 1, 2
MODEL_FORMAT = 5
CHAR_ORDER = 5
CHAR_ALPHABET_SIZE = 255  # indexes 1..255 in base 256, so a 5-gram key fits in 40 bits
CHAR_BASE = 256
WORD_BOUNDARY = "\x02"  # marks the start and end of a word in the character model

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a model build read and wrote."""

    paragraphs: int
    tokens: int
    vocabulary: int
    bigrams: int
    trigrams: int
    seconds: float


def _discount(counts: npt.NDArray[np.int64]) -> float:
    n1 = int(np.count_nonzero(counts == 1))
    n2 = int(np.count_nonzero(counts == 2))
    if n1 == 0:
        return 0.5
    return n1 / (n1 + 2 * max(n2, 1))


def _group_sums(
    keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For sorted ``keys``: the distinct keys, the sum of values and the number of rows per key."""
    distinct, first, sizes = np.unique(keys, return_index=True, return_counts=True)
    sums = np.add.reduceat(values, first) if values.size else values
    return distinct, sums.astype(np.int64), sizes.astype(np.int64)


def _lookup(sorted_keys: npt.NDArray[np.int64], queries: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    positions = np.searchsorted(sorted_keys, queries)
    if not np.all(sorted_keys[np.minimum(positions, sorted_keys.size - 1)] == queries):
        raise AssertionError("n-gram table is inconsistent")  # cannot happen for a well-formed corpus
    return positions


def _read_stream(
    paths: Sequence[Path], progress: Progress, diacritised: Counter[str]
) -> tuple[list[str], Counter[str], int, Counter[int], int]:
    """Tokenise the corpus into one key stream with sentence markers; count glyph classes, and
    add every word written with harakat to ``diacritised``."""
    stream: list[str] = []
    glyph_counts: Counter[int] = Counter()
    arabic_words = 0
    paragraphs = 0
    buffer: list[str] = []
    buffered = 0
    for paragraph in iter_paragraphs(paths):
        paragraphs += 1
        stream.append("<s>")
        for token in iter_tokens(paragraph):
            stream.append(token.key)
            if token.kind == "word":
                arabic_words += 1
                if token.end - token.start != len(token.key):  # marks or tatweel: the word as written
                    count_diacritised((paragraph[token.start : token.end],), diacritised)
        stream.append("</s>")
        buffer.append(paragraph)
        buffered += len(paragraph)
        if buffered > 2_000_000:
            glyph_counts.update(_glyph_counts("\n".join(buffer)))
            buffer, buffered = [], 0
        if paragraphs % 20000 == 0:
            progress(f"read {paragraphs:,} paragraphs, {len(stream):,} tokens")
    if buffer:
        glyph_counts.update(_glyph_counts("\n".join(buffer)))
    counts = Counter(stream)
    return stream, counts, arabic_words, glyph_counts, paragraphs


def _glyph_counts(text: str) -> dict[int, int]:
    counts = analyse_glyphs(text).counts()
    return {int(index): int(value) for index, value in enumerate(counts) if value}


def char_alphabet(words: Iterable[str]) -> str:
    """The characters of the character model: the boundary mark, then every character of the
    vocabulary by descending frequency; index 255 is shared by every rarer character."""
    frequency: Counter[str] = Counter()
    for word in words:
        frequency.update(word)
    return WORD_BOUNDARY + "".join(char for char, _ in frequency.most_common(CHAR_ALPHABET_SIZE - 2))


def gram_key(gram: str, alphabet_index: dict[str, int]) -> int:
    """Integer key of a character n-gram: base-256 digits of its characters' indexes (from 1)."""
    key = 0
    for char in gram:
        key = key * CHAR_BASE + alphabet_index.get(char, CHAR_ALPHABET_SIZE)
    return key


def estimate_chars(words: Sequence[str]) -> tuple[str, dict[str, npt.NDArray[Any]]]:
    """Character n-gram counts over word types, for interpolated Witten-Bell estimates.

    Each word type counts once, so names weigh as much as function words. Returns the
    alphabet and arrays: n-gram keys and counts, and per context its total count and
    number of distinct continuations, each with a hash table.
    """
    alphabet = char_alphabet(words)
    index = {char: position + 1 for position, char in enumerate(alphabet)}
    grams: Counter[int] = Counter()
    contexts: Counter[int] = Counter()
    for word in words:
        padded = WORD_BOUNDARY * (CHAR_ORDER - 1) + word + WORD_BOUNDARY
        for end in range(CHAR_ORDER - 1, len(padded)):
            for order in range(1, CHAR_ORDER + 1):
                gram = padded[end - order + 1 : end + 1]
                grams[gram_key(gram, index)] += 1
                contexts[gram_key(gram[:-1], index)] += 1
    gram_keys = np.array(sorted(grams), dtype=np.int64)
    gram_counts = np.array([grams[key] for key in gram_keys.tolist()], dtype=np.int64)
    context_keys = np.array(sorted(contexts), dtype=np.int64)
    context_totals = np.array([contexts[key] for key in context_keys.tolist()], dtype=np.int64)
    # Distinct continuations of each context: one per gram whose prefix is that context.
    context_types = np.bincount(np.searchsorted(context_keys, gram_keys // CHAR_BASE), minlength=context_keys.size)
    gram_table = build_hash_table(gram_keys)
    context_table = build_hash_table(context_keys)
    return alphabet, {
        "gram_table_keys": gram_table[0],
        "gram_table_rows": gram_table[1],
        "gram_counts": gram_counts,
        "context_table_keys": context_table[0],
        "context_table_rows": context_table[1],
        "context_totals": context_totals,
        "context_types": context_types,
    }


def save_arrays(directory: Path, prefix: str, arrays: dict[str, npt.NDArray[Any]]) -> None:
    """One ``.npy`` file per array, so that loading can memory-map them."""
    for name, array in arrays.items():
        np.save(directory / f"{prefix}.{name}.npy", array)


def estimate_ngrams(stream: Sequence[str], min_count: int = 1) -> tuple[list[str], dict[str, npt.NDArray[Any]]]:
    """Interpolated Kneser-Ney trigram estimates for a token stream.

    Returns the vocabulary (special tokens first, then by descending count) and the
    arrays :class:`rasid.repair.language_model.NgramModel` reads: unigram counts and
    log-probabilities, back-off weights, and hash tables over bigram and trigram keys.
    """
    counts = Counter(stream)
    words = sorted(
        (w for w, c in counts.items() if c >= min_count and w not in SPECIAL_TOKENS), key=lambda w: (-counts[w], w)
    )
    vocabulary = list(SPECIAL_TOKENS) + words
    index = {word: position for position, word in enumerate(vocabulary)}
    size = len(vocabulary)
    ids = np.fromiter((index.get(key, UNKNOWN_ID) for key in stream), dtype=np.int64, count=len(stream))
    unigram_counts = np.bincount(ids, minlength=size).astype(np.int64)
    bigram_keys = np.unique(ids[:-1] * size + ids[1:])
    trigram_keys, trigram_counts = np.unique((ids[:-2] * size + ids[1:-1]) * size + ids[2:], return_counts=True)
    del ids
    trigram_counts = trigram_counts.astype(np.int64)

    # Kneser-Ney: lower orders use continuation counts (how many distinct left
    # neighbours a word or bigram has), the top order uses raw counts.
    unigram_continuation = np.bincount(bigram_keys % size, minlength=size).astype(np.float64)
    # Interpolate with a uniform floor so that every word, including <unk>, has mass.
    unigram_prob = (unigram_continuation + 0.5) / (unigram_continuation.sum() + 0.5 * size)

    suffix_keys, suffix_types = np.unique(trigram_keys % (size * size), return_counts=True)
    continuation = np.zeros(bigram_keys.size, dtype=np.int64)
    continuation[_lookup(bigram_keys, suffix_keys)] = suffix_types
    # The stream's first bigram has no left neighbour; give it a continuation count of one.
    continuation = np.maximum(continuation, 1)
    discount2 = _discount(continuation)
    bigram_context = bigram_keys // size
    context_ids, context_totals, context_types = _group_sums(bigram_context, continuation)
    gamma2 = np.ones(size, dtype=np.float64)
    gamma2[context_ids] = discount2 * context_types / context_totals
    totals_per_bigram = np.zeros(size, dtype=np.float64)
    totals_per_bigram[context_ids] = context_totals
    bigram_prob = (
        np.maximum(continuation - discount2, 0) / totals_per_bigram[bigram_context]
        + gamma2[bigram_context] * unigram_prob[bigram_keys % size]
    )

    discount3 = _discount(trigram_counts)
    trigram_context = trigram_keys // size
    context_keys, context_totals3, context_types3 = _group_sums(trigram_context, trigram_counts)
    gamma3_by_context = discount3 * context_types3 / context_totals3
    context_rows = np.searchsorted(context_keys, trigram_context)
    lower = bigram_prob[_lookup(bigram_keys, trigram_keys % (size * size))]
    trigram_prob = (
        np.maximum(trigram_counts - discount3, 0) / context_totals3[context_rows]
        + gamma3_by_context[context_rows] * lower
    )
    bigram_gamma = np.ones(bigram_keys.size, dtype=np.float64)
    bigram_gamma[_lookup(bigram_keys, context_keys)] = gamma3_by_context

    bigram_table_keys, bigram_table_rows = build_hash_table(bigram_keys)
    trigram_table_keys, trigram_table_rows = build_hash_table(trigram_keys)
    arrays: dict[str, npt.NDArray[Any]] = {
        "bigram_table_keys": bigram_table_keys,
        "bigram_table_rows": bigram_table_rows,
        "trigram_table_keys": trigram_table_keys,
        "trigram_table_rows": trigram_table_rows,
        "unigram_counts": unigram_counts.astype(np.uint32),
        "unigram_logprob": np.log(unigram_prob).astype(np.float32),
        "unigram_log_gamma": np.log(gamma2).astype(np.float32),
        "bigram_logprob": np.log(bigram_prob).astype(np.float32),
        "bigram_log_gamma": np.log(bigram_gamma).astype(np.float32),
        "trigram_logprob": np.log(trigram_prob).astype(np.float32),
        "discounts": np.array([discount2, discount3]),
    }
    return vocabulary, arrays


def build_language_model(
    corpus: Sequence[Path],
    out_dir: Path,
    *,
    min_count: int = 1,
    word_list: WordListSource | None = None,
    progress: Progress = lambda message: None,
) -> BuildReport:
    """Build the repair model from ``corpus`` into ``out_dir`` (created or overwritten).

    Two trigram models are estimated: one over words and one over word shapes
    (:func:`rasid.repair.tokens.word_shape`), which generalises agreement and
    affix patterns to words the word model has rarely seen. Files are written to a
    temporary directory first and renamed into place, so an interrupted build never
    leaves a half-written model.

    ``word_list`` (see :mod:`rasid.repair.word_list`) adds the listed words the corpus lacks, in
    their own folder with the list's licence, for scoring words the lexicon lacks.
    """
    began = time.monotonic()
    paths = corpus_files(corpus)
    diacritised: Counter[str] = Counter()
    stream, _, arabic_words, glyph_counts, paragraphs = _read_stream(paths, progress, diacritised)
    progress(f"estimating the word model from {len(stream):,} tokens")
    vocabulary, arrays = estimate_ngrams(stream, min_count)
    progress("estimating the shape model")
    shape_vocabulary, shape_arrays = estimate_ngrams([word_shape(key) for key in stream])
    del stream
    shape_index = {shape: position for position, shape in enumerate(shape_vocabulary)}
    shape_of_word = np.array([shape_index.get(word_shape(word), UNKNOWN_ID) for word in vocabulary], dtype=np.int32)
    unigram_counts = arrays["unigram_counts"]

    progress("building the character model")
    alphabet, char_arrays = estimate_chars([word for word in vocabulary if not word.startswith("<")])

    rates = {
        class_from_id(class_index).name: count / max(arabic_words, 1)
        for class_index, count in sorted(glyph_counts.items())
        if class_index < class_count()
    }
    manifest = {
        "format": MODEL_FORMAT,
        "corpus": [{"path": str(p), "bytes": p.stat().st_size, "sha256": _sha256(p)} for p in paths],
        "paragraphs": paragraphs,
        "tokens": int(unigram_counts.sum()),
        "arabic_words": arabic_words,
        "vocabulary": len(vocabulary),
        "bigrams": int(arrays["bigram_logprob"].size),
        "trigrams": int(arrays["trigram_logprob"].size),
        "shapes": len(shape_vocabulary),
        "discounts": {"bigram": float(arrays["discounts"][0]), "trigram": float(arrays["discounts"][1])},
        "min_count": min_count,
        "word_list": None if word_list is None else word_list.name,
    }
    staging = out_dir.with_name(out_dir.name + ".partial")
    if staging.exists():
        _remove_tree(staging)
    staging.mkdir(parents=True)
    (staging / "words.vocabulary.txt").write_text("\n".join(vocabulary) + "\n", encoding="utf-8")
    (staging / "shapes.vocabulary.txt").write_text("\n".join(shape_vocabulary) + "\n", encoding="utf-8")
    (staging / "chars.alphabet.txt").write_text(alphabet, encoding="utf-8")
    save_arrays(staging, "words", arrays)
    save_arrays(staging, "shapes", {"shape_of_word": shape_of_word, **shape_arrays})
    save_arrays(staging, "chars", char_arrays)
    write_diacritised(staging / DIACRITISED_FILE, diacritised)
    (staging / "glyph_rates.json").write_text(
        json.dumps({"arabic_words": arabic_words, "rates_per_word": rates}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    (staging / "LICENSE.md").write_text(
        model_licence([p.name for p in paths], word_list=word_list is not None), encoding="utf-8"
    )
    if word_list is not None:
        progress(f"selecting the words of {word_list.name} that the corpus lacks")
        listed = select_listed_words(word_list.frequencies, vocabulary, unigram_counts.tolist())
        write_word_list(staging / WORD_LIST_DIR, listed, word_list)
    if out_dir.exists():
        _remove_tree(out_dir)
    staging.rename(out_dir)
    return BuildReport(
        paragraphs,
        int(unigram_counts.sum()),
        len(vocabulary),
        int(arrays["bigram_logprob"].size),
        int(arrays["trigram_logprob"].size),
        time.monotonic() - began,
    )


SAUDI_NEWS_NET_NOTICE = """This model is derived from the SaudiNewsNet corpus: Alhagri, M. A. (2015), Saudi Newspapers
Arabic Corpus (SaudiNewsNet), https://github.com/parallelfold/SaudiNewsNet, licensed under
Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0). Copyright in each
article stays with its newspaper. As a derived work, this model is distributed under
CC BY-NC-SA 4.0 as well: https://creativecommons.org/licenses/by-nc-sa/4.0/
(It holds: {contents}.)
"""
LANGUAGE_MODEL_CONTENTS = (
    "word list, n-gram statistics, glyph rates, character model and the diacritised spellings of words"
)


def model_licence(
    corpus_names: Sequence[str], contents: str = LANGUAGE_MODEL_CONTENTS, *, word_list: bool = False
) -> str:
    """The licence and attribution file written next to a model. The model's licence is its
    corpus's, not the code's (the code is MIT); ``contents`` says what the model holds, and
    ``word_list`` whether a word list folder with its own licence goes with it."""
    lines = [
        "# Licence of this model",
        "",
        "The rasid code is MIT-licensed; this model is data derived from a text corpus and carries",
        "that corpus's terms instead.",
        "",
        f"Built from: {', '.join(corpus_names)}",
        "",
    ]
    if any(name.startswith(("train.txt", "heldout.txt")) for name in corpus_names):
        lines.append(SAUDI_NEWS_NET_NOTICE.format(contents=contents))
    else:
        lines.append("This corpus was supplied by the user; its own licence applies to this model.")
    if word_list:
        lines += [
            f"The `{WORD_LIST_DIR}` folder is not derived from the corpus but from a word list (the words",
            "the corpus lacks), and carries that list's licence: see its own LICENSE.md.",
            "",
        ]
    return "\n".join(lines) + "\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), reverse=True):
        child.rmdir() if child.is_dir() else child.unlink()
    path.rmdir()
