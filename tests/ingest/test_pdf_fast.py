"""The fast pikepdf interpreter draws exactly the glyphs pdfminer does (rasid.ingest.pdf_fast)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from rasid.ingest.pdf_fast import UnsupportedPdf, parse_to_unicode


@pytest.mark.parametrize("fixture", ["one_column.pdf", "two_columns.pdf", "seed_cmap.pdf", "presentation_forms.pdf"])
def test_same_glyphs_as_pdfminer(pdf_dir: Path, fixture: str) -> None:
    import pikepdf
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from rasid.ingest import pdf_fast
    from rasid.ingest.pdf_glyphs import GlyphCollector, iter_page_glyphs

    data = (pdf_dir / fixture).read_bytes()
    collector = GlyphCollector(PDFResourceManager(caching=True))
    reference = [page.glyphs for page in iter_page_glyphs(PDFPage.get_pages(io.BytesIO(data)), collector)]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fast = [page.glyphs for page in pdf_fast.iter_page_glyphs(pdf)]
    assert len(fast) == len(reference)
    for ours, theirs in zip(fast, reference, strict=True):
        assert [(g.text, g.code, g.font) for g in ours] == [(g.text, g.code, g.font) for g in theirs]
        for a, b in zip(ours, theirs, strict=True):
            assert a.x0 == pytest.approx(b.x0, abs=0.01) and a.y1 == pytest.approx(b.y1, abs=0.01)


def test_to_unicode_ranges_and_chars() -> None:
    cmap = b"""2 beginbfchar <0003> <0020> <0a65> <0645> endbfchar
    1 beginbfrange <0010> <0012> <0627> endbfrange
    1 beginbfrange <0020> <0021> [<0644> <06440627>] endbfrange"""
    assert parse_to_unicode(cmap) == {3: " ", 0x0A65: "م", 0x10: "ا", 0x11: "ب", 0x12: "ة", 0x20: "ل", 0x21: "لا"}


def test_rotated_pages_fall_back() -> None:
    import pikepdf

    from rasid.ingest import pdf_fast

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Rotate = 90
    with pytest.raises(UnsupportedPdf):
        list(pdf_fast.iter_page_glyphs(pdf))
