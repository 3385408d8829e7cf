"""Repair a text: run the rules in order and keep every edit, against the original.

:func:`repair_text` is the stage function; :func:`diagnose_text` reports the
damage without changing anything beyond what detection needs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace

from rasid.errors import ConfigurationError
from rasid.model import Diagnosis, Edit, Finding, RepairResult
from rasid.repair.edits import apply_edits, compose_all, map_spans
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG, RULES, RepairConfig, RepairContext


def repair_text(
    text: str, config: RepairConfig = DEFAULT_REPAIR_CONFIG, model: LanguageModel | None = None
) -> RepairResult:
    """Repair ``text``: returns the repaired text, the edits against ``text`` and the diagnosis.

    Args:
        text: the damaged (or clean) text; it is never modified.
        config: which rules run, and their settings.
        model: the language model; the default model is loaded (once) when omitted.

    Raises:
        ModelError: no model was given and the default one is not built.
        ConfigurationError: ``config`` names an unknown rule.
    """
    model = load_language_model() if model is None else model
    context = RepairContext(model, config, ocr_spans=config.ocr_spans)
    passes: list[list[Edit]] = []
    findings: list[Finding] = []
    steps: list[str] = []
    current = text
    for name in config.enabled_rules():
        result = RULES[name](current, context)
        if result.finding is not None:
            findings.append(result.finding)
        if result.edits:
            current = apply_edits(current, result.edits)
            passes.append(list(result.edits))
            steps.append(name)
            if context.ocr_spans is not None:
                context.ocr_spans = map_spans(context.ocr_spans, result.edits)
    if context.glyph_loss is None and "restore_glyphs" in config.enabled_rules() and config.lost_classes is None:
        context.lost_classes(current)
    edits = tuple(compose_all(text, passes))
    notes = () if context.glyph_loss is None else (context.glyph_loss.note,)
    diagnosis = Diagnosis(damaged=bool(edits), findings=tuple(findings), glyph_loss=context.glyph_loss, notes=notes)
    return RepairResult(original=text, text=current, edits=edits, diagnosis=diagnosis, steps=tuple(steps))


#: The edits whose confidence is calibrated, one edit at a time: word restorations (see
#: :class:`rasid.repair.restore.RestoreConfig`) and run reorderings (see
#: :class:`rasid.repair.runs.RunsConfig`). The other rules give one confidence per kind of edit
#: (line rejoining's measured per kind), not one per edit.
CALIBRATED_REASONS = frozenset({"restore_glyphs", "reorder_runs"})


def hold_back(
    result: RepairResult, min_confidence: float, reasons: Collection[str] | None = CALIBRATED_REASONS
) -> tuple[RepairResult, tuple[Edit, ...]]:
    """``result`` with its edits for ``reasons`` (None: every edit) that are less than
    ``min_confidence`` sure left out, and the edits left out.

    Repair's edits are disjoint spans of the original (later passes are folded into earlier
    ones, their reasons joined by ``+``), so any of them can be left out and the others still
    apply. An edit is held back when any of its reasons is one of ``reasons``. The diagnosis
    stays as it is: the damage was found, whether or not every repair of it is applied.

    Raises:
        ConfigurationError: ``min_confidence`` is not between 0 and 1.
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise ConfigurationError(f"the minimum confidence must be between 0 and 1, not {min_confidence}")

    def is_held(edit: Edit) -> bool:
        return edit.confidence < min_confidence and (reasons is None or any(part in reasons for part in edit.reasons))

    kept: list[Edit] = []
    held: list[Edit] = []
    for edit in result.edits:
        (held if is_held(edit) else kept).append(edit)
    if not held:
        return result, ()
    return replace(result, text=apply_edits(result.original, kept), edits=tuple(kept)), tuple(held)


def diagnose_text(
    text: str, config: RepairConfig = DEFAULT_REPAIR_CONFIG, model: LanguageModel | None = None
) -> Diagnosis:
    """What damage ``text`` has, with evidence and confidence (the repair is computed and discarded)."""
    return repair_text(text, config, model).diagnosis


def repair_chunks(
    chunks: Iterable[str], config: RepairConfig = DEFAULT_REPAIR_CONFIG, model: LanguageModel | None = None
) -> Iterator[RepairResult]:
    """Repair a long text piece by piece, in bounded memory.

    Glyph loss is detected on the first chunk (a font loses the same glyphs on every
    page) and that verdict is used for every later chunk, so all chunks are repaired
    alike. Edit offsets in each result are relative to its own chunk.
    """
    model = load_language_model() if model is None else model
    for chunk in chunks:
        result = repair_text(chunk, config, model)
        yield result
        if config.lost_classes is None:
            report = result.diagnosis.glyph_loss
            lost = report.lost_classes if report is not None else frozenset()
            config = replace(config, lost_classes=lost)
