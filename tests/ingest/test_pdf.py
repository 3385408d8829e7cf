"""Reading PDFs (rasid.ingest.pdf and friends) on real typeset fixtures."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

import pytest

from rasid.ingest import DEFAULT_READ_CONFIG, ReadConfig
from rasid.ingest.glyph_recovery import RecoveryConfig
from rasid.ingest.ocr import DEFAULT_SCALE, native_scale, tesseract_languages
from rasid.pipeline import read_document
from rasid.repair.language_model import LanguageModel

from .conftest import SECOND_ARTICLE, SEED_READING, TITLE

#: Word accuracy every fixture kind must reach (the issue's floor).
WORD_ACCURACY_FLOOR = 0.995


def word_accuracy(produced: str, expected: str) -> float:
    expected_words = expected.split()
    matcher = difflib.SequenceMatcher(a=expected_words, b=produced.split(), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected_words)


def expected_text(paragraphs: list[str]) -> str:
    return "\n".join([TITLE, *paragraphs])


@pytest.mark.parametrize(
    ("fixture", "paragraphs"),
    [
        ("one_column.pdf", SEED_READING),
        ("two_columns.pdf", SEED_READING + SEED_READING[:2]),
        ("seed_cmap.pdf", SEED_READING),
        ("other_cmap.pdf", SECOND_ARTICLE),
        ("presentation_forms.pdf", SEED_READING),
    ],
)
def test_word_accuracy(pdf_dir: Path, model: LanguageModel, fixture: str, paragraphs: list[str]) -> None:
    document = read_document(pdf_dir / fixture, model)
    assert word_accuracy(document.text, expected_text(paragraphs)) >= WORD_ACCURACY_FLOOR


def test_reading_order_on_two_columns(pdf_dir: Path, model: LanguageModel) -> None:
    document = read_document(pdf_dir / "two_columns.pdf", model)
    paragraphs = document.text.split("\n")
    assert paragraphs == [TITLE, *SEED_READING, *SEED_READING[:2]]


def test_headers_and_page_numbers_are_kept_apart(pdf_dir: Path, model: LanguageModel) -> None:
    document = read_document(pdf_dir / "one_column.pdf", model)
    kinds = [block.kind for page in document.extraction.pages for block in page.blocks]
    assert kinds.count("header") == len(document.extraction.pages)
    assert kinds.count("page_number") == len(document.extraction.pages)
    assert "صحيفة رصد" not in document.text


def test_lost_glyphs_are_recovered_at_the_source(pdf_dir: Path, model: LanguageModel) -> None:
    document = read_document(pdf_dir / "seed_cmap.pdf", model)
    recovered = document.extraction.recovered_glyphs
    assert {(glyph.letters, glyph.form) for glyph in recovered} == {("ك", "medial"), ("ي", "final"), ("ى", "final")}
    assert all(glyph.confidence >= 0.99 for glyph in recovered)
    assert document.repair.edits == ()  # nothing left for text-level repair


def test_decipherment_without_any_font_help(pdf_dir: Path, model: LanguageModel) -> None:
    """With glyph names and reference fonts switched off, the language model alone solves the cipher."""
    recovery = RecoveryConfig(use_glyph_names=False, use_reference_fonts=False)
    config = replace(DEFAULT_READ_CONFIG, pdf=replace(DEFAULT_READ_CONFIG.pdf, recovery=recovery))
    document = read_document(pdf_dir / "seed_cmap.pdf", model, config)
    assert {glyph.method for glyph in document.extraction.recovered_glyphs} == {"decipher"}
    assert word_accuracy(document.text, expected_text(SEED_READING)) >= 0.97


def test_image_only_page_needs_ocr(pdf_dir: Path, model: LanguageModel) -> None:
    document = read_document(pdf_dir / "image_only.pdf", model)
    assert all(page.needs_ocr for page in document.extraction.pages)
    assert "--ocr" in document.extraction.notes[0]


def test_ocr_reads_the_image_page(pdf_dir: Path, model: LanguageModel) -> None:
    if "ara" not in tesseract_languages():
        pytest.skip("Tesseract with Arabic (tesseract-ocr-ara) is not installed")
    config = replace(DEFAULT_READ_CONFIG, pdf=replace(DEFAULT_READ_CONFIG.pdf, ocr=True))
    document = read_document(pdf_dir / "image_only.pdf", model, config)
    assert all(page.from_ocr for page in document.extraction.pages)
    assert word_accuracy(document.text, expected_text(SECOND_ARTICLE)) >= 0.8


def test_a_scan_is_read_at_its_own_resolution(pdf_dir: Path) -> None:
    import pypdfium2

    scan = pypdfium2.PdfDocument((pdf_dir / "image_only.pdf").read_bytes())[0]
    assert native_scale(scan) == pytest.approx(3.0, abs=0.01)  # the fixture is scanned at 216 dpi
    text_page = pypdfium2.PdfDocument((pdf_dir / "one_column.pdf").read_bytes())[0]
    assert native_scale(text_page) == DEFAULT_SCALE  # no image: a fixed 288 dpi


def test_isolation_gives_the_same_result(pdf_dir: Path, model: LanguageModel) -> None:
    isolated = read_document(pdf_dir / "two_columns.pdf", model)
    direct = read_document(pdf_dir / "two_columns.pdf", model, ReadConfig(isolate=False))
    assert isolated.text == direct.text


def test_body_text_says_which_parts_ocr_read() -> None:
    from rasid.ingest.pdf import _body_text
    from rasid.model import Block, Page

    def page(number: int, texts: list[str], from_ocr: bool) -> Page:
        blocks = tuple(Block("body", text, (0.0, 0.0, 0.0, 0.0), 1) for text in texts)
        return Page(number, blocks, from_ocr=from_ocr)

    pages = [
        page(1, ["فقرة من طبقة النص."], False),
        page(2, ["فقرة قرأها التعرف الضوئي.", "وفقرة ثانية منه"], True),
        page(3, ["تتم هنا على الصفحة التالية.", "فقرة أخيرة."], False),
    ]
    text, spans = _body_text(pages)
    assert text.split("\n") == [
        "فقرة من طبقة النص.",
        "فقرة قرأها التعرف الضوئي.",
        "وفقرة ثانية منه تتم هنا على الصفحة التالية.",  # cut by the page break, joined
        "فقرة أخيرة.",
    ]
    assert [text[start:end] for start, end in spans] == ["فقرة قرأها التعرف الضوئي.\nوفقرة ثانية منه"]


def test_ocr_corrections_stay_on_the_scanned_page(pdf_dir: Path, model: LanguageModel, tmp_path: Path) -> None:
    # A newspaper PDF with one scanned page: the text layer's pages come out as they do alone.
    if "ara" not in tesseract_languages():
        pytest.skip("Tesseract with Arabic (tesseract-ocr-ara) is not installed")
    import pikepdf

    mixed = tmp_path / "mixed.pdf"
    with pikepdf.open(pdf_dir / "one_column.pdf") as pdf, pikepdf.open(pdf_dir / "image_only.pdf") as scan:
        pdf.pages.extend(scan.pages)
        pdf.save(mixed)
    config = replace(DEFAULT_READ_CONFIG, pdf=replace(DEFAULT_READ_CONFIG.pdf, ocr=True))
    document = read_document(mixed, model, config)
    alone = read_document(pdf_dir / "one_column.pdf", model)
    ((start, _),) = document.extraction.ocr_spans
    assert document.extraction.text[:start].rstrip("\n") == alone.extraction.text
    assert document.text.startswith(alone.text)
    ocr_edits = [edit for edit in document.repair.edits if edit.reason.startswith(("correct_ocr", "fix_ocr"))]
    assert ocr_edits and all(start <= edit.start for edit in ocr_edits)
