"""Put back the hamza that OCR dropped from alef or misread: أن read as ان, الأمني as الامني, بأن as بآن.

Tesseract's Arabic model often reads أ and إ as a bare ا (on the project's OCR
development pages, 16% of the words spelt with hamza came out without it). A bare
alef in OCR text is then either the writer's own spelling (many writers leave
hamza off) or OCR's loss, and the text says which is likelier: the share of words
that keep their hamza in the OCR output is the writer's rate times OCR's keep rate,
so for a writer who writes hamza most bare alefs are OCR's.

A writer keeps hamza at some rate ``w`` and OCR drops it at some rate ``d``, so a
telling word (:func:`rasid.repair.spelling.spelling_habit`) shows its hamza with
probability ``w * (1 - d)``, and a bare alef was printed with hamza with probability
``w * d / (w * d + 1 - w)``. Neither rate is known: ``w`` has the corpus's writers
as its prior (most keep hamza nearly always), ``d`` ranges over the drop rates seen
on OCR pages, and the text's counts weigh both (:func:`hamza_posterior`). When the
probability is more than half, each such word gets its hamza back; where the
letters allow more than one hamza spelling (ان: أن or إن), the language model
chooses in context, as glyph restoration does. Words whose bare spelling is itself
common in the corpus are never changed (see
:func:`rasid.repair.spelling.standard_spellings`).

Tesseract also reads أ as آ (بآن for بأن; 10 of the 13 آ it read on those pages
were أ). A word with آ is weighed against the same word with أ, which pays the
misread's cost: الأمن wins over الآمن, الآن stays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasid.model import Edit, RuleResult
from rasid.repair.chars import ALEF_WITH_HAMZA_ABOVE as HAMZA_ABOVE
from rasid.repair.chars import ALEF_WITH_MADDA_ABOVE as MADDA
from rasid.repair.edits import within_spans
from rasid.repair.language_model import LanguageModel
from rasid.repair.ocr_words import chosen_edits, replacement_result
from rasid.repair.restore import Candidate, ScoreWeights, choose_in_context
from rasid.repair.spelling import DEFAULT_SPELLING_CONFIG, SpellingConfig, bare, spelling_habit, standard_spellings
from rasid.repair.stream import TokenStream, token_stream

REASON = "restore_ocr_hamza"


#: Writers' rates of keeping hamza on alef, in tenths, with the number of articles of the training
#: corpus's development split (507 articles with at least 10 telling words) at each, plus one:
#: most news writers keep hamza nearly always.
WRITER_RATES: tuple[tuple[float, float], ...] = (
    (0.0, 8), (0.1, 3), (0.2, 5), (0.3, 6), (0.4, 6), (0.5, 11),
    (0.6, 6), (0.7, 10), (0.8, 20), (0.9, 39), (1.0, 404),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class OcrHamzaConfig:
    """Settings of hamza restoration in OCR text.

    Attributes:
        drop_rates: the shares of hamzas on alef that OCR may read as bare alef, equally
            likely a priori (on the OCR development pages built from the training corpus, pages
            lost 0%, 11%, 12% and 32%).
        writer_rates: how often writers keep hamza, as (rate, weight) pairs: the prior of the
            writer's rate, before the text's own words say more.
        madda_misread: share of أ that OCR reads as آ (same pages: 10 of 69; of the آ it
            read, 10 were أ and 3 were آ).
        spelling: how the text's share of kept hamzas is estimated, and which spellings are
            standard.
        iterations: rounds of re-choosing among a word's hamza spellings given its neighbours.
        shape_weight: weight of the shape model's window score next to the word model's.
    """

    drop_rates: tuple[float, ...] = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
    writer_rates: tuple[tuple[float, float], ...] = WRITER_RATES
    madda_misread: float = 0.14
    spelling: SpellingConfig = DEFAULT_SPELLING_CONFIG
    iterations: int = 2
    shape_weight: float = 0.5


DEFAULT_OCR_HAMZA_CONFIG = OcrHamzaConfig()


@lru_cache(maxsize=4)
def hamza_spellings(model: LanguageModel, config: SpellingConfig) -> dict[str, tuple[str, ...]]:
    """Bare form → the lexicon's spellings of it with hamza on alef, for the forms whose
    standard spelling has hamza (built once per model)."""
    standards = standard_spellings(model, config.min_ratio, config.min_count)
    found: dict[str, list[str]] = {}
    for word in model.vocabulary:
        form = bare(word)
        if form != word and form in standards and model.count(word) >= config.min_count:
            found.setdefault(form, []).append(word)
    return {form: tuple(words) for form, words in found.items()}


def hamza_posterior(
    kept: int, left_off: int, writer_rates: Sequence[tuple[float, float]], drop_rates: Sequence[float]
) -> float:
    """Probability that a bare alef in OCR text was printed with hamza, given that ``kept`` of
    the text's telling words show their hamza and ``left_off`` do not.

    The writer keeps hamza at some rate ``w`` (prior ``writer_rates``) and OCR drops it at some
    rate ``d`` (prior: ``drop_rates``, equally likely); a word shows hamza with probability
    ``w * (1 - d)``, and a bare alef was printed with hamza with probability
    ``w * d / (w * d + 1 - w)``. Averaged over ``w`` and ``d`` as the counts weigh them.

    >>> rates = [(0.0, 1.0), (1.0, 1.0)]
    >>> round(hamza_posterior(20, 5, rates, [0.2]), 2), round(hamza_posterior(0, 25, rates, [0.2]), 2)
    (1.0, 0.0)
    """
    terms: list[tuple[float, float]] = []  # (log of prior times likelihood, posterior of hamza)
    for writer, prior in writer_rates:
        for drop in drop_rates:
            shown = writer * (1.0 - drop)
            if prior <= 0 or (kept and shown == 0.0) or (left_off and shown == 1.0):
                continue  # impossible given the counts
            log_likelihood = math.log(prior)
            log_likelihood += kept * math.log(shown) if kept else 0.0
            log_likelihood += left_off * math.log1p(-shown) if left_off else 0.0
            lost = writer * drop
            terms.append((log_likelihood, lost / (lost + 1.0 - writer) if lost else 0.0))
    if not terms:
        return 0.0
    # Relative to the likeliest term: a long text's likelihoods underflow on their own.
    top = max(log_likelihood for log_likelihood, _ in terms)
    weights = [math.exp(log_likelihood - top) for log_likelihood, _ in terms]
    return sum(weight * hamza for weight, (_, hamza) in zip(weights, terms, strict=True)) / sum(weights)


def restore_ocr_hamza(
    text: str,
    model: LanguageModel,
    config: OcrHamzaConfig = DEFAULT_OCR_HAMZA_CONFIG,
    spans: Sequence[tuple[int, int]] | None = None,
) -> RuleResult:
    """Give back their hamza to the bare-alef words of OCR text whose writer writes hamza, and
    read آ as أ where the language model finds the أ word likelier despite the misread's cost;
    with ``spans``, only inside them (the parts of the text that OCR read)."""
    stream = token_stream(text, model)
    habit = spelling_habit(stream.word_keys, model, config.spelling)
    posterior = hamza_posterior(habit.kept, habit.left_off, config.writer_rates, config.drop_rates)
    edits = _bare_alefs(text, stream, model, config, posterior) if posterior > 0.5 else []
    edits.extend(_maddas(text, stream, model, config))
    edits.sort(key=lambda edit: edit.start)
    summary = "{count} hamzas on alef given back where OCR dropped them or read أ as آ"
    return replacement_result(within_spans(edits, spans), REASON, summary)


def _bare_alefs(
    text: str, stream: TokenStream, model: LanguageModel, config: OcrHamzaConfig, posterior: float
) -> list[Edit]:
    """Bare-alef words given their standard hamza spelling (the writer writes hamza)."""
    spellings = hamza_spellings(model, config.spelling)
    numbers: list[int] = []
    options: list[tuple[Candidate, ...]] = []
    for number, key in zip(stream.word_numbers, stream.word_keys, strict=True):
        token = stream.tokens[number]
        # Only a bare word (the keys of ``spellings`` are), and only one written without marks
        # (its letters are then its key).
        words = spellings.get(key)
        if words and text[token.start : token.end] == key:
            numbers.append(number)
            options.append(tuple(Candidate(word, model.word_id(word), 0.0, model.shape_id(word)) for word in words))
    if not numbers:
        return []
    decoding = choose_in_context(
        model, stream, numbers, options, config.iterations, ScoreWeights(shape=config.shape_weight)
    )
    # Every option is a hamza spelling: whichever is chosen replaces the bare token.
    return chosen_edits(text, decoding, REASON, lambda chosen, share: True, scale=posterior)


def _maddas(text: str, stream: TokenStream, model: LanguageModel, config: OcrHamzaConfig) -> list[Edit]:
    """Words with آ that OCR may have misread from أ: the word as read against the word with أ,
    which pays the misread's cost (log ``madda_misread``) and wins only where it is that much
    likelier (بآن → بأن, الآمن → الأمن; الآن stays)."""
    cost = math.log(config.madda_misread)
    index = model.index
    numbers: list[int] = []
    options: list[tuple[Candidate, ...]] = []
    for number, key in zip(stream.word_numbers, stream.word_keys, strict=True):
        token = stream.tokens[number]
        variant = key.replace(MADDA, HAMZA_ABOVE)
        if variant == key or variant not in index or text[token.start : token.end] != key:
            continue
        written = Candidate(key, model.word_id(key), 0.0, model.shape_id(key))
        numbers.append(number)
        options.append((written, Candidate(variant, index[variant], cost, model.shape_id(variant))))
    if not numbers:
        return []
    decoding = choose_in_context(
        model, stream, numbers, options, config.iterations, ScoreWeights(shape=config.shape_weight)
    )
    return chosen_edits(text, decoding, REASON, lambda chosen, share: chosen > 0 and share > 0.5)
