"""Correcting OCR's misreads: the comma read as a guillemet, and misread words (rasid.repair.ocr_*)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rasid.ingest import DEFAULT_READ_CONFIG
from rasid.ingest.ocr import tesseract_languages
from rasid.pipeline import read_document
from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.ocr_punctuation import fix_unpaired_guillemets
from rasid.repair.ocr_words import DEFAULT_OCR_WORDS_CONFIG, correct_ocr_words, one_edit_away
from rasid.repair.pipeline import repair_text
from rasid.repair.rules import OCR_RULES, RepairConfig

from .conftest import SECOND_ARTICLE, TITLE
from .test_pdf import word_accuracy


def test_an_unpaired_closing_guillemet_after_a_word_is_a_comma() -> None:
    text = "في أطراف محافظة ديالى» وأن الاشتباكات\nبين ديالى وصلاح الدين » وإن"
    result = fix_unpaired_guillemets(text)
    assert apply_edits(text, result.edits) == "في أطراف محافظة ديالى، وأن الاشتباكات\nبين ديالى وصلاح الدين، وإن"
    assert {edit.reason for edit in result.edits} == {"fix_ocr_punctuation"}
    assert result.finding is not None and result.finding.count == 2


def test_paired_guillemets_and_marks_not_after_a_word_stay() -> None:
    assert fix_unpaired_guillemets("قال «لن نتراجع» ثم غادر").edits == ()
    assert fix_unpaired_guillemets("» في البداية").edits == ()
    assert fix_unpaired_guillemets("2019» في").edits == ()


def test_one_edit_away_covers_each_kind_of_edit() -> None:
    near = one_edit_away("abc", ("a", "b", "c", "x"))
    assert {"ac", "abxc", "axc", "bac"} <= near  # deletion, insertion, substitution, swap
    assert "abc" not in near and "cba" not in near


def test_misread_words_are_replaced_by_the_lexicon_word_the_context_wants(model: LanguageModel) -> None:
    text = "وأن الأهالي عادوا إلى منازهم بعد انتهاء المعارك"
    result = correct_ocr_words(text, model)
    assert [(edit.before, edit.after, edit.reason) for edit in result.edits] == [
        ("منازهم", "منازلهم", "correct_ocr_words")
    ]
    assert 0.5 <= result.edits[0].confidence <= 1.0


def test_words_the_lexicon_has_are_left_alone(model: LanguageModel) -> None:
    assert correct_ocr_words("وقال المتحدث باسم الوزارة إن الحكومة ستعمل على تحسين الخدمات", model).edits == ()


def test_ocr_rules_run_only_on_ocr_text(model: LanguageModel) -> None:
    text = "وأن الأهالي عادوا إلى منازهم» وقال إن الأسواق فتحت أبوابها وان الاجهزة الأمنية أعلنت ذلك"
    plain = repair_text(text, RepairConfig(), model)
    assert not any(edit.reason in OCR_RULES for edit in plain.edits)
    read = repair_text(text, RepairConfig(ocr=True), model)
    assert read.text == "وأن الأهالي عادوا إلى منازلهم، وقال إن الأسواق فتحت أبوابها وأن الأجهزة الأمنية أعلنت ذلك"
    assert read.original == text
    assert {edit.reason for edit in read.edits} == set(OCR_RULES)


def test_ocr_of_the_image_page_is_corrected_and_the_reading_kept(pdf_dir: Path, model: LanguageModel) -> None:
    if "ara" not in tesseract_languages():
        pytest.skip("Tesseract with Arabic (tesseract-ocr-ara) is not installed")
    config = replace(DEFAULT_READ_CONFIG, pdf=replace(DEFAULT_READ_CONFIG.pdf, ocr=True))
    document = read_document(pdf_dir / "image_only.pdf", model, config)
    expected = "\n".join([TITLE, *SECOND_ARTICLE])
    uncorrected = repair_text(document.repair.original, RepairConfig(), model).text
    assert document.repair.original == document.extraction.text
    assert apply_edits(document.repair.original, document.repair.edits) == document.text
    assert any(edit.reason in OCR_RULES for edit in document.repair.edits)
    assert word_accuracy(document.text, expected) > word_accuracy(uncorrected, expected)
    assert word_accuracy(document.text, expected) >= 0.88


def test_a_word_the_corpus_has_once_may_be_a_misread(model: LanguageModel) -> None:
    # سيت is in the lexicon, seen once in the corpus (a typing slip there too): here it is سيتم.
    assert model.count("سيت") <= DEFAULT_OCR_WORDS_CONFIG.max_rare_count
    result = correct_ocr_words("وقال المتحدث إن الحكومة سيت تنفيذ المشروع خلال العام المقبل", model)
    assert [(edit.before, edit.after) for edit in result.edits] == [("سيت", "سيتم")]
