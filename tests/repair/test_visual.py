"""Visual-order lines (rasid.repair.visual)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.tokens import iter_tokens
from rasid.repair.visual import fix_visual_order, known_word_count, logical_from_visual

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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="في قال الذي ـًٌّ\u08d3 12٣.،abc\n", max_size=60))
def test_known_word_count_counts_the_word_tokens(model: LanguageModel, text: str) -> None:
    # known_word_count reads keys with one regex instead of tokenising; the counts must agree.
    keys = [token.key for token in iter_tokens(text) if token.kind == "word"]
    assert known_word_count(text, model) == (sum(key in model.index for key in keys), len(keys))
