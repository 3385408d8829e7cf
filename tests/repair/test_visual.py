"""Visual-order lines (rasid.repair.visual)."""

from __future__ import annotations

from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.visual import fix_visual_order, logical_from_visual

LINE = "قال المتحدث (الرسمي) إن 25 مقاتلا قتلوا في المعارك قرب مدينة تدمر يوم 3 مايو 2016."


def test_reversal_keeps_numbers_and_brackets() -> None:
    visual = logical_from_visual(LINE)
    assert "52" not in visual.split() and "25" in visual.split()
    assert logical_from_visual(visual) == LINE


def test_reverses_only_visual_lines(model: LanguageModel) -> None:
    text = logical_from_visual(LINE) + "\n" + LINE
    result = fix_visual_order(text, model)
    assert len(result.edits) == 1
    assert apply_edits(text, result.edits) == LINE + "\n" + LINE


def test_short_lines_are_not_judged(model: LanguageModel) -> None:
    assert fix_visual_order("ليبيا", model).edits == ()
