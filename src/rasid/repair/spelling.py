"""Whether the writer puts hamza on alef: الأوروبي or الاوروبي, أن or ان.

Many writers leave hamza off alef (ان، الى، الاول). When a font loses the lam-alef
ligatures, الأول and الاول both damage to اول (the ligature لأ or لا vanishes with its lam),
and the language model, which learnt that الأول is the commoner spelling, answers الأول
even for a writer who never writes hamza. The text itself says which habit its writer
has: the alefs at the start of a word or after a one-letter prefix (ان for أن، واكد for
وأكد) survive the loss, and on the training corpus a writer's rate of leaving hamza off
there predicts the rate after ال well (correlation 0.8 over 544 articles).

So the restorer chooses the word with the language model, and its spelling with the
writer's habit: a bare-alef spelling of a word whose standard spelling has hamza scores
as the standard word times ``share``, the standard spelling as the word times
``1 - share``, where ``share`` is the text's own rate with a prior towards the corpus'.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasid.repair.chars import ALEF, HAMZA_ALEFS
from rasid.repair.language_model import LanguageModel

_BARE = str.maketrans(dict.fromkeys(HAMZA_ALEFS, ALEF))  # أ إ آ → ا
#: Prefixes after which a hamza alef is as telling as at the start of a word. ال is not one:
#: its hamza is what the habit is asked to predict.
_PREFIXES = frozenset({"", "و", "ف", "ب", "ك", "ل", "س", "وب", "ول", "فب", "وس"})


@dataclass(frozen=True, slots=True)
class SpellingConfig:
    """Settings of the writer's-habit estimate.

    Attributes:
        prior_share: share of bare-alef spellings before the text says anything.
        prior_weight: how many of the text's own words the prior is worth.
        min_ratio: a spelling is standard only if it is at least this many times more frequent
            in the corpus than any other spelling of the same letters.
        min_count: words rarer than this in the corpus say nothing about the writer.
    """

    prior_share: float = 0.02
    prior_weight: float = 2.0
    min_ratio: float = 3.0
    min_count: int = 20


DEFAULT_SPELLING_CONFIG = SpellingConfig()


def bare(key: str) -> str:
    """The key with every hamza-bearing alef written as bare alef.

    >>> bare("الأول") == "الاول"
    True
    """
    return key.translate(_BARE)


def _hamzas(key: str) -> int:
    return sum(key.count(alef) for alef in HAMZA_ALEFS)


@lru_cache(maxsize=4)
def standard_spellings(model: LanguageModel, min_ratio: float, min_count: int) -> dict[str, str]:
    """Bare form → its standard spelling, for every lexicon word spelt with hamza on alef whose
    spellings the corpus clearly ranks (built once per model)."""
    ranked: dict[str, tuple[int, int, str]] = {}  # bare form → (best count, runner-up count, best)
    counts = model.unigram_counts.tolist()
    for identifier, word in enumerate(model.vocabulary):
        form = word.translate(_BARE)
        if ALEF not in form:
            continue
        count = counts[identifier]
        first, second, best = ranked.get(form, (0, 0, ""))
        ranked[form] = (count, first, word) if count > first else (first, max(second, count), best)
    return {
        form: best
        for form, (first, second, best) in ranked.items()
        if _hamzas(best) and first >= min_count and first >= min_ratio * second
    }


@dataclass(frozen=True, slots=True)
class SpellingHabit:
    """How often the writer leaves hamza off alef, as log-probabilities."""

    log_share: float  # log P(bare alef where the standard spelling has hamza)
    log_keep: float  # log P(hamza kept)
    kept: int  # words of the text that kept their hamza
    left_off: int  # ... and that left it off

    @property
    def evidence(self) -> int:
        """Words of the text that showed the habit."""
        return self.kept + self.left_off


_KEPT, _LEFT_OFF, _SILENT = 1, -1, 0
_MEMO_LIMIT = 500_000


@lru_cache(maxsize=4)
def _evidence_memo(model: LanguageModel, config: SpellingConfig) -> dict[str, int]:
    """Per word key, what it says about the habit (filled as texts come; bounded)."""
    return {}


def _evidence(key: str, standards: dict[str, str]) -> int:
    """What one word says: hamza kept (إنه counts, though أنه is the commoner word), left off
    (انه), or nothing."""
    standard = standards.get(key.translate(_BARE))
    if standard is None:
        return _SILENT
    first = next(index for index, char in enumerate(standard) if char in HAMZA_ALEFS)
    if standard[:first] not in _PREFIXES:
        return _SILENT
    written, expected = _hamzas(key), _hamzas(standard)
    if written == expected:
        return _KEPT
    return _LEFT_OFF if written < expected else _SILENT


def spelling_habit(
    keys: Iterable[str], model: LanguageModel, config: SpellingConfig = DEFAULT_SPELLING_CONFIG
) -> SpellingHabit:
    """Estimate the writer's habit from the word keys of a text: the words whose standard
    spelling has hamza on an alef at their start or after a one-letter prefix."""
    standards = standard_spellings(model, config.min_ratio, config.min_count)
    memo = _evidence_memo(model, config)
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    bare_count = kept = 0
    # Each distinct word once (a text repeats most of its words).
    for key, times in Counter(keys).items():
        said = memo.get(key)
        if said is None:
            said = memo[key] = _evidence(key, standards)
        if said == _KEPT:
            kept += times
        elif said == _LEFT_OFF:
            bare_count += times
    share = (bare_count + config.prior_weight * config.prior_share) / (bare_count + kept + config.prior_weight)
    return SpellingHabit(math.log(share), math.log1p(-share), kept, bare_count)


@dataclass(frozen=True, slots=True)
class SpellingRole:
    """What one candidate is, spelling-wise: the bare-alef spelling of a standard word, or a
    standard word spelt with hamza."""

    index: int  # the candidate's index among the token's candidates
    standard: str | None  # for a bare-alef spelling: the standard one; for a standard word: None


def spelling_roles(
    keys: Sequence[str], model: LanguageModel, config: SpellingConfig = DEFAULT_SPELLING_CONFIG
) -> tuple[SpellingRole, ...]:
    """The spelling roles of one token's candidates (candidates with neither role are left out)."""
    standards = standard_spellings(model, config.min_ratio, config.min_count)
    roles = []
    for index, key in enumerate(keys):
        standard = standards.get(key.translate(_BARE))
        if standard is None:
            continue
        if standard == key:
            roles.append(SpellingRole(index, None))
        elif _hamzas(key) < _hamzas(standard):
            roles.append(SpellingRole(index, standard))
    return tuple(roles)
