"""Run reordering (rasid.repair.runs)."""

from __future__ import annotations

import math
from dataclasses import replace

from rasid.repair.damage import PROFILES, SEED_CLASSES, scramble_runs, wrap_paragraph
from rasid.repair.detect import parse_glyph_classes
from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.restore import Restorer
from rasid.repair.runs import (
    DEFAULT_RUNS_CONFIG,
    Cut,
    cut_points,
    glue_strength,
    order_confidence,
    reorder_runs,
    reordered_lines,
    reverse_runs,
)
from rasid.repair.shaping import drop_glyphs


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


def test_the_first_part_of_a_word_is_a_fragment(model: LanguageModel) -> None:
    # Where medial kaf vanished inside المحكمة the extractor may end a run: المح is no
    # restoration of anything, but glued to مة it is المحكمة with its kaf lost.
    restorer = Restorer(model, parse_glyph_classes(SEED_CLASSES))
    assert glue_strength("المح", ["مة", "الجنائية"], restorer) > DEFAULT_RUNS_CONFIG.fragment_gain
    assert glue_strength("الحكومة", ["قال", "أمس"], restorer) == 0.0


def test_a_word_glued_to_a_full_stop_may_start_a_run(model: LanguageModel) -> None:
    restorer = Restorer(model, parse_glyph_classes(SEED_CLASSES))
    line = "نهاية الأسبوع.عام، من الممتع زيارة الشاطئين"
    free, _ = cut_points(line, restorer, DEFAULT_RUNS_CONFIG)
    assert any(cut.start == cut.end == line.index("عام") for cut in free)


def _one_line_scrambled(paragraph: str, width: int, number: int) -> tuple[str, list[str], str]:
    """The paragraph wrapped at ``width`` with the seed's glyphs lost, line ``number`` with its
    runs emitted in reverse around them: (the text, its lines in order, the scrambled line)."""
    lost = PROFILES["seed-glyphs"].lost
    lines = wrap_paragraph(paragraph, width)
    damaged = [drop_glyphs(line, lost) for line in lines]
    scrambled = scramble_runs(lines[number], lost, 4)
    assert scrambled is not None
    return "\n".join([*damaged[:number], scrambled, *damaged[number + 1 :]]), damaged, scrambled


def test_runs_cut_inside_a_word_are_put_back(model: LanguageModel) -> None:
    # A line of our own paragraph, wrapped at 52 characters, with its runs emitted in reverse
    # around the lost glyphs, one of them inside المحكمة (المح | مة).
    paragraph = (
        "ذكرت الحكومة في بيان رسمي أن المحكمة الدستورية ستنظر في الطعون المقدمة ضد قانون الانتخابات "
        "الجديد، وأكد المتحدث باسم الحكومة أن السلطات ستلتزم بأي حكم يصدر عن المحكمة، مشيرا إلى أن "
        "المشاركة في الانتخابات المقبلة ستكون مفتوحة لكل القوى السياسية التي تقبل بالدستور."
    )
    text, damaged, scrambled = _one_line_scrambled(paragraph, 52, 3)
    assert "مة، مشيرا" in scrambled
    fixed = apply_edits(text, reorder_runs(text, Restorer(model, PROFILES["seed-glyphs"].lost)).edits)
    assert fixed.split("\n")[3] == damaged[3]


def test_the_first_line_of_a_text_is_put_back_against_the_line_after_it(model: LanguageModel) -> None:
    paragraph = (
        "قال مسؤول في الأمم المتحدة إن المساعدات الإنسانية وصلت إلى المدينة المحاصرة بعد أشهر من "
        "المفاوضات، لكنها لا تكفي لسد حاجات السكان الذين يعانون من نقص حاد في الغذاء والدواء."
    )
    text, damaged, scrambled = _one_line_scrambled(paragraph, 52, 0)
    assert scrambled.endswith("قال مسؤول ف")
    restorer = Restorer(model, PROFILES["seed-glyphs"].lost)
    fixed = apply_edits(text, reorder_runs(text, restorer).edits)
    assert fixed.split("\n")[0] == damaged[0]
    # Without a margin for edge lines, the first line is left as it is.
    unanchored = replace(DEFAULT_RUNS_CONFIG, edge_margin=None)
    assert reorder_runs(text, restorer, unanchored).edits == ()


def test_each_edit_carries_the_calibrated_confidence_of_its_order(model: LanguageModel, seed_text: str) -> None:
    restorer = Restorer(model, parse_glyph_classes(SEED_CLASSES))
    lines = reordered_lines(seed_text, restorer)
    edits = reorder_runs(seed_text, restorer).edits
    assert len(lines) == len(edits) == 2
    for line, edit in zip(lines, edits, strict=True):
        assert (edit.start, edit.before, edit.after) == (line.offset, line.before, line.after)
        assert seed_text[edit.start : edit.end] == line.before
        assert edit.confidence == round(order_confidence(line.log_odds), 4)
        # The search's own odds are far surer than such edits turn out to be.
        assert 1.0 / (1.0 + math.exp(-line.log_odds)) > edit.confidence


def test_order_confidence_rises_with_the_odds_and_stays_a_probability() -> None:
    odds = [-math.inf, -1e6, -10.0, 0.0, 10.0, 40.0, 1e6, math.inf]
    confidences = [order_confidence(value) for value in odds]
    assert confidences == sorted(confidences)
    assert confidences[0] == 0.0 and confidences[-1] == 1.0
    assert all(0.0 <= value <= 1.0 for value in confidences)
    # Even an order the search found 20 nats likelier than every other is wrong one time in seven.
    assert 0.8 < order_confidence(20.0, DEFAULT_RUNS_CONFIG) < 0.9
