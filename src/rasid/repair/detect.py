"""Detect glyph loss: which (letter, form) glyphs a text has lost, with the evidence.

Detection is general. For every glyph class (a letter in one contextual
form, or a lam-alef ligature) the model knows how often it occurs per word of
ordinary Arabic. A class that a text of this length should show many times,
yet shows (almost) never, has probably lost its glyph. Two independent pieces
of evidence are weighed:

* **counts**: the Poisson probability of seeing so few occurrences when the
  expected number is ``rate × words``;
* **words**: how many of the text's tokens are unknown or rare but become a
  common word when that glyph is put back (``عل`` → ``على``).

A class is declared lost only when both agree, or when the count evidence
alone is overwhelming. When the text is too short for a class to be expected
often enough, the diagnosis says so instead of guessing.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rasid.repair.chars import NON_ARABIC_LETTERS
from rasid.repair.language_model import LanguageModel
from rasid.repair.model_build import UNKNOWN_ID
from rasid.repair.shaping import GlyphClass, analyse_glyphs, class_id
from rasid.repair.stream import token_stream
from rasid.repair.tokens import iter_tokens

#: Log-probability that a word is one the lexicon lacks (about 2% of news words are).
UNKNOWN_WORD_LOGPROB = math.log(0.02)


@dataclass(frozen=True, slots=True)
class DetectConfig:
    """Thresholds of glyph-loss detection (log-likelihood ratios are in nats).

    Attributes:
        prior: log prior odds that any one glyph class is lost; strongly negative, because
            most texts are intact and there are hundreds of classes.
        count_cap: the most the count evidence alone can contribute, so that a class is never
            declared lost without word evidence (a writer who always spells final yeh as alef
            maksura has no final yeh, and has lost nothing).
        partial_loss: probability that one occurrence of a lost glyph survives anyway
            (another font, a bold run), which keeps a lone survivor from vetoing loss.
        word_cap: the most one distinct token can contribute.
        min_word_gain: tokens whose restored word is less than e^gain - 1 times more frequent
            than the token itself are not evidence.
        min_word_count: a restored word must occur at least this often in the model's corpus.
        min_expected: classes expected fewer times than this are reported as unchecked.
        max_foreign_letter_share: above this share of Persian/Urdu letters the text is not
            treated as Arabic and detection is skipped.
    """

    prior: float = -11.0
    count_cap: float = 8.0
    partial_loss: float = 0.02
    word_cap: float = 6.0
    min_word_gain: float = 2.0
    min_word_count: int = 20
    min_expected: float = 6.0
    max_foreign_letter_share: float = 0.02


DEFAULT_DETECT_CONFIG = DetectConfig()


@dataclass(frozen=True, slots=True)
class ClassEvidence:
    """What the text says about one glyph class."""

    glyph_class: GlyphClass
    expected: float
    observed: int
    p_value: float
    support: int
    examples: tuple[tuple[str, str], ...]
    lost: bool
    confidence: float
    log_odds: float = 0.0

    def to_json(self) -> dict[str, object]:
        """JSON form used by ``--json`` output."""
        return {
            "class": self.glyph_class.name,
            "expected": round(self.expected, 1),
            "observed": self.observed,
            "p_value": self.p_value,
            "supporting_words": self.support,
            "examples": [{"damaged": damaged, "restored": restored} for damaged, restored in self.examples],
            "lost": self.lost,
            "confidence": round(self.confidence, 4),
        }


@dataclass(frozen=True, slots=True)
class GlyphLossReport:
    """The result of glyph-loss detection on one text."""

    words: int
    script: str  # "arabic", "non_arabic" (Persian, Urdu...) or "none"
    lost: tuple[ClassEvidence, ...]
    suspicious: tuple[ClassEvidence, ...]
    checked_classes: int
    unchecked_classes: int
    evidence: str  # "strong", "weak" or "insufficient"
    note: str

    @property
    def lost_classes(self) -> frozenset[GlyphClass]:
        """The classes judged lost."""
        return frozenset(evidence.glyph_class for evidence in self.lost)

    def to_json(self) -> dict[str, object]:
        """JSON form used by ``--json`` output."""
        return {
            "words": self.words,
            "script": self.script,
            "lost_classes": [e.to_json() for e in self.lost],
            "suspicious_classes": [e.to_json() for e in self.suspicious],
            "checked_classes": self.checked_classes,
            "unchecked_classes": self.unchecked_classes,
            "evidence": self.evidence,
            "note": self.note,
        }


def poisson_lower_tail(observed: int, expected: float) -> float:
    """P(X <= observed) for X ~ Poisson(expected).

    >>> round(poisson_lower_tail(0, 10.0), 7)
    4.54e-05
    """
    if expected <= 0:
        return 1.0
    term = math.exp(-expected)
    total = term
    for k in range(1, observed + 1):
        term *= expected / k
        total += term
    return min(1.0, total)


def count_evidence(observed: int, expected: float, config: DetectConfig) -> float:
    """Log-likelihood ratio (lost vs intact) of seeing ``observed`` occurrences of a class.

    Lost: each occurrence survives with probability ``partial_loss``. Intact: Poisson(expected).
    """
    survive = config.partial_loss
    ratio = observed * math.log(survive) + expected * (1.0 - survive)
    return min(ratio, config.count_cap)


def foreign_letter_share(text: str) -> tuple[float, int]:
    """Share of Arabic-script letters that are Persian/Urdu-only letters, and the letter count."""
    arabic = 0
    foreign = 0
    for char in text:
        if (
            "\u0620" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or "\u08a0" <= char <= "\u08ff"
        ) and char.isalpha():
            arabic += 1
            if char in NON_ARABIC_LETTERS:
                foreign += 1
    return (foreign / arabic if arabic else 0.0), arabic


class DeletionIndex:
    """For every common word and every letter in it: the word without that letter.

    Maps a token to the (word, glyph class) pairs it could be the one-glyph-damaged
    form of, in one dictionary lookup. Built once per model, lazily.
    """

    def __init__(self, model: LanguageModel, min_count: int) -> None:
        words = [word for word in model.vocabulary[5:] if model.count(word) >= min_count]
        joined = "\n".join(words)
        analysis = analyse_glyphs(joined)
        line_starts = [0]
        for word in words:
            line_starts.append(line_starts[-1] + len(word) + 1)
        index: dict[str, list[tuple[str, int]]] = {}
        word_number = 0
        for start, end, identifier in zip(
            analysis.starts.tolist(), analysis.ends.tolist(), analysis.class_ids.tolist(), strict=True
        ):
            while line_starts[word_number + 1] <= start:
                word_number += 1
            word = words[word_number]
            offset = start - line_starts[word_number]
            width = end - start + 1
            damaged = word[:offset] + word[offset + width :]
            if damaged:
                index.setdefault(damaged, []).append((word, identifier))
        self.by_damaged_form = index


@lru_cache(maxsize=4)
def deletion_index(model: LanguageModel, min_count: int) -> DeletionIndex:
    """The model's :class:`DeletionIndex` (built on first use, then reused)."""
    return DeletionIndex(model, min_count)


@dataclass(frozen=True, slots=True)
class _Alternatives:
    """Every token that some suspected class could explain, with its scored alternatives."""

    keys: list[str]
    identity_scores: list[float]
    options: list[dict[int, list[tuple[float, str]]]]  # class id -> [(score, word)]


def _score_alternatives(text: str, suspects: set[int], model: LanguageModel, config: DetectConfig) -> _Alternatives:
    stream = token_stream(text, model)
    index = deletion_index(model, config.min_word_count).by_damaged_form
    rows_position: list[int] = []
    rows_id: list[int] = []
    rows_class: list[int] = []
    rows_word: list[str] = []
    unknown_rows: dict[int, float] = {}
    for number, token in enumerate(stream.tokens):
        if token.kind != "word":
            continue
        relevant = [(word, identifier) for word, identifier in index.get(token.key, ()) if identifier in suspects]
        if not relevant:
            continue
        position = int(stream.positions[number])
        identity = model.word_id(token.key)
        if identity == UNKNOWN_ID:
            unknown_rows[len(rows_id)] = unknown_word_score(token.key, model)
        rows_position.append(position)
        rows_id.append(identity)
        rows_class.append(-1)
        rows_word.append(token.key)
        for word, identifier in relevant:
            rows_position.append(position)
            rows_id.append(model.word_id(word))
            rows_class.append(identifier)
            rows_word.append(word)
    alternatives = _Alternatives([], [], [])
    if not rows_id:
        return alternatives
    scores = model.window_logprobs(
        stream.ids, np.array(rows_position, dtype=np.int64), np.array(rows_id, dtype=np.int64)
    ).tolist()
    for row, adjust in unknown_rows.items():
        scores[row] += adjust
    for row, identifier in enumerate(rows_class):
        if identifier == -1:
            alternatives.keys.append(rows_word[row])
            alternatives.identity_scores.append(scores[row])
            alternatives.options.append({})
        else:
            alternatives.options[-1].setdefault(identifier, []).append((scores[row], rows_word[row]))
    return alternatives


def word_evidence(
    alternatives: _Alternatives, explained: frozenset[int], candidates: set[int], config: DetectConfig
) -> dict[int, tuple[float, int, list[tuple[str, str]]]]:
    """Per candidate class id: log-likelihood ratio from the words in context, support, examples.

    For each token ``t`` that is the one-glyph-damaged form of a common word ``w``,
    the language model has scored both in the token's five-word window. If the
    glyph is lost the token could be either, so the ratio is
    ``log(P(t) + sum P(w)) - log P(t)``. Classes already judged lost (``explained``)
    count as part of ``P(t)``: a token they explain is no evidence for another class.
    """
    # (class, token) -> best gain over the token's occurrences, and how many there were.
    per_type: dict[tuple[int, str], tuple[float, int, str]] = {}
    for key, identity, options in zip(
        alternatives.keys, alternatives.identity_scores, alternatives.options, strict=True
    ):
        null = [identity] + [score for identifier in explained for score, _ in options.get(identifier, ())]
        top = max(null)
        null_mass = sum(math.exp(score - top) for score in null)
        for identifier in candidates.intersection(options):
            mass = sum(math.exp(min(score - top, 700.0)) for score, _ in options[identifier])
            gain = math.log1p(mass / null_mass)
            if gain < config.min_word_gain:
                continue
            previous_gain, occurrences, word = per_type.get((identifier, key), (0.0, 0, ""))
            if gain > previous_gain:
                word = max(options[identifier])[1]
            per_type[(identifier, key)] = (max(gain, previous_gain), occurrences + 1, word)
    # A distinct token is one piece of evidence however often it repeats (an abbreviation,
    # a name): its best gain, capped, plus a little for repetition.
    evidence: dict[int, tuple[float, int, list[tuple[str, str]]]] = {}
    for (identifier, key), (gain, occurrences, word) in per_type.items():
        total, support, examples = evidence.get(identifier, (0.0, 0, []))
        examples.append((key, word))
        evidence[identifier] = (
            total + min(gain, config.word_cap) + 0.5 * math.log(occurrences),
            support + occurrences,
            examples,
        )
    return evidence


def unknown_word_score(key: str, model: LanguageModel) -> float:
    """Correction that turns the model's score of ``<unk>`` into a score of this unknown word:
    the share of unseen words, spread over spellings by the character model."""
    return UNKNOWN_WORD_LOGPROB + model.char_model.word_logprob(key) - float(model.unigram_logprob[UNKNOWN_ID])


def detect_glyph_loss(text: str, model: LanguageModel, config: DetectConfig = DEFAULT_DETECT_CONFIG) -> GlyphLossReport:
    """Decide which glyph classes ``text`` has lost, and how sure we are."""
    keys = Counter(token.key for token in iter_tokens(text) if token.kind == "word")
    words = sum(keys.values())
    share, letters = foreign_letter_share(text)
    if letters == 0:
        return GlyphLossReport(0, "none", (), (), 0, 0, "insufficient", "no Arabic-script letters in the text")
    if share > config.max_foreign_letter_share:
        return GlyphLossReport(
            words,
            "non_arabic",
            (),
            (),
            0,
            0,
            "insufficient",
            f"{share:.0%} of the letters are Persian/Urdu letters; glyph-loss detection "
            "only knows Arabic, so it was skipped",
        )
    counts = analyse_glyphs(text).counts()
    classes = {
        class_id(GlyphClass.parse(name)): (GlyphClass.parse(name), rate * words)
        for name, rate in model.glyph_rates.items()
    }
    suspects = {
        identifier
        for identifier, (_, expected) in classes.items()
        if counts[identifier] <= 1 + config.partial_loss * 2 * expected
    }
    alternatives = _score_alternatives(text, suspects, model, config)
    checked = sum(1 for _, expected in classes.values() if expected >= config.min_expected)
    unchecked = len(classes) - checked

    def judge_all(candidates: set[int], explained: frozenset[int]) -> list[ClassEvidence]:
        from_words = word_evidence(alternatives, explained, candidates, config)
        judged = []
        for identifier in sorted(candidates):
            glyph_class, expected = classes[identifier]
            observed = int(counts[identifier])
            lexical, support, examples = from_words.get(identifier, (0.0, 0, []))
            score = config.prior + count_evidence(observed, expected, config) + lexical
            confidence = 1.0 / (1.0 + math.exp(-score)) if score > -30 else 0.0
            judged.append(ClassEvidence(glyph_class, expected, observed, poisson_lower_tail(observed, expected),
                                        support, tuple(dict.fromkeys(examples))[:5], score > 0, confidence, score))
        return judged

    # Greedy selection: the best-supported class first, then re-weigh the others with the
    # tokens it already explains taken away, so one loss does not masquerade as several.
    explained: frozenset[int] = frozenset()
    lost: list[ClassEvidence] = []
    remaining = set(suspects)
    judged = judge_all(remaining, explained)
    while judged:
        best = max(judged, key=lambda e: e.log_odds)
        if not best.lost:
            break
        lost.append(best)
        identifier = class_id(best.glyph_class)
        explained = explained | {identifier}
        remaining.discard(identifier)
        judged = judge_all(remaining, explained)
    suspicious = [e for e in judged if e.log_odds > config.prior / 2]
    lost.sort(key=lambda e: -e.expected)
    suspicious.sort(key=lambda e: -e.confidence)
    strength, note = _evidence_strength(words, checked, unchecked, bool(lost))
    return GlyphLossReport(words, "arabic", tuple(lost), tuple(suspicious), checked, unchecked, strength, note)


def _evidence_strength(words: int, checked: int, unchecked: int, found: bool) -> tuple[str, str]:
    total = checked + unchecked
    if checked == 0:
        return (
            "insufficient",
            f"{words} words is too short to check any glyph class; pass the lost classes explicitly if you know them",
        )
    if checked < total / 4:
        scope = (
            f"only {checked} of {total} glyph classes are common enough to check in {words} words; "
            "loss of a rarer glyph would go unnoticed"
        )
        return ("weak", scope)
    return ("strong", f"{checked} of {total} glyph classes checked over {words} words")


def parse_glyph_classes(names: Iterable[str]) -> frozenset[GlyphClass]:
    """Parse class names given by a user (``kaf.medial``), ignoring blanks."""
    return frozenset(GlyphClass.parse(name) for name in names if name.strip())


__all__ = [
    "ClassEvidence",
    "DetectConfig",
    "GlyphLossReport",
    "detect_glyph_loss",
    "parse_glyph_classes",
    "poisson_lower_tail",
]
