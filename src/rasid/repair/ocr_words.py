"""Correct OCR misreads of words the lexicon lacks, with the language model.

OCR confuses letters that differ by a dot or a stroke (``ببدف`` for ``بهدف``) and
drops letters that a font stacks vertically (``منازهم`` for ``منازلهم``). Such a
misread is usually not a word. For every word the lexicon lacks, the candidates
are the token itself, scored by the character model as any unknown word is, and
the lexicon words one edit away (one letter deleted, inserted, replaced, or two
neighbours swapped). Each candidate is scored by the word and shape trigram models
over its five-word window, re-choosing every token given its neighbours' choices
a few times, as glyph restoration does. The token is replaced when a lexicon word
wins with at least ``min_confidence`` of the posterior; that posterior is the
edit's confidence. Words the lexicon has are never changed: a misread that makes
another real word is left alone, since changing real words costs more than it
gains.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rasid.model import Edit, Finding, RuleResult
from rasid.repair.language_model import LanguageModel
from rasid.repair.model_build import UNKNOWN_ID
from rasid.repair.stream import token_stream
from rasid.repair.tokens import ARABIC_WORD

REASON = "correct_ocr_words"


@dataclass(frozen=True, slots=True)
class OcrWordsConfig:
    """Settings of OCR word correction.

    Attributes:
        unknown_word_logprob: log-probability that a word is one the lexicon lacks (as in
            glyph restoration); the character model spreads it over spellings.
        change_penalty: nats subtracted from every lexicon candidate (an edit is a cost).
        min_confidence: posterior a lexicon word needs to replace the token.
        min_length: shortest token considered (one- and two-letter tokens are too ambiguous).
        iterations: rounds of re-choosing every token given its neighbours.
        shape_weight: weight of the shape model's window score next to the word model's.
    """

    unknown_word_logprob: float = math.log(0.02)
    change_penalty: float = 4.0
    min_confidence: float = 0.5
    min_length: int = 2
    iterations: int = 2
    shape_weight: float = 0.5


DEFAULT_OCR_WORDS_CONFIG = OcrWordsConfig()


@lru_cache(maxsize=4)
def letter_alphabet(model: LanguageModel) -> tuple[str, ...]:
    """The Arabic letters of the model's character alphabet: what an edit may insert or put."""
    return tuple(sorted(char for char in model.char_model.alphabet_index if ARABIC_WORD.fullmatch(char)))


def one_edit_away(word: str, alphabet: tuple[str, ...]) -> set[str]:
    """Every string one deletion, insertion, substitution or swap of neighbours from ``word``.

    >>> sorted(one_edit_away("ab", ("a", "b")))[:4]
    ['a', 'aa', 'aab', 'aba']
    """
    found: set[str] = set()
    for index in range(len(word) + 1):
        head, tail = word[:index], word[index:]
        found.update(head + char + tail for char in alphabet)
        if tail:
            found.add(head + tail[1:])
            found.update(head + char + tail[1:] for char in alphabet)
            if len(tail) > 1:
                found.add(head + tail[1] + tail[0] + tail[2:])
    found.discard(word)
    return found


@dataclass(frozen=True, slots=True)
class _Option:
    """One token with a choice to make: its position in the stream and its candidates."""

    number: int  # token number in the stream
    position: int  # index in the padded id stream
    keys: tuple[str, ...]  # candidates, the token itself first
    ids: np.ndarray
    shapes: np.ndarray
    bias: np.ndarray


def _options(text: str, model: LanguageModel, config: OcrWordsConfig) -> tuple[list[_Option], np.ndarray, np.ndarray]:
    """The unknown words of ``text`` that have lexicon words one edit away, and the streams."""
    stream = token_stream(text, model)
    index, alphabet = model.index, letter_alphabet(model)
    unknown_base = config.unknown_word_logprob - float(model.unigram_logprob[UNKNOWN_ID])
    options: list[_Option] = []
    for number, key in zip(stream.word_numbers, stream.word_keys, strict=True):
        if key in index or len(key) < config.min_length:
            continue
        words = sorted(word for word in one_edit_away(key, alphabet) if len(word) > 1 and word in index)
        if not words:
            continue
        keys = (key, *words)
        identity = unknown_base + model.char_model.word_logprob(key)
        options.append(
            _Option(
                number,
                int(stream.positions[number]),
                keys,
                np.array([UNKNOWN_ID] + [index[word] for word in words], dtype=np.int64),
                np.array([model.shape_id(word) for word in keys], dtype=np.int64),
                np.array([identity] + [-config.change_penalty] * len(words), dtype=np.float64),
            )
        )
    return options, stream.ids.copy(), stream.shape_ids.copy()


def correct_ocr_words(
    text: str, model: LanguageModel, config: OcrWordsConfig = DEFAULT_OCR_WORDS_CONFIG
) -> RuleResult:
    """Replace OCR misreads the lexicon lacks by the lexicon word the model prefers.

    Every edit replaces one whole token (its diacritics included) by a lexicon word.
    """
    options, ids, shapes = _options(text, model, config)
    chosen = [(0, 1.0)] * len(options)
    for _ in range(config.iterations + 1):
        for number, option in enumerate(options):
            positions = np.full(option.ids.size, option.position, dtype=np.int64)
            score = model.window_logprobs(ids, positions, option.ids) + option.bias
            if config.shape_weight:
                score += config.shape_weight * model.shapes.window_logprobs(shapes, positions, option.shapes)
            best = int(np.argmax(score))
            weights = np.exp(score - score[best])
            chosen[number] = (best, float(weights[best] / weights.sum()))
            ids[option.position] = option.ids[best]
            shapes[option.position] = option.shapes[best]
    tokens = token_stream(text, model).tokens
    edits = tuple(
        Edit(token.start, token.end, text[token.start : token.end], option.keys[best], REASON, round(posterior, 3))
        for option, (best, posterior) in zip(options, chosen, strict=True)
        if best and posterior >= config.min_confidence
        for token in (tokens[option.number],)
    )
    if not edits:
        return RuleResult()
    finding = Finding(
        REASON,
        len(edits),
        sum(edit.confidence for edit in edits) / len(edits),
        f"{len(edits)} OCR misreads replaced by lexicon words",
        tuple(f"{edit.before} → {edit.after}" for edit in edits[:5]),
    )
    return RuleResult(edits, finding)
