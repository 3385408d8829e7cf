"""Hamza given back to the alefs OCR read bare (rasid.repair.ocr_hamza)."""

from __future__ import annotations

from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.ocr_hamza import DEFAULT_OCR_HAMZA_CONFIG, WRITER_RATES, hamza_posterior, restore_ocr_hamza

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
    rates, drops = WRITER_RATES, DEFAULT_OCR_HAMZA_CONFIG.drop_rates
    assert hamza_posterior(30, 5, rates, drops) > 0.9  # most hamzas shown: the bare ones are OCR's
    assert hamza_posterior(20, 10, rates, drops) > 0.5  # OCR that drops a third still says so
    assert hamza_posterior(2, 30, rates, drops) < 0.1  # a writer who leaves hamza off
    assert hamza_posterior(0, 0, rates, drops) > 0.5  # nothing said: most writers keep hamza
    assert hamza_posterior(3000, 1000, rates, drops) > 0.9  # long texts do not underflow
    assert hamza_posterior(10, 2, rates, [0.0]) == 0.0  # OCR that drops nothing: a bare alef is the writer's


def test_alef_read_with_madda_is_read_again_where_the_word_says_so(model: LanguageModel) -> None:
    # OCR read أ as آ in بآن and الآمر; الآن is a word with آ of its own.
    text = "وقال المسؤول الآن بآن الآمر يتعلق بالأمن."
    restored = [(edit.before, edit.after) for edit in restore_ocr_hamza(text, model).edits]
    assert restored == [("بآن", "بأن"), ("الآمر", "الأمر")]
