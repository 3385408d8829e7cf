"""Run reordering (rasid.repair.runs)."""

from __future__ import annotations

from rasid.repair.damage import SEED_CLASSES
from rasid.repair.detect import parse_glyph_classes
from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.restore import Restorer
from rasid.repair.runs import Cut, reorder_runs, reverse_runs


def test_reverse_runs_keeps_separators_with_their_pair() -> None:
    assert reverse_runs("ab cd|ef", (Cut(2, 3, 0.0), Cut(5, 6, 0.0))) == "ef|cd ab"
    assert reverse_runs("abcd", (Cut(2, 2, 0.0),)) == "cdab"


def test_puts_back_the_seed_line(model: LanguageModel, seed_text: str) -> None:
    restorer = Restorer(model, parse_glyph_classes(SEED_CLASSES))
    result = reorder_runs(seed_text, restorer)
    fixed = apply_edits(seed_text, result.edits)
    assert "وعل أطرافها. ومع ذلك" in fixed
    assert "المصالح لل الأطراف المتحاربة ف" in fixed
    # Lines that were in order stay in order.
    assert " بعد نحو أقل من سنتين عل هزيمة" in fixed


def test_single_lines_are_never_reordered(model: LanguageModel) -> None:
    restorer = Restorer(model, parse_glyph_classes(SEED_CLASSES))
    line = "وحين حدثت هزيمة «داعش» ف الباغوز، ف مارس /آذار 2019، كانت كل الأطراف المنخرطة مباشرة ف الصراع"
    assert reorder_runs(line, restorer).edits == ()
