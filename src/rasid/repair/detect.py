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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from rasid.repair.chars import HAMZA_ALEFS, NON_ARABIC_LETTERS
from rasid.repair.language_model import LanguageModel
from rasid.repair.model_build import UNKNOWN_ID
from rasid.repair.shaping import (
    GlyphAnalysis,
    GlyphClass,
    analyse_glyphs,
    class_count,
    class_from_id,
    class_id,
    drop_glyphs,
)
from rasid.repair.spelling import spelling_habit
from rasid.repair.stream import token_stream
from rasid.repair.tokens import ARABIC_LETTER_RANGES, word_key

#: Log-probability that a word is one the lexicon lacks (about 2% of news words are).
UNKNOWN_WORD_LOGPROB = math.log(0.02)


@dataclass(frozen=True, slots=True)
class DetectConfig:
    """Thresholds of glyph-loss detection (log-likelihood ratios are in nats).

    Attributes:
        prior: log prior odds that any one glyph class is lost; strongly negative, because
            most texts are intact and there are hundreds of classes.
        companion_prior: the same, for a class with word evidence of its own once another class
            of the text is judged lost: a font that fails to map one glyph seldom fails to map
            only one, so in a text known to be damaged a second loss needs less evidence.
        companion_support: distinct words a class needs before the companion prior applies.
        count_cap: the most the count evidence alone can contribute, so that a class is never
            declared lost without word evidence (a writer who always spells final yeh as alef
            maksura has no final yeh, and has lost nothing).
        partial_loss: probability that one occurrence of a lost glyph survives anyway
            (another font, a bold run), which keeps a lone survivor from vetoing loss.
        word_cap: the most one distinct token can contribute.
        companion_word_cap: the same, once another class of the text is judged lost: in a text
            known to be damaged, a single token such as الويت for الكويت is the whole evidence
            a short text has for a second lost class, and that text is no longer one of the
            clean texts the cap protects.
        unknown_word_cap: the same, for a token that is no word of the lexicon (الممة for
            المهمة): a text whose words are mostly Arabic words seldom holds a non-word that one
            lost glyph turns into a common word, so such a token may say more than a word can.
        min_word_gain: tokens whose restored word is less than e^gain - 1 times more frequent
            than the token itself are not evidence.
        min_word_count: a restored word must occur at least this often in the model's corpus.
        min_expected: classes expected fewer times than this are reported as unchecked.
        max_foreign_letter_share: above this share of Persian/Urdu letters the text is not
            treated as Arabic and detection is skipped.
    """

    prior: float = -11.0
    companion_prior: float = -8.0
    companion_support: int = 1
    count_cap: float = 8.0
    partial_loss: float = 0.02
    word_cap: float = 6.0
    companion_word_cap: float = 8.0
    unknown_word_cap: float = 8.0
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


_ARABIC_SCRIPT_LETTER = re.compile(f"[{ARABIC_LETTER_RANGES}]")
_FOREIGN_LETTER = re.compile(f"[{re.escape(NON_ARABIC_LETTERS)}]")


@lru_cache(maxsize=1)
def _letter_tables() -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per code point: is it an Arabic-script letter, is it a Persian/Urdu-only letter (as the
    two patterns say; no code point past the highest one named in them is either)."""
    limit = max(ord(char) for char in ARABIC_LETTER_RANGES + NON_ARABIC_LETTERS) + 1
    chars = [chr(code) for code in range(limit)]
    arabic = np.array([_ARABIC_SCRIPT_LETTER.fullmatch(char) is not None for char in chars])
    foreign = np.array([_FOREIGN_LETTER.fullmatch(char) is not None for char in chars])
    return arabic, foreign


def foreign_letter_share(text: str) -> tuple[float, int]:
    """Share of Arabic-script letters that are Persian/Urdu-only letters, and the letter count."""
    # Counted over the code points with lookup tables: the same counts as matching the two
    # patterns, without building a list of every letter of the text.
    arabic_table, foreign_table = _letter_tables()
    # (surrogatepass: a lone surrogate is neither kind of letter, as for the patterns.)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes = codes[codes < arabic_table.size]
    arabic = int(np.count_nonzero(arabic_table[codes]))
    foreign = int(np.count_nonzero(foreign_table[codes]))
    return (foreign / arabic if arabic else 0.0), arabic


class DeletionIndex:
    """For every common word and every letter in it: the word without that letter.

    Maps a token to the (word, glyph class) pairs it could be the one-glyph-damaged
    form of, in one dictionary lookup. Built once per model, lazily.
    """

    def __init__(self, model: LanguageModel, min_count: int) -> None:
        words = [
            word
            for word, count in zip(model.vocabulary[5:], model.unigram_counts[5:].tolist(), strict=True)
            if count >= min_count
        ]
        joined = "\n".join(words)
        analysis = analyse_glyphs(joined)
        line_starts = np.cumsum([0, *(len(word) + 1 for word in words)])
        # Each glyph's word, and where in that word the glyph starts and ends.
        owners = np.searchsorted(line_starts, analysis.starts, side="right") - 1
        offsets = analysis.starts - line_starts[owners]
        after = offsets + analysis.ends - analysis.starts + 1
        index: dict[str, list[tuple[str, int]]] = {}
        for owner, offset, past, identifier in zip(
            owners.tolist(), offsets.tolist(), after.tolist(), analysis.class_ids.tolist(), strict=True
        ):
            word = words[owner]
            damaged = word[:offset] + word[past:]
            if damaged:
                index.setdefault(damaged, []).append((word, identifier))
        # Tuples, not lists: the garbage collector stops tracking tuples of strings and ints, so
        # its full collections during repair no longer walk this index's 100,000+ entries.
        self.by_damaged_form: dict[str, tuple[tuple[str, int], ...]] = {
            form: tuple(pairs) for form, pairs in index.items()
        }
        #: Per damaged form: its pairs' class ids as bits (bit ``id`` set), so a text can skip,
        #: with one AND, the many forms none of its suspected classes explains.
        self.class_bits: dict[str, int] = {
            form: sum({1 << identifier for _, identifier in pairs}) for form, pairs in index.items()
        }


@lru_cache(maxsize=4)
def deletion_index(model: LanguageModel, min_count: int) -> DeletionIndex:
    """The model's :class:`DeletionIndex` (built on first use, then reused)."""
    return DeletionIndex(model, min_count)


@dataclass(frozen=True, slots=True)
class Alternatives:
    """Every token that some suspected class could explain, with its scored alternatives.

    Parallel arrays: per token (``token_*``) and per alternative word (``row_*``).
    Scores are log-probabilities of the token's five-word window.
    """

    keys: tuple[str, ...]  # distinct token keys
    token_key: npt.NDArray[np.int64]  # index into ``keys``
    token_score: npt.NDArray[np.float64]  # the token as written
    token_unknown: npt.NDArray[np.bool_]  # the token is no word of the lexicon
    row_token: npt.NDArray[np.int64]  # which token the alternative is for
    row_class: npt.NDArray[np.int64]  # the glyph class whose loss would explain it
    row_score: npt.NDArray[np.float64]
    row_word: tuple[str, ...]


def score_alternatives(text: str, suspects: set[int], model: LanguageModel, config: DetectConfig) -> Alternatives:
    """Score every token the suspected classes could explain, against its alternatives."""
    stream = token_stream(text, model)
    deletions = deletion_index(model, config.min_word_count)
    index, class_bits = deletions.by_damaged_form, deletions.class_bits
    suspect_bits = sum(1 << identifier for identifier in suspects)
    # Per distinct key: its rows (the token itself, then each alternative) as word ids,
    # owners (-1 for the token itself, else the alternative's class id) and words; None when
    # no suspected class explains it. Tokens then extend the row lists in one go.
    sources: dict[str, tuple[list[int], list[int], list[str]] | None] = {}
    keys: dict[str, int] = {}
    numbers: list[int] = []  # the tokens that have rows
    row_counts: list[int] = []
    word_ids: list[int] = []
    owners: list[int] = []
    words: list[str] = []
    token_key: list[int] = []
    unknown_rows: list[tuple[int, str]] = []
    word_id = model.index.get  # model.word_id without two method calls per word
    for number, key in zip(stream.word_numbers, stream.word_keys, strict=True):
        if key in sources:
            rows = sources[key]
        else:
            # Most keys are no common word's damaged form: skip building an empty list for them.
            relevant = (
                [(word, identifier) for word, identifier in index[key] if identifier in suspects]
                if class_bits.get(key, 0) & suspect_bits
                else ()
            )
            rows = None
            if relevant:
                rows = (
                    [word_id(key, UNKNOWN_ID)] + [word_id(word, UNKNOWN_ID) for word, _ in relevant],
                    [-1] + [identifier for _, identifier in relevant],
                    [key] + [word for word, _ in relevant],
                )
            sources[key] = rows
        if rows is None:
            continue
        if rows[0][0] == UNKNOWN_ID:
            unknown_rows.append((len(word_ids), key))
        token_key.append(keys.setdefault(key, len(keys)))
        numbers.append(number)
        row_counts.append(len(rows[0]))
        word_ids.extend(rows[0])
        owners.extend(rows[1])
        words.extend(rows[2])
    positions = np.repeat(stream.positions[np.array(numbers, dtype=np.int64)], row_counts)
    owner = np.array(owners, dtype=np.int64)
    row_ids = np.array(word_ids, dtype=np.int64)
    scores = model.window_logprobs(stream.ids, positions, row_ids) if owner.size else np.zeros(0, dtype=np.float64)
    adjustments = unknown_word_scores([key for _, key in unknown_rows], model)
    for (row, _), adjust in zip(unknown_rows, adjustments, strict=True):
        scores[row] += adjust
    is_token = owner == -1
    row_token = np.cumsum(is_token) - 1
    alternative = ~is_token
    return Alternatives(
        keys=tuple(keys),
        token_key=np.array(token_key, dtype=np.int64),
        token_score=scores[is_token],
        token_unknown=row_ids[is_token] == UNKNOWN_ID,
        row_token=row_token[alternative],
        row_class=owner[alternative],
        row_score=scores[alternative],
        row_word=tuple(word for word, keep in zip(words, alternative.tolist(), strict=True) if keep),
    )


@dataclass(frozen=True, slots=True)
class WordEvidence:
    """Word evidence for one class: log-likelihood ratio, supporting tokens, (damaged, restored) examples."""

    log_ratio: float
    support: int
    examples: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class AlternativeGroups:
    """The alternatives grouped by (token, class), in that order: what :func:`word_evidence`
    needs that does not depend on which classes are explained or still candidates."""

    token: npt.NDArray[np.int64]  # the group's token
    glyph_class: npt.NDArray[np.int64]  # the group's class id
    mass: npt.NDArray[np.float64]  # log of the summed probability of its alternatives
    best_row: npt.NDArray[np.int64]  # its best-scored alternative (ties: the last)


def group_alternatives(alternatives: Alternatives) -> AlternativeGroups:
    """Group every alternative by its (token, class); see :class:`AlternativeGroups`."""
    alt = alternatives
    rows = np.arange(alt.row_class.size)
    tokens, classes = alt.row_token, alt.row_class
    # Each group holds the same rows, in the same order, whichever classes are asked about
    # later, so its sums and its best row are those a per-question grouping would find.
    groups, group_of = np.unique(tokens * (int(classes.max(initial=0)) + 1) + classes, return_inverse=True)
    mass = np.full(groups.size, -np.inf)
    np.logaddexp.at(mass, group_of, alt.row_score)
    best_row = np.full(groups.size, -1, dtype=np.int64)
    order = np.lexsort((alt.row_score, group_of))
    best_row[group_of[order]] = rows[order]  # the last write per group is its best alternative
    return AlternativeGroups(alt.row_token[best_row], alt.row_class[best_row], mass, best_row)


def word_evidence(
    alternatives: Alternatives,
    explained: frozenset[int],
    candidates: set[int],
    config: DetectConfig,
    groups: AlternativeGroups | None = None,
) -> dict[int, WordEvidence]:
    """Per candidate class id: what the words in context say about its loss.

    For each token ``t`` that is the one-glyph-damaged form of a common word ``w``,
    the language model has scored both in the token's window. If the glyph is lost
    the token could be either, so the ratio is ``log(P(t) + sum P(w)) - log P(t)``.
    Classes already judged lost (``explained``) count as part of ``P(t)``: a token
    they explain is no evidence for another class. A distinct token is one piece of
    evidence however often it repeats (an abbreviation, a name): its best gain,
    capped, plus a little for repetition.
    """
    alt = alternatives
    if not candidates or alt.row_class.size == 0:
        return {}
    null = alt.token_score.copy()
    if explained:
        known = _members(explained)[alt.row_class]
        np.logaddexp.at(null, alt.row_token[known], alt.row_score[known])
    if groups is None:
        groups = group_alternatives(alt)
    wanted = np.flatnonzero(_members(candidates)[groups.glyph_class])
    if wanted.size == 0:
        return {}
    group_token = groups.token[wanted]
    gain = np.log1p(np.exp(np.minimum(groups.mass[wanted] - null[group_token], 700.0)))
    keep = gain >= config.min_word_gain
    if not keep.any():
        return {}
    wanted = wanted[keep]
    gain, group_token = gain[keep], group_token[keep]
    group_class, best_row = groups.glyph_class[wanted], groups.best_row[wanted]
    key = alt.token_key[group_token]
    types, first_of_type, type_of = np.unique(group_class * len(alt.keys) + key, return_index=True, return_inverse=True)
    type_gain = np.zeros(types.size)
    np.maximum.at(type_gain, type_of, gain)
    type_count = np.bincount(type_of, minlength=types.size)
    type_class = types // len(alt.keys)
    cap = config.companion_word_cap if explained else config.word_cap
    # A type is one key, so its first group tells whether it is a word of the lexicon.
    type_cap = np.where(alt.token_unknown[group_token[first_of_type]], max(cap, config.unknown_word_cap), cap)
    contribution = np.minimum(type_gain, type_cap) + 0.5 * np.log(type_count)
    evidence: dict[int, WordEvidence] = {}
    for identifier in np.unique(type_class).tolist():
        mine = type_class == identifier
        ranked = np.flatnonzero(mine)[np.argsort(-type_gain[mine])][:5]
        examples = []
        for type_index in ranked.tolist():
            first = int(first_of_type[type_index])  # the type's first group
            examples.append((alt.keys[int(types[type_index] % len(alt.keys))], alt.row_word[int(best_row[first])]))
        evidence[identifier] = WordEvidence(
            float(contribution[mine].sum()), int(type_count[mine].sum()), tuple(examples)
        )
    return evidence


def _members(class_ids: Iterable[int]) -> npt.NDArray[np.bool_]:
    """A table over every class id, True for ``class_ids``: membership by indexing, far
    quicker than np.isin for the few hundred alternatives of a text."""
    table = np.zeros(class_count(), dtype=bool)
    table[list(class_ids)] = True
    return table


def unknown_word_score(key: str, model: LanguageModel) -> float:
    """Correction that turns the model's score of ``<unk>`` into a score of this unknown word:
    the share of unseen words, spread over spellings by the character model."""
    return unknown_word_scores([key], model)[0]


def unknown_word_scores(keys: list[str], model: LanguageModel) -> list[float]:
    """:func:`unknown_word_score` of several keys (the character model scores them together)."""
    unknown = float(model.unigram_logprob[UNKNOWN_ID])
    return [UNKNOWN_WORD_LOGPROB + logprob - unknown for logprob in model.unknown_word_logprobs(keys)]


@lru_cache(maxsize=4)
def rated_classes(model: LanguageModel) -> tuple[tuple[int, GlyphClass, float], ...]:
    """(class id, class, occurrences per word) for every class the model has a rate for."""
    parsed = ((GlyphClass.parse(name), rate) for name, rate in model.glyph_rates.items())
    return tuple((class_id(glyph_class), glyph_class, rate) for glyph_class, rate in parsed)


def detect_glyph_loss(text: str, model: LanguageModel, config: DetectConfig = DEFAULT_DETECT_CONFIG) -> GlyphLossReport:
    """Decide which glyph classes ``text`` has lost, and how sure we are."""
    words = len(token_stream(text, model).word_numbers)
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
    analysis = analyse_glyphs(text)
    classes = {identifier: (glyph_class, rate * words) for identifier, glyph_class, rate in rated_classes(model)}
    counts = _counts_without_shifted(text, analysis, classes, model, config)
    # Python ints, not NumPy scalars: a few hundred comparisons per text (counts are exact in
    # either type, so the comparisons agree).
    observed = counts.tolist()
    # A writer who leaves hamza off (انا، اصبر) writes no أ and no لأ: neither is then a sign of
    # loss. Such a writer says so with every bare alef where the standard spelling has hamza,
    # which a font that lost أ cannot fake (it leaves no alef at all: ن for أن).
    keep_hamza = math.exp(spelling_habit(token_stream(text, model).word_keys, model).log_keep)
    classes = _expect_hamza_as_written(classes, observed, model, keep_hamza)
    suspects = {
        identifier
        for identifier, (_, expected) in classes.items()
        if observed[identifier] <= 1 + config.partial_loss * 2 * expected
    }
    alternatives = _hamza_as_written(score_alternatives(text, suspects, model, config), keep_hamza)
    # Grouped once: the greedy selection below asks about the same alternatives several times.
    groups = group_alternatives(alternatives) if alternatives.row_class.size else None
    checked = sum(1 for _, expected in classes.values() if expected >= config.min_expected)
    unchecked = len(classes) - checked

    # Count evidence, per class: log-likelihood ratio (lost vs intact) of seeing so few.
    # Lost: each occurrence survives with probability ``partial_loss``; intact: Poisson.
    identifiers = np.array(sorted(suspects), dtype=np.int64)
    expected_counts = np.array([classes[i][1] for i in identifiers.tolist()])
    observed_counts = counts[identifiers].astype(np.float64)
    survive = config.partial_loss
    count_scores = np.minimum(observed_counts * math.log(survive) + expected_counts * (1.0 - survive), config.count_cap)

    def judge(
        explained: frozenset[int], active: npt.NDArray[np.bool_]
    ) -> tuple[npt.NDArray[np.float64], dict[int, WordEvidence]]:
        from_words = word_evidence(alternatives, explained, set(identifiers[active].tolist()), config, groups)
        lexical = np.array([from_words[i].log_ratio if i in from_words else 0.0 for i in identifiers.tolist()])
        prior = np.full(identifiers.size, config.prior)
        if explained:
            supported = np.array(
                [i in from_words and from_words[i].support >= config.companion_support for i in identifiers.tolist()],
                dtype=bool,
            )
            prior[supported] = max(config.prior, config.companion_prior)
        scores = np.where(active, prior + count_scores + lexical, -np.inf)
        return scores, from_words

    def evidence(index: int, score: float, from_words: dict[int, WordEvidence]) -> ClassEvidence:
        identifier = int(identifiers[index])
        glyph_class, expected = classes[identifier]
        observed = int(counts[identifier])
        words_say = from_words.get(identifier, WordEvidence(0.0, 0, ()))
        confidence = 1.0 / (1.0 + math.exp(-score)) if score > -30 else 0.0
        return ClassEvidence(
            glyph_class,
            expected,
            observed,
            poisson_lower_tail(observed, expected),
            words_say.support,
            words_say.examples,
            score > 0,
            confidence,
            score,
        )

    # Greedy selection: the best-supported class first, then re-weigh the others with the
    # tokens it already explains taken away, so one loss does not masquerade as several.
    explained: frozenset[int] = frozenset()
    lost: list[ClassEvidence] = []
    active = np.ones(identifiers.size, dtype=bool)
    scores, from_words = judge(explained, active)
    family = _ligature_family_judge(alternatives, identifiers, classes, count_scores, config)
    while active.any():
        best = int(np.argmax(scores))
        if family is not None and active[family.members].all():
            # The ligatures together, when they beat the best single class: one font, one loss.
            pooled = family.log_odds(explained)
            if pooled > 0 and pooled > scores[best]:
                lost.extend(evidence(index, pooled, from_words) for index in family.members.tolist())
                explained = explained | set(identifiers[family.members].tolist())
                active[family.members] = False
                scores, from_words = judge(explained, active)
                continue
        if scores[best] <= 0:
            break
        lost.append(evidence(best, float(scores[best]), from_words))
        explained = explained | {int(identifiers[best])}
        active[best] = False
        scores, from_words = judge(explained, active)
    lost.extend(_ligature_family(lost, identifiers, observed, explained, lambda i: evidence(i, 0.0, {})))
    suspicious = [evidence(i, float(scores[i]), from_words) for i in np.flatnonzero(scores > config.prior / 2).tolist()]
    suspicious.sort(key=lambda e: -e.log_odds)
    lost.sort(key=lambda e: -e.expected)
    strength, note = _evidence_strength(words, checked, unchecked, bool(lost))
    return GlyphLossReport(words, "arabic", tuple(lost), tuple(suspicious), checked, unchecked, strength, note)


_PLAIN_LAM_ALEF = "\u0644\u0627"
#: Occurrences of a class that may be shifted survivors are looked at only for classes seen at most
#: this many times beyond what a lost class may keep.
_SHIFTED_SLACK = 4
#: ... plus this share of their expected count: a loss that shifts a doubled letter into the lost
#: form leaves survivors in proportion to the text's length (with initial lam lost, every لل word
#: keeps one: 5 to 8% of the lams expected on the development split).
_SHIFTED_SHARE = 0.1
#: ... but past the fixed slack, only for classes seen at most this share of their expected count:
#: looking at survivors costs time on every text, and a class that lost nothing seldom falls that
#: low (on the development split this changed no detection and gave back the clean-text speed
#: that the wider band had cost: about 87,700 → 92,500 words/s).
_SHIFTED_MAX_SHARE = 0.5
#: A doubled-letter word explains a token only if it is at least this share as common as the
#: token (ببعض for بعض: 1/26; not ممن for من: 1/200, a text's every من is no survivor), and
#: seen at least this often: it is weighed against the token, not against the commonest words
#: (تتنقل, 8 times in the development model, for تنقل).
_DOUBLED_MIN_SHARE = 1 / 50
_DOUBLED_MIN_COUNT = 5


def _counts_without_shifted(
    text: str,
    analysis: GlyphAnalysis,
    classes: dict[int, tuple[GlyphClass, float]],
    model: LanguageModel,
    config: DetectConfig,
) -> npt.NDArray[np.int64]:
    """Occurrences of each class, leaving out those that a lost neighbour put in that form.

    Deleting a letter changes the form of the letters beside it: once the final alef maksura
    of يحيى is gone, the medial yeh before it reads as a final yeh (يحي), though the font drew
    it medial. Such occurrences sit in a rare token that a common word explains by one lost
    glyph, or in a token that reads as a word with one of its doubled letters lost (تميز for
    تتميز, initial teh lost: the medial teh turns initial); a text that lost the class shows only
    these, and they would otherwise say that the class survives. Only classes whose absence
    would say something (expected at least half as often as a checked class) and whose count is
    not far above what a lost class may keep are looked at.
    """
    counts = analysis.counts()
    limit = np.full(counts.size, -1.0)
    expected = np.zeros(counts.size)
    for identifier, (_, expected_count) in classes.items():
        expected[identifier] = expected_count
        if expected_count >= config.min_expected / 2:
            limit[identifier] = 1 + config.partial_loss * 2 * expected_count
    slack = limit + _SHIFTED_SLACK
    within = (counts <= slack) | (
        (counts <= slack + _SHIFTED_SHARE * expected) & (counts <= _SHIFTED_MAX_SHARE * expected)
    )
    doubtful = (counts > limit) & within & (limit >= 0)
    if not doubtful.any():
        return counts
    glyphs = np.flatnonzero(doubtful[analysis.class_ids])
    stream = token_stream(text, model)
    token_starts = np.array([token.start for token in stream.tokens], dtype=np.int64)
    owners = np.searchsorted(token_starts, analysis.starts[glyphs], side="right") - 1
    # A lost glyph may take a second one with it (البلجيكي loses its medial kaf and final yeh
    # and reads البلجي, its medial yeh now final): the classes that could be lost here are
    # those seen no more than a lost class may be, and the doubtful ones.
    could_be_lost = [class_from_id(i) for i in np.flatnonzero(((counts <= limit) & (limit >= 0)) | doubtful).tolist()]
    letters = frozenset(letter for glyph_class in could_be_lost for letter in glyph_class.letters)
    adjusted = counts.copy()
    glyph_classes = {identifier: class_from_id(identifier) for identifier in np.flatnonzero(doubtful).tolist()}
    for identifier, start, end, owner in zip(
        analysis.class_ids[glyphs].tolist(),
        analysis.starts[glyphs].tolist(),
        analysis.ends[glyphs].tolist(),
        owners.tolist(),
        strict=True,
    ):
        token = stream.tokens[owner]
        key = token.key
        if _explained_by_common_word(key, model, config.min_word_count, config.min_word_gain):
            adjusted[identifier] -= 1
            continue
        position = len(word_key(text[token.start : start]))
        if _explained_by_doubled_letter(key, position, glyph_classes[identifier], model):
            adjusted[identifier] -= 1
            continue
        at_end = not word_key(text[end + 1 : token.end])
        if (at_end or position == 0) and _explained_by_lost_neighbours(
            key, at_end, could_be_lost, letters, model, config.min_word_count, config.min_word_gain
        ):
            adjusted[identifier] -= 1
    return adjusted


@lru_cache(maxsize=1 << 16)
def _explained_by_doubled_letter(key: str, position: int, glyph_class: GlyphClass, model: LanguageModel) -> bool:
    """True when ``key``'s letter at ``position``, drawn as ``glyph_class``, may be the second of a
    doubled letter whose first glyph, of that class, was lost and gave the second its form
    (تتميز reads تميز, ببعض reads بعض, with the initial form lost): a common word is ``key`` with
    the letter doubled there. What such a loss leaves is often a word as common as the original,
    so unlike the tests above this one asks for no frequency gain, only that the doubled word is
    not a rarity beside the token."""
    if glyph_class.is_ligature:
        return False
    # (The letter at ``position`` is the glyph's own, so doubling it before or after is one word.)
    word = key[:position] + glyph_class.letters + key[position:]
    floor = max(_DOUBLED_MIN_COUNT, _DOUBLED_MIN_SHARE * model.count(key))
    return model.count(word) >= floor and drop_glyphs(word, (glyph_class,)) == key


@lru_cache(maxsize=4)
def _extended_words(
    model: LanguageModel, min_count: int
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The lexicon's common words by what is left of them without their last one or two letters,
    and without their first one or two (built once per model, on first use)."""
    without_end: dict[str, list[str]] = {}
    without_start: dict[str, list[str]] = {}
    for word, count in zip(model.vocabulary, model.unigram_counts.tolist(), strict=True):
        if count < min_count:
            continue
        for cut in (1, 2):
            if len(word) > cut:
                without_end.setdefault(word[:-cut], []).append(word)
                without_start.setdefault(word[cut:], []).append(word)
    return (
        {rest: tuple(words) for rest, words in without_end.items()},
        {rest: tuple(words) for rest, words in without_start.items()},
    )


def _explained_by_lost_neighbours(
    key: str,
    at_end: bool,
    could_be_lost: list[GlyphClass],
    letters: frozenset[str],
    model: LanguageModel,
    min_count: int,
    min_gain: float,
) -> bool:
    """True when a common word, at least e^min_gain times commoner than ``key``, turns into
    ``key`` when it loses every glyph of the ``could_be_lost`` classes, and these are one or two
    letters at the key's end (``at_end``) or start: the glyph beside them then changed form."""
    without_end, without_start = _extended_words(model, min_count)
    words = (without_end if at_end else without_start).get(key, ())
    if not words:
        return False
    floor = math.exp(min_gain) * (model.count(key) + 1)
    for word in words:
        added = word[len(key) :] if at_end else word[: len(word) - len(key)]
        if letters.issuperset(added) and model.count(word) >= floor and drop_glyphs(word, could_be_lost) == key:
            return True
    return False


@lru_cache(maxsize=1 << 16)
def _explained_by_common_word(key: str, model: LanguageModel, min_count: int, min_gain: float) -> bool:
    """True when a common word, at least e^min_gain times commoner than ``key``, damages to
    ``key`` by losing one glyph."""
    floor = math.exp(min_gain) * (model.count(key) + 1)
    return any(model.count(word) >= floor for word, _ in deletion_index(model, min_count).by_damaged_form.get(key, ()))


def _is_lam_alef(glyph_class: GlyphClass) -> bool:
    return len(glyph_class.letters) == 2


@lru_cache(maxsize=4)
def _ligature_letters(model: LanguageModel) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(lam-alef class id, the ids of the classes of its alef written alone) for every rated ligature."""
    rated = rated_classes(model)
    return tuple(
        (identifier, tuple(other for other, alone, _ in rated if alone.letters == glyph_class.letters[1]))
        for identifier, glyph_class, _ in rated
        if _is_lam_alef(glyph_class)
    )


def _has_hamza(glyph_class: GlyphClass) -> bool:
    return glyph_class.letters[-1] in HAMZA_ALEFS


def _hamza_as_written(alternatives: Alternatives, keep_hamza: float) -> Alternatives:
    """The alternatives, with a word that needs a lost hamza glyph (الأسعار for اسعار) only as
    likely as the writer's habit of writing hamza makes it."""
    hamza_rows = _hamza_classes()[alternatives.row_class]
    if keep_hamza >= 1.0 or not hamza_rows.any():
        return alternatives
    return replace(alternatives, row_score=alternatives.row_score + np.where(hamza_rows, math.log(keep_hamza), 0.0))


@lru_cache(maxsize=1)
def _hamza_classes() -> npt.NDArray[np.bool_]:
    return _members(identifier for identifier in range(class_count()) if _has_hamza(class_from_id(identifier)))


def _expect_hamza_as_written(
    classes: dict[int, tuple[GlyphClass, float]], observed: list[int], model: LanguageModel, keep_hamza: float
) -> dict[int, tuple[GlyphClass, float]]:
    """Scale the expected count of every class that carries hamza by the writer's habit of
    writing it, and each lam-alef ligature's by how often the text writes its alef alone.

    A writer who leaves hamza off (اشخاص، الاقل) writes no لأ or لإ, and no أ or إ either: the
    ligature is missing because the letter is, not because a font dropped the ligature. A
    font that drops only the ligature leaves the letter elsewhere (أن، أكثر) at its usual
    rate, so the scaled expectation is unchanged there.
    """
    scaled = {
        identifier: (glyph_class, expected * keep_hamza if _has_hamza(glyph_class) else expected)
        for identifier, (glyph_class, expected) in classes.items()
    }
    for identifier, letter_ids in _ligature_letters(model):
        usual = sum(classes[other][1] for other in letter_ids)
        if usual > 0:
            seen = sum(observed[other] for other in letter_ids)
            glyph_class, expected = scaled[identifier]
            scaled[identifier] = (glyph_class, expected * min(1.0, (seen + 0.5) / (usual + 0.5)))
    return scaled


@dataclass(frozen=True, slots=True)
class _LigatureFamily:
    """The lam-alef ligatures judged as one loss, their counts and words pooled.

    A font that maps no lam-alef ligature loses all eight together, so in a short text each
    one's few missing occurrences and few telling words can each fall short of the evidence
    that the family as a whole clearly gives.
    """

    members: npt.NDArray[np.int64]  # indexes into the suspected identifiers
    pooled: Alternatives  # the text's alternatives, every member's under the one class id ``pooled_id``
    groups: AlternativeGroups
    pooled_id: int
    counts: float  # the members' count evidence, summed and capped as one class's
    config: DetectConfig

    def log_odds(self, explained: frozenset[int]) -> float:
        """Log-odds that the family is lost, given the classes already judged lost."""
        words = word_evidence(self.pooled, explained, {self.pooled_id}, self.config, self.groups)
        lexical = words[self.pooled_id].log_ratio if self.pooled_id in words else 0.0
        return self.config.prior + self.counts + lexical


def _ligature_family_judge(
    alternatives: Alternatives,
    identifiers: npt.NDArray[np.int64],
    classes: dict[int, tuple[GlyphClass, float]],
    count_scores: npt.NDArray[np.float64],
    config: DetectConfig,
) -> _LigatureFamily | None:
    """The family of lam-alef ligatures as one hypothesis, or None when the text rules it out."""
    # One ligature the text shows (beyond the odd survivor) means the font maps them: none lost.
    suspected = set(identifiers.tolist())
    ligatures = [identifier for identifier, (glyph_class, _) in classes.items() if _is_lam_alef(glyph_class)]
    if any(identifier not in suspected for identifier in ligatures):
        return None
    members = [i for i, identifier in enumerate(identifiers.tolist()) if _is_lam_alef(classes[identifier][0])]
    plain = [i for i in members if classes[int(identifiers[i])][0].letters == _PLAIN_LAM_ALEF]
    if len(members) < 2 or not plain or alternatives.row_class.size == 0:
        return None
    pooled_id = int(identifiers[plain[0]])
    row_class = alternatives.row_class.copy()
    row_class[_members(identifiers[members].tolist())[row_class]] = pooled_id
    pooled = replace(alternatives, row_class=row_class)
    member_array = np.array(members, dtype=np.int64)
    # Capped as one class's counts are: the family, too, is never found lost without words.
    counts = min(float(count_scores[member_array].sum()), config.count_cap)
    return _LigatureFamily(member_array, pooled, group_alternatives(pooled), pooled_id, counts, config)


def _ligature_family(
    lost: list[ClassEvidence],
    identifiers: npt.NDArray[np.int64],
    observed: list[int],
    explained: frozenset[int],
    infer: Callable[[int], ClassEvidence],
) -> list[ClassEvidence]:
    """The lam-alef ligatures a text never shows, once one of them is found lost.

    A font that maps no lam-alef ligature to Unicode loses all of them (لا، لأ، لإ، لآ, isolated
    and final) together; the rarer ones are too rare in one article for their own counts to show
    it, yet بالإضافة and بالأمس need them restored. Each is inferred with the found one's odds.
    """
    # Only the plain ligature counts as the sign: many writers leave hamza off (الا for ألا), so
    # a text without لأ or لإ may be clean; a text without لا is not.
    found = [evidence for evidence in lost if evidence.glyph_class.letters == _PLAIN_LAM_ALEF]
    if not found:
        return []
    best = max(found, key=lambda evidence: evidence.log_odds)
    inferred = []
    for index, identifier in enumerate(identifiers.tolist()):
        if identifier in explained or observed[identifier] > 0:
            continue
        candidate = infer(index)
        if _is_lam_alef(candidate.glyph_class):
            inferred.append(replace(candidate, lost=True, confidence=best.confidence, log_odds=best.log_odds))
    return inferred


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
