"""Hamza given back to the alefs OCR read bare (rasid.repair.ocr_hamza)."""

from __future__ import annotations

from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.ocr_hamza import hamza_posterior, restore_ocr_hamza

# A writer who writes hamza, read by OCR that dropped it from three words.
READ = (
    "وأكد المسؤول أن الأوضاع الأمنية في المدينة مستقرة، وأشار إلى ان الأهالي عادوا إلى منازلهم "
    "بعد أن أعلنت السلطات انتهاء العمليات. وأضاف أن الاجهزة الأمنية ستبقى في حالة تأهب، وان "
    "الأسواق فتحت أبوابها أمس."
)


def test_bare_alefs_of_a_hamza_writer_get_their_hamza(model: LanguageModel) -> None:
    result = restore_ocr_hamza(READ, model)
    restored = [(edit.before, edit.after) for edit in result.edits]
    assert restored == [("ان", "أن"), ("الاجهزة", "الأجهزة"), ("وان", "وأن")]
    assert all(0.5 < edit.confidence <= 1 for edit in result.edits)
    assert "الأجهزة" in apply_edits(READ, result.edits)


def test_a_writer_without_hamza_is_left_as_written(model: LanguageModel) -> None:
    without = READ.translate(str.maketrans("أإ", "اا"))
    assert restore_ocr_hamza(without, model).edits == ()


def test_only_inside_the_spans(model: LanguageModel) -> None:
    start = READ.index("بعد")
    edits = restore_ocr_hamza(READ, model, spans=[(start, len(READ))]).edits
    assert [edit.before for edit in edits] == ["الاجهزة", "وان"]


def test_posterior_follows_the_writers_habit() -> None:
    assert hamza_posterior(0.84, 0.16) > 0.9  # all the writer's hamzas seen that OCR kept
    assert hamza_posterior(0.5, 0.16) < 0.5
    assert hamza_posterior(0.9, 0.0) == 0.0  # OCR that drops nothing: a bare alef is the writer's


def test_alef_read_with_madda_is_read_again_where_the_word_says_so(model: LanguageModel) -> None:
    # OCR read أ as آ in بآن and الآمر; الآن is a word with آ of its own.
    text = "وقال المسؤول الآن بآن الآمر يتعلق بالأمن."
    restored = [(edit.before, edit.after) for edit in restore_ocr_hamza(text, model).edits]
    assert restored == [("بآن", "بأن"), ("الآمر", "الأمر")]
