"""Put back the hamza that OCR dropped from alef or misread: أن read as ان, الأمني as الامني, بأن as بآن.

Tesseract's Arabic model often reads أ and إ as a bare ا (on the project's OCR
development pages, 16% of the words spelt with hamza came out without it). A bare
alef in OCR text is then either the writer's own spelling (many writers leave
hamza off) or OCR's loss, and the text says which is likelier: the share of words
that keep their hamza in the OCR output is the writer's rate times OCR's keep rate,
so for a writer who writes hamza most bare alefs are OCR's.

With ``drop`` the share of hamzas OCR loses and ``kept`` the text's observed share
(:func:`rasid.repair.spelling.spelling_habit`), the writer's own rate is
``writer = kept / (1 - drop)``, and a bare spelling of a word whose standard
spelling has hamza was written with hamza with probability
``writer * drop / (writer * drop + 1 - writer)``. When that is more than half,
each such word gets its hamza back; where the letters allow more than one hamza
spelling (ان: أن or إن), the language model chooses in context, as glyph
restoration does. Words whose bare spelling is itself common in the corpus are
never changed (see :func:`rasid.repair.spelling.standard_spellings`).

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
from rasid.repair.chars import HAMZA_ALEFS
from rasid.repair.edits import within_spans
from rasid.repair.language_model import LanguageModel
from rasid.repair.ocr_words import chosen_edits, replacement_result
from rasid.repair.restore import Candidate, choose_in_context
from rasid.repair.spelling import DEFAULT_SPELLING_CONFIG, SpellingConfig, bare, spelling_habit, standard_spellings
from rasid.repair.stream import TokenStream, token_stream

REASON = "restore_ocr_hamza"


@dataclass(frozen=True, slots=True)
class OcrHamzaConfig:
    """Settings of hamza restoration in OCR text.

    Attributes:
        drop: share of hamzas on alef that OCR reads as bare alef (measured on the OCR
            development pages built from the training corpus: 20 of 125).
        madda_misread: share of أ that OCR reads as آ (same pages: 10 of 69; of the آ it
            read, 10 were أ and 3 were آ).
        spelling: how the text's share of kept hamzas is estimated, and which spellings are
            standard.
        iterations: rounds of re-choosing among a word's hamza spellings given its neighbours.
        shape_weight: weight of the shape model's window score next to the word model's.
    """

    drop: float = 0.16
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


def hamza_posterior(kept: float, drop: float) -> float:
    """Probability that a bare alef was written with hamza, given the share ``kept`` of
    hamzas the text shows and OCR's ``drop`` rate.

    >>> round(hamza_posterior(0.8, 0.16), 2), round(hamza_posterior(0.3, 0.16), 2)
    (0.76, 0.08)
    """
    writer = min(1.0, kept / (1.0 - drop))
    lost = writer * drop
    return lost / (lost + (1.0 - writer)) if lost else 0.0


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
    posterior = hamza_posterior(math.exp(habit.log_keep), config.drop)
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
        # Only a bare word, and only one written without marks (its letters are then its key).
        words = spellings.get(key)
        if words and text[token.start : token.end] == key and not HAMZA_ALEFS.intersection(key):
            numbers.append(number)
            options.append(tuple(Candidate(word, model.word_id(word), 0.0, model.shape_id(word)) for word in words))
    if not numbers:
        return []
    decoding = choose_in_context(model, stream, numbers, options, config.iterations, config.shape_weight)
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
    decoding = choose_in_context(model, stream, numbers, options, config.iterations, config.shape_weight)
    return chosen_edits(text, decoding, REASON, lambda chosen, share: chosen > 0 and share > 0.5)
