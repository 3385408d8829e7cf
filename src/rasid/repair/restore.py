"""Restore the letters a broken PDF font dropped, choosing words by their context.

Given the glyph classes that a text has lost (see :mod:`rasid.repair.detect`),
every word of the text is a *damaged form*: what some original word looks like
once those glyphs are deleted. The candidates for a token are the lexicon
words whose damaged form equals it (``عل`` ← على, علي), plus the token itself
when it is a word in its own right (``لن`` is a word; ``الت`` is not).

The choice is made by the trigram language model over both sides of the
token: a candidate is scored by the log-probability of the five-word window
around it (every trigram it takes part in), so ``التحالف الدولي`` beats
``التحالف الدول`` because of what follows as much as what precedes. Neighbours
are themselves uncertain, so decoding is iterated conditional modes: start from
each token's most frequent candidate, then re-choose every token given its
neighbours' current choices, all tokens at once (vectorised), until no choice
changes. Of neighbours that want to change together only the one that gains most
does, so every round raises the text's score and the rounds settle on a choice
that no single change improves, which repairing the result again then keeps. The
confidence of a change is the posterior probability of the chosen word among the
token's candidates in its final context, taken at a temperature fitted so that it
means what it says (``RestoreConfig.confidence_temperature``).

Words missing from the lexicon are scored by a character model (a share of
probability for "unknown word", spread over spellings), so a rare name is left
alone unless inserting a lost letter makes it a clearly likelier Arabic word.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from rasid.errors import ConfigurationError
from rasid.model import Edit
from rasid.repair.chars import ALEF_MAKSURA, ALEFS, YEH, joining_type
from rasid.repair.context_model import UNKNOWN_ID as CONTEXT_UNKNOWN_ID
from rasid.repair.context_model import context_scores, vocabulary_map
from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.lexicon_forms import lexicon_glyphs
from rasid.repair.marks import HARAKAT, transfer_letters
from rasid.repair.model_build import UNKNOWN_ID
from rasid.repair.shaping import (
    JOINS_TO_NEXT,
    JOINS_TO_PREVIOUS,
    GlyphClass,
    drop_glyphs,
    form_between,
)
from rasid.repair.spelling import (
    DEFAULT_SPELLING_CONFIG,
    DOTLESS_YEH,
    HAMZA,
    SpellingConfig,
    SpellingHabit,
    SpellingRole,
    dotless_habit,
    spelling_habit,
    spelling_roles,
)
from rasid.repair.stream import TokenStream, token_stream
from rasid.repair.tanween import EXCLUDED_LOGPROB, excluded_by_tanween, has_tanween

REASON = "restore_glyphs"
#: A word that vanishes entirely is only put back if the corpus has it at least this often.
MIN_VANISHED_COUNT = 50
_DOUBLE_SPACE = re.compile(" {2,}")
_FINAL_YEHS = frozenset((YEH, ALEF_MAKSURA))


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    """How a candidate's scores in its window add up to the one it is chosen by. The word
    trigram model's window score counts once; the others are weighed against it.

    Attributes:
        shape: the shape trigram model's window score.
        context: the context model's score (:mod:`rasid.repair.context_model`), for candidates
            in its vocabulary; 0 leaves the context model out.
        context_unknown: the same, for candidates outside its vocabulary (scored by their
            shape alone, so less telling).
        bias: the candidate's own bias: the character model's score of a word the lexicon
            lacks, and the change penalty.
        context_margin: a token whose best two candidates the other scores already set this many
            nats apart is left to them, unscored by the context model (which saves most of its
            cost: on half A of the development split, scoring past 8 nats too changed no seed or medial-heh
            repair and restored 0.07 points more of one profile, final teh marbuta).
    """

    shape: float = 0.5
    context: float = 0.0
    context_unknown: float = 0.0
    bias: float = 1.0
    context_margin: float = 8.0


#: The trigram models alone, as before the context model (OCR word correction keeps these).
TRIGRAM_WEIGHTS = ScoreWeights()
#: Glyph restoration's weights, fitted on a development split of the training corpus (every
#: 40th article, scored with models trained without it) by ``scripts/fit_score_weights.py``.
#: The shape model is left out: the context model sees shapes too, and with it weighed the shape
#: model's fitted weight is slightly negative and leaving it out costs nothing measurable.
#: The context model's weight is then raised from the fitted 0.351 to 0.5: the fit scores each
#: candidate among the true neighbours, while the decoder chooses among neighbours that are
#: themselves uncertain, where the context model (which generalises over shapes) is worth more.
#: Repairing the whole development split, words wrong fell in all five profiles of the fit, in
#: both halves (seed glyphs 0.720 → 0.709% and 0.691 → 0.675%); 0.45 to 0.6 did about as well.
#: With the shipped pair of context models (their mean score, steadier than either's) the fit
#: gives about the same weights (context 0.344, context_unknown 0.120, bias 0.692 on half A),
#: and decoding is best higher still: at 0.7 rather than 0.5, words wrong summed over seed glyphs
#: and medial heh fell from 0.981 to 0.973% on half A and from 0.916 to 0.897% on half B.
RESTORE_WEIGHTS = ScoreWeights(shape=0.0, context=0.7, context_unknown=0.117, bias=0.749)


@dataclass(frozen=True, slots=True)
class RestoreConfig:
    """Settings of glyph restoration.

    Attributes:
        unknown_word_logprob: log-probability that a word is one the lexicon lacks; the
            character model spreads it over spellings.
        change_penalty: nats subtracted from every candidate that changes a token; raising it
            trades restored words for fewer wrong changes.
        max_insertions: letters inserted into a word the lexicon lacks (0 leaves such words alone);
            when lam-alef ligatures are among the lost, one (a ligature brings two letters).
        iterations: at most this many rounds of re-choosing tokens given their neighbours (it
            stops as soon as no choice changes).
        weights: how the models' scores of a candidate are weighed together.
        gap_log_odds: log-odds that a run of spaces marks a word that vanished whole (لا under
            lam-alef loss) rather than a typing slip; a text with one more word is always less
            probable under the model, so without this a vanished word is rarely put back.
        spelling: how the writer's spelling habits are estimated (None: ignore the habits and
            score spelling variants as words of their own).
        confidence_temperature: an edit's confidence is the chosen word's posterior with every
            candidate's score divided by this. It changes no choice, only how sure repair says
            it is: the scores count some evidence twice (a window's trigrams overlap, and the
            context model's weight is set for choosing, above its fitted value), so undivided
            posteriors are too sure. Fitted by ``scripts/fit_confidence_temperature.py`` on half A
            of the development split (seed glyphs and medial heh: the edits' log-loss 0.078 →
            0.069 and 0.084 → 0.073 at 1.6), and checked on half B: log-loss 0.078 → 0.066 and
            0.082 → 0.069, calibration error 0.010 → 0.006 and 0.011 → 0.005.
    """

    unknown_word_logprob: float = math.log(0.02)
    change_penalty: float = 0.0
    max_insertions: int = 2
    iterations: int = 10
    weights: ScoreWeights = RESTORE_WEIGHTS
    gap_log_odds: float = 8.0
    spelling: SpellingConfig | None = DEFAULT_SPELLING_CONFIG
    confidence_temperature: float = 1.6

    def __post_init__(self) -> None:
        if not self.confidence_temperature > 0:
            raise ConfigurationError(f"confidence_temperature must be positive, not {self.confidence_temperature}")


DEFAULT_RESTORE_CONFIG = RestoreConfig()


class Candidate(NamedTuple):
    """One possible original for a token (a named tuple: immutable, and quicker to make than a
    frozen dataclass, which counts for the dozens made per text)."""

    key: str
    word_id: int
    bias: float  # log-probability added to the language model's score
    shape_id: int = 0


class CandidateIndex:
    """Damaged form → original lexicon words, for one set of lost glyph classes."""

    def __init__(self, model: LanguageModel, lost: frozenset[GlyphClass]) -> None:
        self.lost = lost
        #: Damaged form → the lexicon words that print as it (shared: read only).
        self.by_damaged_form = lexicon_glyphs(model).damaged_forms(lost)
        self.lost_letters = frozenset(letter for glyph_class in lost for letter in glyph_class.letters)
        self.loses_alef = bool(self.lost_letters & ALEFS)
        # Yeh and alef maksura lost in the same form make في and فى one damaged form.
        self.merges_final_yeh = any(
            GlyphClass(ALEF_MAKSURA, glyph_class.form) in lost for glyph_class in lost if glyph_class.letters == YEH
        )
        #: The writer's habits that decide between spellings this loss makes one damaged form.
        self.habits = frozenset(
            habit for habit, asked in ((HAMZA, self.loses_alef), (DOTLESS_YEH, self.merges_final_yeh)) if asked
        )
        self.insertable = _Insertable(lost)
        #: Candidates already computed, per restoration config (shared by every Restorer).
        self.memo: dict[RestoreConfig, dict[str, tuple[Candidate, ...]]] = {}
        #: The spelling roles of each key's candidates, per restore configuration.
        self.roles_memo: dict[RestoreConfig, dict[str, tuple[SpellingRole, ...]]] = {}

    def is_intact(self, key: str) -> bool:
        """True when ``key`` holds none of the lost glyphs (so it may be its own original)."""
        if not self.lost_letters.intersection(key):
            return True
        return drop_glyphs(key, self.lost) == key

    def shows_final_yeh(self, key: str) -> bool:
        """True when ``key`` ends in yeh or alef maksura drawn with a glyph that survives."""
        last = key[-1:]
        if last not in _FINAL_YEHS:
            return False
        joined = len(key) > 1 and joining_type(key[-2]) in JOINS_TO_NEXT
        return GlyphClass(last, form_between(last, joined, False)) not in self.lost

    def are_intact(self, keys: list[str]) -> list[bool]:
        """:meth:`is_intact` of several keys, with one damage pass over those that need one."""
        letters = self.lost_letters
        doubtful = [key for key in keys if letters.intersection(key)]
        if not doubtful:
            return [True] * len(keys)
        # Damage is decided within each line, so each key is damaged as it is alone.
        damaged = dict(zip(doubtful, drop_glyphs("\n".join(doubtful), self.lost).split("\n"), strict=True))
        return [damaged.get(key, key) == key for key in keys]


# Detection can name many subsets of a profile's classes (21 in 300 articles that lost the
# lam-alef ligatures); each index is a few megabytes, and rebuilding one also loses its memo.
@lru_cache(maxsize=32)
def candidate_index(model: LanguageModel, lost: frozenset[GlyphClass]) -> CandidateIndex:
    """Build (or reuse) the candidate index of ``model`` for one set of lost classes."""
    return CandidateIndex(model, lost)


@dataclass(frozen=True, slots=True)
class Decoding:
    """The decoder's output for one stream: the chosen candidate of every ambiguous token."""

    stream: TokenStream
    token_numbers: tuple[int, ...]  # which tokens were ambiguous
    options: tuple[tuple[Candidate, ...], ...]
    chosen: tuple[int, ...]  # index into options[k]
    posterior: tuple[float, ...]  # probability of the chosen candidate
    chosen_ids: npt.NDArray[np.int64]  # the padded stream with choices filled in
    chosen_shapes: npt.NDArray[np.int64]  # ... and their shapes (an invented word has its own)


@dataclass(frozen=True, slots=True)
class _Spelling:
    """The writer's spelling habits, applied to one text's flat candidate scores."""

    variant_rows: npt.NDArray[np.int64]  # candidates that are variant spellings
    standard_ids: npt.NDArray[np.int64]  # ... the word ids of their standard spellings
    standard_shapes: npt.NDArray[np.int64]
    log_share: npt.NDArray[np.float64]  # per variant row: log P(writer uses that variant)
    standard_rows: npt.NDArray[np.int64]  # candidates that are standard spellings
    log_keep: npt.NDArray[np.float64]  # per standard row: log P(writer keeps the standard)
    standard_unigrams: npt.NDArray[np.float64]  # standards' scores before any window is scored

    def score(self, raw: npt.NDArray[np.float64], standards: npt.NDArray[np.float64] | None) -> npt.NDArray[np.float64]:
        """Scores that know the habit: a variant is the standard word spelt the writer's way, a
        standard spelling is the word spelt the standard way."""
        standard = self.standard_unigrams if standards is None else standards
        score = raw.copy()
        score[self.variant_rows] = standard + self.log_share
        score[self.standard_rows] += self.log_keep
        return score


class Restorer:
    """Chooses the original of every token of a text under one set of lost glyph classes."""

    def __init__(
        self, model: LanguageModel, lost: Iterable[GlyphClass], config: RestoreConfig = DEFAULT_RESTORE_CONFIG
    ) -> None:
        self.model = model
        self.config = config
        self.index = candidate_index(model, frozenset(lost))
        self._candidates = self.index.memo.setdefault(config, {})
        self._unknown_base = config.unknown_word_logprob - float(model.unigram_logprob[UNKNOWN_ID])
        self._roles = self.index.roles_memo.setdefault(config, {})

    # -- candidates --------------------------------------------------------

    def candidates(self, key: str) -> tuple[Candidate, ...]:
        """All possible originals of a token key; the token itself comes first when it is one."""
        cached = self._candidates.get(key)
        if cached is None:
            cached = self._compute_candidates([key])[0]
            self._candidates[key] = cached
        return cached

    def prepare_candidates(self, keys: Iterable[str]) -> None:
        """Compute the candidates of all the ``keys`` not seen yet, together: a text's new
        tokens cost a few vectorised passes instead of a few per token."""
        new = [key for key in dict.fromkeys(keys) if key not in self._candidates]
        if new:
            self._candidates.update(zip(new, self._compute_candidates(new), strict=True))

    def unknown_bias(self, key: str) -> float:
        """What to add to the model's ``<unk>`` score to score this particular unknown word."""
        return self._unknown_base + self.model.unknown_word_logprob(key)

    def _compute_candidates(self, keys: list[str]) -> list[tuple[Candidate, ...]]:
        model, index = self.model, self.index
        intact = index.are_intact(keys)
        # Tokens the lexicon lacks, without a lexicon word that damages to them, may be lexicon
        # misses that lost letters (their invented originals).
        unknown = [
            key
            for key, whole in zip(keys, intact, strict=True)
            if key not in model.index and (whole or key in index.by_damaged_form)
        ]
        # (An unknown key that shows a lost glyph is there only for its lexicon originals.)
        bare = [key for key in unknown if key not in index.by_damaged_form] if self.config.max_insertions else []
        invented = self._insertions(bare)
        # Every unknown and invented word is scored in one pass (the character model's is vectorised).
        scored = unknown + [word for key in bare for word in invented[key]]
        logprob = dict(zip(scored, model.unknown_word_logprobs(scored), strict=True))
        by_damaged_form = index.by_damaged_form
        shapes = self._shape_ids(
            keys + [original for key in keys for original in by_damaged_form.get(key, ())] + scored
        )
        return [
            self._candidates_of(key, whole, logprob, invented.get(key, []), shapes)
            for key, whole in zip(keys, intact, strict=True)
        ]

    def _shape_ids(self, words: list[str]) -> dict[str, int]:
        """``model.shape_id`` of several words, the lexicon's words' in one array gather."""
        model = self.model
        word_index = model.index
        known = [word for word in dict.fromkeys(words) if word in word_index]
        ids = np.array([word_index[word] for word in known], dtype=np.int64)
        shapes = dict(zip(known, model.shape_of_word[ids].tolist(), strict=True))
        for word in words:
            if word not in shapes:
                shapes[word] = model.shape_id(word)
        return shapes

    def _candidates_of(
        self, key: str, intact: bool, logprob: dict[str, float], invented: list[str], shapes: dict[str, int]
    ) -> tuple[Candidate, ...]:
        model, index = self.model, self.index
        identity_id = model.index.get(key)
        originals = index.by_damaged_form.get(key, ())
        if not intact and not originals:
            # The token shows a glyph of a "lost" class, so in this token that glyph was not
            # lost: it is taken as written. (This also makes repair idempotent.) Unless a lexicon
            # word damages to exactly this token: then the glyph may be a neighbour of a lost one,
            # put in the lost form by its loss (the medial yeh of يحيى, final in يحي).
            return (Candidate(key, UNKNOWN_ID if identity_id is None else identity_id, 0.0, shapes[key]),)
        result: list[Candidate] = []
        if identity_id is not None:
            result.append(Candidate(key, identity_id, 0.0, shapes[key]))
        else:
            result.append(Candidate(key, UNKNOWN_ID, self._unknown_base + logprob[key], shapes[key]))
        penalty = -self.config.change_penalty
        word_index = model.index
        result.extend(Candidate(original, word_index[original], penalty, shapes[original]) for original in originals)
        result.extend(
            Candidate(word, UNKNOWN_ID, penalty + (self._unknown_base + logprob[word]), shapes[word])
            for word in invented
        )
        return tuple(result)

    def _insertions(self, keys: list[str]) -> dict[str, list[str]]:
        """Per key: the words outside the lexicon that damage to it (lost letters inserted
        where they fit). All keys are grown together, one vectorised damage pass per round."""
        frontiers = {key: {key} for key in keys}
        found: dict[str, set[str]] = {key: set() for key in keys}
        insertable = self.index.insertable
        # A ligature brings two letters, and may go anywhere a lam and an alef may: a second round
        # of ligatures gave a rare word hundreds of invented originals (lam-alef repair of held-out
        # text ran at 8,000 words/s) and restored nothing more on the development split.
        rounds = self.config.max_insertions if insertable.decided else min(self.config.max_insertions, 1)
        for _ in range(rounds):
            grown = {
                key: sorted({word for previous in frontier for word in insertable.grow(previous)})
                for key, frontier in frontiers.items()
                if frontier
            }
            if not grown:
                break
            # Damage is decided within each line, so one pass over every grown word of every key
            # gives each word the form it has alone.
            damaged = iter(
                drop_glyphs("\n".join(word for words in grown.values() for word in words), self.index.lost).split("\n")
            )
            for key, words in grown.items():
                frontier = {word for word in words if next(damaged) == key}
                found[key] |= frontier
                frontiers[key] = frontier
        return {key: sorted(words) for key, words in found.items()}

    # -- decoding ----------------------------------------------------------

    def decode(self, text: str) -> Decoding:
        """Choose the original of every token of ``text`` that has a choice to make."""
        stream = token_stream(text, self.model)
        self.prepare_candidates(stream.word_keys)
        numbers: list[int] = []
        options: list[tuple[Candidate, ...]] = []
        memo = self._candidates  # every word's candidates are there now: read them directly
        tokens = stream.tokens
        for number, key in zip(stream.word_numbers, stream.word_keys, strict=True):
            candidates = memo[key]
            if len(candidates) > 1 or (candidates and candidates[0].key != key):
                token = tokens[number]
                if token.end - token.start != len(key) and has_tanween(surface := text[token.start : token.end]):
                    candidates = tuple(
                        candidate._replace(bias=candidate.bias + EXCLUDED_LOGPROB)
                        if excluded_by_tanween(surface, key, candidate.key, self.model.count)
                        else candidate
                        for candidate in candidates
                    )
                numbers.append(number)
                options.append(candidates)
        return choose_in_context(
            self.model,
            stream,
            numbers,
            options,
            self.config.iterations,
            self.config.weights,
            lambda starts: self._spelling(stream, numbers, starts),
            self.config.confidence_temperature,
        )

    def _spelling(self, stream: TokenStream, numbers: list[int], starts: npt.NDArray[np.int64]) -> _Spelling | None:
        """The writer's spelling habits applied to this text's candidates (see
        :mod:`rasid.repair.spelling`), or None when no candidate has a spelling role.

        Only a loss that takes away what tells two spellings of a word apart (the lam-alef
        ligatures with their alef; final yeh with final alef maksura) makes them one damaged
        form; otherwise the text shows the writer's spelling and nothing is asked.
        """
        config = self.config.spelling
        habits = self.index.habits
        if config is None or not habits:
            return None
        memo, model = self._roles, self.model
        variant_rows: list[int] = []
        variant_habits: list[int] = []
        standard_words: list[str] = []
        standard_rows: list[int] = []
        standard_habits: list[int] = []
        for number, start in zip(numbers, starts.tolist(), strict=True):
            key = stream.tokens[number].key
            roles = memo.get(key)
            if roles is None:
                roles = memo[key] = spelling_roles([c.key for c in self._candidates[key]], model, config, habits)
            for role in roles:
                if role.standard is None:
                    standard_rows.append(start + role.index)
                    standard_habits.append(role.habit)
                else:
                    variant_rows.append(start + role.index)
                    variant_habits.append(role.habit)
                    standard_words.append(role.standard)
        if not variant_rows and not standard_rows:
            return None
        # Only tokens with nothing to restore show the writer's own spelling: اوروبي may be
        # الأوروبي with its لأ lost, not أوروبي spelt bare. Tokens that show a lost glyph are
        # left out too, so that repairing a repaired text reads the same habit (idempotence).
        ambiguous = set(numbers)
        settled = [
            key for number, key in zip(stream.word_numbers, stream.word_keys, strict=True) if number not in ambiguous
        ]
        if HAMZA not in habits:
            # Only a final yeh or alef maksura says anything about the dotless habit.
            settled = [key for key in settled if key[-1] in _FINAL_YEHS]
        shown = [key for key, intact in zip(settled, self.index.are_intact(settled), strict=True) if intact]
        found: dict[int, SpellingHabit] = {}
        if HAMZA in habits:
            found[HAMZA] = spelling_habit(shown, model, config)
        if DOTLESS_YEH in habits:
            # A final yeh drawn alone (الذى) shows the habit. So does one ending a word the
            # lexicon lacks whose every candidate is another such word (القيادى): its ending is
            # as the writer wrote it. A token that may be a lexicon word is left out: البرى may
            # be الكبرى with its kaf lost, which says nothing about the habit.
            candidates_of = self._candidates
            unknown = [
                key
                for number, key in zip(stream.word_numbers, stream.word_keys, strict=True)
                if number in ambiguous
                and self.index.shows_final_yeh(key)
                and all(candidate.word_id == UNKNOWN_ID for candidate in candidates_of[key])
            ]
            found[DOTLESS_YEH] = dotless_habit(shown + unknown, model, config)
        share = {habit: found[habit].log_share for habit in habits}
        keep = {habit: found[habit].log_keep for habit in habits}
        standard_ids = np.array([model.word_id(word) for word in standard_words], dtype=np.int64)
        return _Spelling(
            np.array(variant_rows, dtype=np.int64),
            standard_ids,
            model.shape_of_word[standard_ids].astype(np.int64),
            np.array([share[habit] for habit in variant_habits], dtype=np.float64),
            np.array(standard_rows, dtype=np.int64),
            np.array([keep[habit] for habit in standard_habits], dtype=np.float64),
            model.unigram_logprob[standard_ids].astype(np.float64),
        )

    def score_texts(self, texts: Sequence[str]) -> list[float]:
        """Score of each text under its best restoration (texts decoded together): its
        log-probability under the trigram model, plus the context model's weighed score of
        each word in its place when restoration uses the context model."""
        decoding = self.decode("\n".join(texts))
        ids = decoding.chosen_ids
        logprobs = self.model.trigram_logprobs(ids[:-2], ids[1:-1], ids[2:])
        bias_at = np.zeros(ids.size, dtype=np.float64)
        for number, option, chosen in zip(decoding.token_numbers, decoding.options, decoding.chosen, strict=True):
            bias_at[decoding.stream.positions[number]] = option[chosen].bias
        per_position = np.concatenate(([0.0, 0.0], logprobs)) + bias_at
        if _uses_context(self.model, self.config.weights):
            # And how well each chosen word fits the words on either side (three, as shipped), by
            # the context model, weighed as restoration weighs it: the trigram model alone sees two words
            # back, and an order whose runs meet in a plausible trigram but an implausible
            # sentence (a verb where a noun must follow) scored too well.
            shapes, positions = decoding.chosen_shapes, decoding.stream.positions
            per_position[positions] += _context_scores(
                self.model, self.config.weights, ids, shapes, positions, ids[positions], shapes[positions]
            )
        # Texts are separated by sentence breaks: split the stream at the tokens' text offsets.
        boundaries = np.cumsum([len(text) + 1 for text in texts])
        starts = np.array([token.start for token in decoding.stream.tokens], dtype=np.int64)
        owner = np.searchsorted(boundaries, starts, side="right")
        totals = np.zeros(len(texts), dtype=np.float64)
        np.add.at(totals, owner, per_position[decoding.stream.positions])
        return totals.tolist()

    def vanished_words(self, text: str, decoding: Decoding) -> list[Edit]:
        """Put back words that vanished entirely (``لا`` when the lam-alef glyph is lost).

        Such a word leaves nothing but the spaces around it, so only a run of two or more
        spaces between two tokens is a candidate place. The model compares the text with
        and without each vanished word there, given the neighbours in ``decoding``.
        """
        if "  " not in text:
            return []  # no run of spaces, no gap (edits asks twice per text)
        words = [w for w in self.index.by_damaged_form.get("", ()) if self.model.count(w) >= MIN_VANISHED_COUNT]
        if not words:
            return []
        stream = decoding.stream
        gaps = [
            (number, match)
            for number in range(len(stream.tokens) - 1)
            if (match := _DOUBLE_SPACE.fullmatch(text, stream.tokens[number].end, stream.tokens[number + 1].start))
        ]
        if not gaps:
            return []
        model, ids = self.model, decoding.chosen_ids
        word_ids = np.array([model.word_id(word) for word in words], dtype=np.int64)
        left = np.array([int(stream.positions[number]) for number, _ in gaps], dtype=np.int64)
        # Each gap: one row without a word, then one row per vanished word.
        rows = len(words) + 1
        left_ids = np.repeat(ids[left], rows)
        before_left = np.repeat(ids[left - 1], rows)
        right_ids = np.repeat(ids[left + 1], rows)
        after_right = np.repeat(ids[left + 2], rows)
        inserted = np.tile(np.concatenate(([-1], word_ids)), len(gaps))
        has_word = inserted >= 0
        word = np.where(has_word, inserted, 0)
        with_word = (
            model.trigram_logprobs(before_left, left_ids, word)
            + model.trigram_logprobs(left_ids, word, right_ids)
            + model.trigram_logprobs(word, right_ids, after_right)
        )
        without = model.trigram_logprobs(before_left, left_ids, right_ids) + model.trigram_logprobs(
            left_ids, right_ids, after_right
        )
        scores = np.where(has_word, with_word - self.config.change_penalty + self.config.gap_log_odds, without).reshape(
            len(gaps), rows
        )
        best = scores.argmax(axis=1)
        posterior = np.exp(scores - scores.max(axis=1, keepdims=True))
        posterior /= posterior.sum(axis=1, keepdims=True)
        edits: list[Edit] = []
        for (_, match), choice, confidence in zip(
            gaps, best.tolist(), posterior[np.arange(len(gaps)), best], strict=True
        ):
            if choice == 0:
                continue
            edits.append(
                Edit(
                    match.start(),
                    match.end(),
                    match.group(),
                    f" {words[choice - 1]} ",
                    REASON,
                    round(float(confidence), 4),
                )
            )
        return edits

    def edits(self, text: str) -> list[Edit]:
        """The restoration edits for ``text``: one per vanished word put back, and one per word
        whose original differs from it.

        Vanished words go back first, judged with their neighbours as written, and the words
        are then chosen with them in place: chosen the other way round, لابد wins for the بد
        after a gap (كان لابد من) and leaves no room for the لا that vanished there. A gap left
        empty is judged once more with the chosen words around it, so that repairing the
        repaired text asks the same question (idempotence).
        """
        stream = token_stream(text, self.model)
        put_back = self.vanished_words(text, Decoding(stream, (), (), (), (), stream.ids, stream.shape_ids))
        filled = apply_edits(text, put_back) if put_back else text
        # How much longer ``filled`` is after each put-back word, and where in it that word ends.
        growth = list(itertools.accumulate(len(edit.after) - len(edit.before) for edit in put_back))
        ends_at = [edit.end + grown for edit, grown in zip(put_back, growth, strict=True)]

        def in_text(start: int, end: int) -> tuple[int, int]:
            """A span of ``filled`` outside the put-back words, in ``text``'s offsets."""
            passed = bisect.bisect_right(ends_at, start)
            shift = growth[passed - 1] if passed else 0
            return start - shift, end - shift

        decoding = self.decode(filled)
        result: list[Edit] = list(put_back)
        for edit in self.vanished_words(filled, decoding):
            start, end = in_text(edit.start, edit.end)
            result.append(replace(edit, start=start, end=end))
        for number, option, chosen, confidence in zip(
            decoding.token_numbers, decoding.options, decoding.chosen, decoding.posterior, strict=True
        ):
            token = decoding.stream.tokens[number]
            original = option[chosen].key
            if original == token.key:
                continue
            start, end = in_text(token.start, token.end)
            surface = text[start:end]
            forms = self.model.diacritised(original) if not HARAKAT.isdisjoint(surface) else ()
            restored = transfer_letters(surface, original, self.index.lost, forms)
            result.append(Edit(start, end, surface, restored, REASON, round(confidence, 4)))
        return sorted(result, key=lambda edit: edit.start)


def choose_in_context(
    model: LanguageModel,
    stream: TokenStream,
    numbers: Sequence[int],
    options: Sequence[tuple[Candidate, ...]],
    iterations: int,
    weights: ScoreWeights = TRIGRAM_WEIGHTS,
    spelling_for: Callable[[npt.NDArray[np.int64]], _Spelling | None] | None = None,
    temperature: float = 1.0,
) -> Decoding:
    """Choose one candidate per token (``options[k]`` for token ``numbers[k]`` of ``stream``) by
    the language models over its window, weighed by ``weights``: iterated conditional modes,
    every token re-chosen given its neighbours' current choices, all at once (vectorised).

    ``spelling_for`` gets each option's first row in the flat candidate arrays and may return
    the writer's spelling habit to apply (see :class:`_Spelling`). Each choice's posterior is
    taken with the scores divided by ``temperature`` (see :class:`RestoreConfig`).
    """
    chosen_ids, chosen_shapes = stream.ids.copy(), stream.shape_ids.copy()
    if not numbers:
        return Decoding(stream, (), (), (), (), chosen_ids, chosen_shapes)
    sizes = np.array([len(option) for option in options], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    segment = np.repeat(np.arange(len(options)), sizes)
    flat = [c for option in options for c in option]
    ids = np.array([c.word_id for c in flat], dtype=np.int64)
    shapes = np.array([c.shape_id for c in flat], dtype=np.int64)
    bias = weights.bias * np.array([c.bias for c in flat], dtype=np.float64)
    ambiguous_positions = stream.positions[np.array(numbers, dtype=np.int64)]
    positions = np.repeat(ambiguous_positions, sizes)
    raw = model.unigram_logprob[ids].astype(np.float64) + bias
    spelling = None if spelling_for is None else spelling_for(starts)
    none = np.zeros(0, dtype=np.int64)
    variants = none if spelling is None else spelling.variant_rows
    standard_ids = none if spelling is None else spelling.standard_ids
    standard_shapes = none if spelling is None else spelling.standard_shapes

    def spelt(raw: npt.NDArray[np.float64], standards: npt.NDArray[np.float64] | None) -> npt.NDArray[np.float64]:
        """The scores with the writer's spelling habits applied (``standards``: the variants'
        standard spellings scored in their windows; None before any window is scored)."""
        return raw if spelling is None else spelling.score(raw, standards)

    score = spelt(raw, None)

    count = len(options)
    current = _segment_argmax(score, segment, count)
    rows = np.arange(ids.size)  # candidates whose window must be (re)scored
    reach = _reach(model, weights)
    neighbours = [offset for offset in range(-reach, reach + 1) if offset]
    # Tokens the trigram models already decide by a wide margin are not scored by the context
    # model (found in the first round, then kept, so that every round weighs a token alike).
    contextual = _uses_context(model, weights)
    hard: npt.NDArray[np.bool_] | None = None
    for _ in range(iterations):
        chosen_ids[ambiguous_positions] = ids[current]
        chosen_shapes[ambiguous_positions] = shapes[current]
        window = (chosen_ids, chosen_shapes)
        # The variants' standard spellings are scored in the same windows, in the same calls.
        both = _trigram_scores(
            model,
            weights,
            *window,
            np.concatenate((positions[rows], positions[variants])),
            np.concatenate((ids[rows], standard_ids)),
            np.concatenate((shapes[rows], standard_shapes)),
        )
        raw[rows] = both[: rows.size] + bias[rows]
        standards = both[rows.size :]
        if contextual:
            if hard is None:
                hard = _hard_tokens(spelt(raw, standards), segment, starts, weights.context_margin)[segment]
            picked, hard_variants = rows[hard[rows]], np.flatnonzero(hard[variants])
            extra = _context_scores(
                model,
                weights,
                *window,
                np.concatenate((positions[picked], positions[variants[hard_variants]])),
                np.concatenate((ids[picked], standard_ids[hard_variants])),
                np.concatenate((shapes[picked], standard_shapes[hard_variants])),
            )
            raw[picked] += extra[: picked.size]
            standards[hard_variants] += extra[picked.size :]
        score = spelt(raw, standards)
        best = _segment_argmax(score, segment, count)
        wanting = np.flatnonzero(best != current)
        if wanting.size == 0:
            break
        # Of tokens that want to change and see each other (in a trigram, two or fewer apart;
        # in the context model's window, three), only the one that gains most changes: each
        # change then raises the text's score by its own gain, so the choices settle instead of
        # two neighbours flipping each other back and forth, and the result is a choice no
        # single change improves (which repair's idempotence needs). Arrays are padded by
        # ``reach`` on both sides so that neighbours past either end are never indexed.
        where = ambiguous_positions[wanting] + reach
        rank = np.full(chosen_ids.size + 2 * reach, -np.inf)
        rank[where] = score[best[wanting]] - score[current[wanting]] - where * 1e-9
        moves = np.ones(wanting.size, dtype=bool)
        for offset in neighbours:
            moves &= rank[where] > rank[where + offset]
        moved = wanting[moves]
        current[moved] = best[moved]
        # A window's score only moves if a neighbour's choice moved.
        near = np.zeros(chosen_ids.size + 2 * reach, dtype=bool)
        for offset in neighbours:
            near[ambiguous_positions[moved] + reach + offset] = True
        rows = np.flatnonzero(near[positions + reach])
    best = current
    chosen_ids[ambiguous_positions] = ids[best]
    chosen_shapes[ambiguous_positions] = shapes[best]
    top = np.maximum.reduceat(score, starts)
    odds = np.exp((score - top[segment]) / temperature)
    posterior = odds / np.add.reduceat(odds, starts)[segment]
    return Decoding(
        stream,
        tuple(numbers),
        tuple(options),
        tuple((best - starts).tolist()),
        tuple(posterior[best].tolist()),
        chosen_ids,
        chosen_shapes,
    )


def _uses_context(model: LanguageModel, weights: ScoreWeights) -> bool:
    """True when the context model is there and weighed."""
    return model.context is not None and bool(weights.context or weights.context_unknown)


def _reach(model: LanguageModel, weights: ScoreWeights) -> int:
    """How far apart two tokens still see each other: two in a trigram, further in the context
    model's window when it is weighed."""
    context = model.context
    if context is not None and _uses_context(model, weights):
        return max(2, context.window)
    return 2


def _hard_tokens(
    score: npt.NDArray[np.float64], segment: npt.NDArray[np.int64], starts: npt.NDArray[np.int64], margin: float
) -> npt.NDArray[np.bool_]:
    """Per token: True when its best two candidates are less than ``margin`` apart."""
    top = np.maximum.reduceat(score, starts)
    is_top = score == top[segment]
    # The runner-up: the best of the rest, or the top again when two candidates tie for it.
    ties = np.add.reduceat(is_top.astype(np.int64), starts) > 1
    runner_up = np.maximum.reduceat(np.where(is_top, -np.inf, score), starts)
    gap = np.where(ties, 0.0, top - runner_up)
    return gap < margin


def _trigram_scores(
    model: LanguageModel,
    weights: ScoreWeights,
    chosen_ids: npt.NDArray[np.int64],
    chosen_shapes: npt.NDArray[np.int64],
    positions: npt.NDArray[np.int64],
    ids: npt.NDArray[np.int64],
    shapes: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """Window score of each candidate under the word model, plus the weighted shape model's."""
    scores = model.window_logprobs(chosen_ids, positions, ids)
    if weights.shape:
        scores += weights.shape * model.shapes.window_logprobs(chosen_shapes, positions, shapes)
    return scores


def _context_scores(
    model: LanguageModel,
    weights: ScoreWeights,
    chosen_ids: npt.NDArray[np.int64],
    chosen_shapes: npt.NDArray[np.int64],
    positions: npt.NDArray[np.int64],
    ids: npt.NDArray[np.int64],
    shapes: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """The context model's weighted score of each candidate (each token's candidates together)."""
    context = model.context
    if context is None or positions.size == 0:
        return np.zeros(positions.size, dtype=np.float64)
    mapping = vocabulary_map(context, model)
    known = mapping.words[ids] != CONTEXT_UNKNOWN_ID
    return np.where(known, weights.context, weights.context_unknown) * context_scores(
        context, mapping, chosen_ids, chosen_shapes, positions, ids, shapes
    )


def _segment_argmax(
    score: npt.NDArray[np.float64], segment: npt.NDArray[np.int64], count: int
) -> npt.NDArray[np.int64]:
    """Index of the highest score within each segment (ties: the first)."""
    order = np.lexsort((-score, segment))
    return order[np.searchsorted(segment[order], np.arange(count))]


class _Insertable:
    """Where each lost letter can be inserted into a word so that it takes a lost form.

    A word one letter longer than a token damages to that token only if the extra letter is
    drawn with a lost glyph, so trying every letter at every position (and damaging each try)
    mostly tries letters in forms that survive: yeh inserted at a word's start, kaf at its end.
    The form follows from whether the neighbours join towards the letter, as in
    :mod:`rasid.repair.shaping`; only words that simple reading cannot decide (a transparent
    mark, a lam-alef ligature among the lost) get every position, and the damage pass decides.
    """

    def __init__(self, lost: frozenset[GlyphClass]) -> None:
        self.units = sorted({glyph_class.letters for glyph_class in lost})
        self.decided = not any(glyph_class.is_ligature for glyph_class in lost)
        # (the letter before joins it, the letter after joins it) → lost letters that would
        # be drawn there with a lost glyph.
        self.fitting: dict[tuple[bool, bool], tuple[str, ...]] = {
            (before, after): tuple(
                glyph_class.letters
                for glyph_class in sorted(lost)
                if not glyph_class.is_ligature and glyph_class.form == form_between(glyph_class.letters, before, after)
            )
            for before, after in itertools.product((False, True), repeat=2)
        }

    def grow(self, word: str) -> Iterator[str]:
        """Every word made by inserting one lost letter into ``word`` where it could be lost."""
        types = [joining_type(char) for char in word]
        if not self.decided or "T" in types:
            for position in range(len(word) + 1):
                for unit in self.units:
                    yield word[:position] + unit + word[position:]
            return
        fitting = self.fitting
        for position in range(len(word) + 1):
            before = position > 0 and types[position - 1] in JOINS_TO_NEXT
            after = position < len(word) and types[position] in JOINS_TO_PREVIOUS
            for letter in fitting[before, after]:
                yield word[:position] + letter + word[position:]
