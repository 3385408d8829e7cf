"""Correct OCR misreads of words the lexicon lacks, with the language model.

OCR confuses letters that differ by a dot or a stroke (``ببدف`` for ``بهدف``) and
drops letters that a font stacks vertically (``منازهم`` for ``منازلهم``). Such a
misread is usually not a word. For every word the lexicon lacks, the candidates
are the token itself, scored by the character model as any unknown word is, and
the lexicon words one edit away (one letter deleted, inserted, replaced, or two
neighbours swapped). The choice is glyph restoration's (``choose_in_context``): the
word and shape trigram models score each candidate over its five-word window, and
every token is re-chosen given its neighbours' choices a few times. The token is replaced when a lexicon word
wins with at least ``min_confidence`` of the posterior; that posterior is the
edit's confidence. Words the lexicon has are not changed, except those the corpus
has only once (``max_rare_count``), which are as often its own typing slips: a
misread that makes another common word is left alone, since changing real words
costs more than it gains.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasid.model import Edit, Finding, RuleResult
from rasid.repair.edits import within_spans
from rasid.repair.language_model import LanguageModel
from rasid.repair.model_build import UNKNOWN_ID
from rasid.repair.restore import Candidate, Decoding, ScoreWeights, choose_in_context
from rasid.repair.stream import TokenStream, token_stream
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
        max_rare_count: lexicon words seen at most this often in the corpus are treated as
            possible misreads too (a word seen once is as often a typing slip as a word: سيت
            for سيتم); the language model weighs them as the words they are.
        iterations: rounds of re-choosing every token given its neighbours.
        shape_weight: weight of the shape model's window score next to the word model's.
    """

    unknown_word_logprob: float = math.log(0.02)
    change_penalty: float = 4.0
    min_confidence: float = 0.5
    min_length: int = 2
    iterations: int = 2
    shape_weight: float = 0.5
    max_rare_count: int = 1


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


def _options(
    text: str, model: LanguageModel, config: OcrWordsConfig
) -> tuple[TokenStream, list[int], list[tuple[Candidate, ...]]]:
    """The unknown words of ``text`` that have lexicon words one edit away, with their candidates
    (the token itself first, scored as an unknown word)."""
    stream = token_stream(text, model)
    index, alphabet = model.index, letter_alphabet(model)
    unknown_base = config.unknown_word_logprob - float(model.unigram_logprob[UNKNOWN_ID])
    numbers: list[int] = []
    options: list[tuple[Candidate, ...]] = []
    for number, key in zip(stream.word_numbers, stream.word_keys, strict=True):
        known = index.get(key)
        if (known is not None and model.count(key) > config.max_rare_count) or len(key) < config.min_length:
            continue
        words = sorted(word for word in one_edit_away(key, alphabet) if len(word) > 1 and word in index)
        if not words:
            continue
        # The token as written: a rare lexicon word scored as the word it is, else as any unknown.
        if known is None:
            bias = unknown_base + model.unknown_word_logprob(key)
            identity = Candidate(key, UNKNOWN_ID, bias, model.shape_id(key))
        else:
            identity = Candidate(key, known, 0.0, model.shape_id(key))
        numbers.append(number)
        options.append(
            (identity, *(Candidate(word, index[word], -config.change_penalty, model.shape_id(word)) for word in words))
        )
    return stream, numbers, options


def correct_ocr_words(
    text: str,
    model: LanguageModel,
    config: OcrWordsConfig = DEFAULT_OCR_WORDS_CONFIG,
    spans: Sequence[tuple[int, int]] | None = None,
) -> RuleResult:
    """Replace OCR misreads the lexicon lacks (or has seen only once) by the lexicon word the
    model prefers; with ``spans``, only inside them (the parts of the text that OCR read: the
    rest is context).

    Every edit replaces one whole token (its diacritics included) by a lexicon word.
    """
    stream, numbers, options = _options(text, model, config)
    decoding = choose_in_context(
        model, stream, numbers, options, config.iterations, ScoreWeights(shape=config.shape_weight)
    )
    # The first candidate is the token as written: only a lexicon word sure enough replaces it.
    edits = chosen_edits(text, decoding, REASON, lambda chosen, share: chosen > 0 and share >= config.min_confidence)
    return replacement_result(within_spans(edits, spans), REASON, "{count} OCR misreads replaced by lexicon words")


def chosen_edits(
    text: str, decoding: Decoding, reason: str, keep: Callable[[int, float], bool], scale: float = 1.0
) -> list[Edit]:
    """An edit for every token whose choice ``keep(chosen index, posterior)`` accepts: the
    token's text replaced by the chosen candidate, with the posterior (times ``scale``) as the
    confidence."""
    return [
        Edit(token.start, token.end, text[token.start : token.end], option[chosen].key, reason, round(share * scale, 3))
        for number, option, chosen, share in zip(
            decoding.token_numbers, decoding.options, decoding.chosen, decoding.posterior, strict=True
        )
        if keep(chosen, share)
        for token in (decoding.stream.tokens[number],)
    ]


def replacement_result(edits: Sequence[Edit], reason: str, summary: str) -> RuleResult:
    """The rule's result for word replacements: ``summary`` is formatted with the ``count``."""
    if not edits:
        return RuleResult()
    finding = Finding(
        reason,
        len(edits),
        sum(edit.confidence for edit in edits) / len(edits),
        summary.format(count=len(edits)),
        tuple(f"{edit.before} → {edit.after}" for edit in edits[:5]),
    )
    return RuleResult(tuple(edits), finding)
