"""The repair rules, in the order they run, behind one signature.

Each rule takes the current text and a :class:`RepairContext` and returns a
:class:`RuleResult` (edits against its input, and a finding). The order
matters: encoding and code-point damage first (mojibake, presentation forms),
then line-level order (visual lines, stranded punctuation, scrambled runs),
then layout (hard wraps), and glyph restoration last, on clean paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rasid.errors import ConfigurationError
from rasid.model import Finding, RuleResult
from rasid.repair.detect import DEFAULT_DETECT_CONFIG, DetectConfig, GlyphLossReport, detect_glyph_loss
from rasid.repair.language_model import LanguageModel
from rasid.repair.mojibake import fix_mojibake
from rasid.repair.ocr_hamza import DEFAULT_OCR_HAMZA_CONFIG, OcrHamzaConfig, restore_ocr_hamza
from rasid.repair.ocr_punctuation import fix_unpaired_guillemets
from rasid.repair.ocr_words import DEFAULT_OCR_WORDS_CONFIG, OcrWordsConfig, correct_ocr_words
from rasid.repair.presentation import fold_presentation_forms
from rasid.repair.punctuation import fix_stranded_punctuation
from rasid.repair.restore import DEFAULT_RESTORE_CONFIG, RestoreConfig, Restorer
from rasid.repair.runs import DEFAULT_RUNS_CONFIG, RunsConfig, reorder_runs
from rasid.repair.shaping import GlyphClass
from rasid.repair.visual import fix_visual_order
from rasid.repair.wrap import DEFAULT_WRAP_CONFIG, WrapConfig, is_hard_wrapped, rejoin_lines


@dataclass(frozen=True, slots=True)
class RepairConfig:
    """Which rules run and with what settings.

    Attributes:
        rules: names of the rules to run (in :data:`RULE_ORDER`); all by default.
        lost_classes: glyph classes known to be lost; ``None`` means detect them.
        ocr: the text was read by OCR; only then do the OCR rules (:data:`OCR_RULES`) run.
        ocr_spans: with ``ocr``, the parts of the text that OCR read (offsets into the text
            given to repair), when the rest came from a text layer; the OCR rules change only
            those. None: all of it.
    """

    rules: tuple[str, ...] = ()
    lost_classes: frozenset[GlyphClass] | None = None
    detect: DetectConfig = DEFAULT_DETECT_CONFIG
    restore: RestoreConfig = DEFAULT_RESTORE_CONFIG
    runs: RunsConfig = DEFAULT_RUNS_CONFIG
    wrap: WrapConfig = DEFAULT_WRAP_CONFIG
    ocr: bool = False
    ocr_spans: tuple[tuple[int, int], ...] | None = None
    ocr_words: OcrWordsConfig = DEFAULT_OCR_WORDS_CONFIG
    ocr_hamza: OcrHamzaConfig = DEFAULT_OCR_HAMZA_CONFIG

    def enabled_rules(self) -> tuple[str, ...]:
        """The rules to run, in running order.

        Raises:
            ConfigurationError: a rule name is unknown; the message lists the valid names.
        """
        unknown = [name for name in self.rules if name not in RULES]
        if unknown:
            raise ConfigurationError(
                f"unknown repair rule(s) {', '.join(unknown)}; valid rules: {', '.join(RULE_ORDER)}"
            )
        chosen = set(self.rules) if self.rules else set(RULE_ORDER)
        return tuple(name for name in RULE_ORDER if name in chosen)


DEFAULT_REPAIR_CONFIG = RepairConfig()


@dataclass(slots=True)
class RepairContext:
    """What the rules share while repairing one text: the model, and the glyph-loss verdict
    (detected once, on the text as it stands when the first rule needs it)."""

    model: LanguageModel
    config: RepairConfig
    #: ``config.ocr_spans`` in the text as the current rule sees it (earlier rules' edits moved them).
    ocr_spans: tuple[tuple[int, int], ...] | None = None
    glyph_loss: GlyphLossReport | None = None
    lost: frozenset[GlyphClass] | None = None
    _restorer: Restorer | None = field(default=None, repr=False)

    def lost_classes(self, text: str) -> frozenset[GlyphClass]:
        """The lost glyph classes: given in the config, or detected on ``text`` the first time."""
        if self.lost is None:
            if self.config.lost_classes is not None:
                self.lost = self.config.lost_classes
            else:
                self.glyph_loss = detect_glyph_loss(text, self.model, self.config.detect)
                self.lost = self.glyph_loss.lost_classes
        return self.lost

    def restorer(self, text: str) -> Restorer | None:
        """A restorer for the lost classes, or None when nothing is lost."""
        lost = self.lost_classes(text)
        if not lost:
            return None
        if self._restorer is None:
            self._restorer = Restorer(self.model, lost, self.config.restore)
        return self._restorer


Rule = Callable[[str, RepairContext], RuleResult]


def _visual_order(text: str, context: RepairContext) -> RuleResult:
    return fix_visual_order(text, context.model)


def _runs(text: str, context: RepairContext) -> RuleResult:
    lines = [line for line in text.split("\n") if line.strip()]
    if not is_hard_wrapped(lines, context.config.wrap):
        # Runs are pieces of printed lines; text not laid out in printed lines has none.
        return RuleResult()
    restorer = context.restorer(text)
    return RuleResult() if restorer is None else reorder_runs(text, restorer, context.config.runs)


def _wrap(text: str, context: RepairContext) -> RuleResult:
    return rejoin_lines(text, context.config.wrap)


def _restore(text: str, context: RepairContext) -> RuleResult:
    restorer = context.restorer(text)
    if restorer is None:
        return RuleResult()
    edits = tuple(restorer.edits(text))
    if not edits:
        return RuleResult()
    names = ", ".join(sorted(glyph_class.name for glyph_class in restorer.index.lost))
    finding = Finding(
        "restore_glyphs",
        len(edits),
        sum(e.confidence for e in edits) / len(edits),
        f"{len(edits)} words restored ({names} lost)",
        tuple(f"{e.before} → {e.after}" for e in edits[:5]),
    )
    return RuleResult(edits, finding)


def _ocr_only(rule: Rule) -> Rule:
    """``rule`` on text read by OCR (``RepairConfig.ocr``); on any other text, nothing."""

    def run(text: str, context: RepairContext) -> RuleResult:
        return rule(text, context) if context.config.ocr else RuleResult()

    return run


@_ocr_only
def _ocr_punctuation(text: str, context: RepairContext) -> RuleResult:
    return fix_unpaired_guillemets(text, context.ocr_spans)


@_ocr_only
def _ocr_hamza(text: str, context: RepairContext) -> RuleResult:
    return restore_ocr_hamza(text, context.model, context.config.ocr_hamza, context.ocr_spans)


@_ocr_only
def _ocr_words(text: str, context: RepairContext) -> RuleResult:
    return correct_ocr_words(text, context.model, context.config.ocr_words, context.ocr_spans)


#: Rule name → rule. Names are also the ``reason`` of the edits each rule makes.
RULES: dict[str, Rule] = {
    "fix_mojibake": lambda text, context: fix_mojibake(text),
    "fold_presentation_forms": lambda text, context: fold_presentation_forms(text),
    "reverse_visual_line": _visual_order,
    # Before lines are rejoined: a guillemet is judged unpaired within its printed line.
    "fix_ocr_punctuation": _ocr_punctuation,
    "move_stranded_punctuation": lambda text, context: fix_stranded_punctuation(text),
    "reorder_runs": _runs,
    "rejoin_lines": _wrap,
    "restore_glyphs": _restore,
    "correct_ocr_words": _ocr_words,
    "restore_ocr_hamza": _ocr_hamza,
}
RULE_ORDER: tuple[str, ...] = tuple(RULES)
#: Rules for OCR's misreads: they run only on text read by OCR (``RepairConfig.ocr``).
OCR_RULES: tuple[str, ...] = ("fix_ocr_punctuation", "correct_ocr_words", "restore_ocr_hamza")
