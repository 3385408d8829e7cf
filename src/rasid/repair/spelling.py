"""The writer's spelling habits that a glyph loss hides: hamza on alef, and dotless final yeh.

**Hamza.** Whether the writer puts hamza on alef: الأوروبي or الاوروبي, أن or ان.

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

**Final yeh.** Some writers end words with a dotless yeh (فى، التى، الحالى for في، التي،
الحالي). When a font loses both final yeh and final alef maksura, في and فى both damage to
ف, and the model answers في even for a writer who writes فى throughout. Again the text
says which habit its writer has: a final yeh after a letter that does not join (الذى،
العسكرى، نادى) is drawn isolated and survives, so the restorer reads the writer's share of
dotless yeh there and chooses the spelling with it, as for hamza. Only that direction is
modelled: its variants (فى، التى) are no other words, while the reverse, a dotted yeh for
alef maksura, would make علي (the name Ali) a misspelling of على.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasid.repair.chars import ALEF, ALEF_MAKSURA, HAMZA_ALEFS, YEH
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
        dotless_prior_share: share of dotless final yeh (فى for في) before the text says
            anything (0.46% of such words in the training corpus).
    """

    prior_share: float = 0.02
    prior_weight: float = 2.0
    min_ratio: float = 3.0
    min_count: int = 20
    dotless_prior_share: float = 0.005


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
    nothing = (0, 0, "")
    for word, count in zip(model.vocabulary, model.unigram_counts.tolist(), strict=True):
        form = word.translate(_BARE)
        if ALEF not in form:
            continue
        first, second, best = ranked.get(form, nothing)
        ranked[form] = (count, first, word) if count > first else (first, max(second, count), best)
    # The best spelling has hamza exactly when it differs from its bare form.
    return {
        form: best
        for form, (first, second, best) in ranked.items()
        if first >= min_count and first >= min_ratio * second and best != form
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
    return _habit(kept, bare_count, config.prior_share, config.prior_weight)


def _habit(kept: int, left_off: int, prior_share: float, prior_weight: float) -> SpellingHabit:
    """The writer's share of the variant spelling: the text's own rate, with a prior worth
    ``prior_weight`` words."""
    share = (left_off + prior_weight * prior_share) / (left_off + kept + prior_weight)
    return SpellingHabit(math.log(share), math.log1p(-share), kept, left_off)


def dotted(key: str) -> str:
    """The key with a final alef maksura written as yeh.

    >>> dotted("\N{ARABIC LETTER FEH}\N{ARABIC LETTER ALEF MAKSURA}") == "\N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH}"
    True
    """
    return key[:-1] + YEH if key.endswith(ALEF_MAKSURA) else key


@lru_cache(maxsize=4)
def dotted_standards(model: LanguageModel, min_ratio: float, min_count: int) -> frozenset[str]:
    """The lexicon words ending in yeh whose dotless spelling (فى for في) the corpus clearly
    ranks below them (built once per model)."""
    counts = model.unigram_counts.tolist()
    index = model.index
    standards = set()
    for word, identifier in index.items():
        if not word.endswith(YEH) or len(word) < 2:
            continue
        count = counts[identifier]
        dotless = index.get(word[:-1] + ALEF_MAKSURA)
        if count >= min_count and count >= min_ratio * (counts[dotless] if dotless is not None else 0):
            standards.add(word)
    return frozenset(standards)


def dotless_habit(
    keys: Iterable[str], model: LanguageModel, config: SpellingConfig = DEFAULT_SPELLING_CONFIG
) -> SpellingHabit:
    """Estimate how often the writer ends a word with dotless yeh where the standard spelling has
    yeh (الذى for الذي), from the word keys of a text whose final yeh and alef maksura show."""
    standards = dotted_standards(model, config.min_ratio, config.min_count)
    kept = left_off = 0
    for key, times in Counter(keys).items():
        if key.endswith(YEH):
            kept += times if key in standards else 0
        elif key.endswith(ALEF_MAKSURA) and dotted(key) in standards:
            left_off += times
    return _habit(kept, left_off, config.dotless_prior_share, config.prior_weight)


#: The habits a candidate's spelling can depend on.
HAMZA, DOTLESS_YEH = 0, 1


@dataclass(frozen=True, slots=True)
class SpellingRole:
    """What one candidate is, spelling-wise: the variant spelling of a standard word (bare
    alef, dotless yeh), or a standard word whose variant the writer may use instead."""

    index: int  # the candidate's index among the token's candidates
    standard: str | None  # for a variant spelling: the standard one; for a standard word: None
    habit: int = HAMZA  # which habit decides between them (HAMZA or DOTLESS_YEH)


def spelling_roles(
    keys: Sequence[str],
    model: LanguageModel,
    config: SpellingConfig = DEFAULT_SPELLING_CONFIG,
    habits: frozenset[int] = frozenset({HAMZA}),
) -> tuple[SpellingRole, ...]:
    """The spelling roles of one token's candidates under the given habits (candidates with no
    role are left out; a candidate takes the role of the first habit that gives it one)."""
    hamza_standards = standard_spellings(model, config.min_ratio, config.min_count) if HAMZA in habits else {}
    yeh_standards = (
        dotted_standards(model, config.min_ratio, config.min_count) if DOTLESS_YEH in habits else frozenset()
    )
    roles = []
    # A word's dotted yeh is a choice only where its dotless spelling is a candidate too.
    dotless = {key for key in keys if key.endswith(ALEF_MAKSURA)} if yeh_standards else set()
    for index, key in enumerate(keys):
        standard = hamza_standards.get(key.translate(_BARE)) if hamza_standards else None
        if standard == key:
            roles.append(SpellingRole(index, None))
            continue
        if standard is not None and _hamzas(key) < _hamzas(standard):
            roles.append(SpellingRole(index, standard))
            continue
        if key in yeh_standards and key[:-1] + ALEF_MAKSURA in dotless:
            roles.append(SpellingRole(index, None, DOTLESS_YEH))
        elif key.endswith(ALEF_MAKSURA) and (yeh_standard := dotted(key)) in yeh_standards:
            roles.append(SpellingRole(index, yeh_standard, DOTLESS_YEH))
    return tuple(roles)
