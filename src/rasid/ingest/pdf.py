"""Read a PDF: glyphs to logical-order text, with lost glyphs recovered at the source.

Steps: check the file (pikepdf: not encrypted, not too many pages), collect every
page's glyphs (:mod:`rasid.ingest.pdf_glyphs`), lay each page out into blocks
(:mod:`rasid.ingest.layout`), recover the glyphs the fonts left unmapped
(:mod:`rasid.ingest.glyph_recovery`), and report pages without a text layer as
needing OCR (or read them with Tesseract when asked).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from rasid.errors import InputTooLargeError, UnreadableSourceError
from rasid.ingest.glyph_recovery import (
    DEFAULT_RECOVERY_CONFIG,
    RecoveryConfig,
    connector_glyphs,
    font_programs,
    recover_glyphs,
)
from rasid.ingest.layout import DEFAULT_LAYOUT_CONFIG, LayoutConfig, continues, is_placeholder, page_blocks
from rasid.ingest.pdf_glyphs import PageGlyphs
from rasid.model import Block, Extraction, Page
from rasid.repair.language_model import LanguageModel

#: A page whose glyphs cover less than this and whose images cover more than half is a scan.
_SCAN_TEXT_GLYPHS = 5


@dataclass(frozen=True, slots=True)
class PdfConfig:
    """How PDFs are read.

    Attributes:
        max_pages: documents with more pages are refused.
        ocr: read pages without a text layer with Tesseract.
        ocr_language: Tesseract language(s), e.g. "ara" or "ara+eng".
        layout: geometry thresholds for lines, columns and paragraphs.
        recovery: how unmapped glyphs are recovered.
    """

    max_pages: int = 2000
    ocr: bool = False
    ocr_language: str = "ara"
    layout: LayoutConfig = DEFAULT_LAYOUT_CONFIG
    recovery: RecoveryConfig = DEFAULT_RECOVERY_CONFIG


DEFAULT_PDF_CONFIG = PdfConfig()


def _check(data: bytes, source_id: str, config: PdfConfig) -> int:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise UnreadableSourceError(
                    "the PDF is encrypted; rasid reads only PDFs that open without a password", source_id=source_id
                )
            pages = len(pdf.pages)
            damage = [
                warning.split(": ", 1)[-1]
                for warning in pdf.get_warnings()
                if "damaged" in warning or "startxref" in warning or "reconstruct" in warning
            ]
            if damage:
                # qpdf can often rebuild a cut-off file, but what it rebuilds may be missing
                # pages and text; say so rather than return part of a document as if whole.
                raise UnreadableSourceError(f"the PDF is truncated or damaged ({damage[0]})", source_id=source_id)
    except pikepdf.PasswordError as exc:
        raise UnreadableSourceError("the PDF is encrypted with a password", source_id=source_id) from exc
    except pikepdf.PdfError as exc:
        raise UnreadableSourceError(f"not a readable PDF: {exc}", source_id=source_id) from exc
    if pages > config.max_pages:
        raise InputTooLargeError(
            f"the PDF has {pages:,} pages, more than the limit of {config.max_pages:,} (raise it with --max-pages)",
            source_id=source_id,
        )
    if pages == 0:
        raise UnreadableSourceError("the PDF has no pages", source_id=source_id)
    return pages


def read_pdf(data: bytes, source_id: str, model: LanguageModel, config: PdfConfig = DEFAULT_PDF_CONFIG) -> Extraction:
    """Read a PDF's text in logical order, page by page.

    Raises:
        UnreadableSourceError: corrupt, truncated or encrypted.
        InputTooLargeError: more pages than ``config.max_pages``.
    """
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    _check(data, source_id, config)
    placeholders: dict[tuple[str, int], int] = {}
    pages: list[tuple[int, list[Block], bool, int]] = []
    programs = font_programs(data)
    connectors = connector_glyphs(programs) if config.recovery.use_reference_fonts else frozenset()
    try:
        for page in _page_glyphs(data):
            if connectors:
                page.glyphs = [g for g in page.glyphs if (g.font.split("#")[0], g.code) not in connectors]
            visible = sum(1 for glyph in page.glyphs if glyph.text.strip() or not glyph.text)
            scanned = visible < _SCAN_TEXT_GLYPHS and page.image_area > 0.5 * page.width * page.height
            pages.append((page.number, page_blocks(page, placeholders, config.layout), scanned, visible))
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise UnreadableSourceError(
            f"the PDF is damaged and cannot be parsed ({type(exc).__name__}: {exc})", source_id=source_id
        ) from exc
    recovered: tuple[Any, ...] = ()
    if placeholders:
        joined = "\n".join(block.text for _, blocks, _, _ in pages for block in blocks)
        restored, recovered = recover_glyphs(joined, placeholders, programs, model, config.recovery)
        pieces = iter(restored.split("\n"))
        pages = [
            (number, [replace(block, text=next(pieces)) for block in blocks], scanned, letters)
            for number, blocks, scanned, letters in pages
        ]
    unsure = {glyph.code for glyph in recovered if glyph.confidence < 0.9}
    result_pages: list[Page] = []
    notes: list[str] = []
    for number, blocks, scanned, letters in pages:
        confidence = 1.0 if letters == 0 else 1.0 - min(1.0, len(unsure) / max(letters, 1))
        if scanned and config.ocr:
            from rasid.ingest.ocr import ocr_page_blocks

            band = config.layout.margin_band
            blocks = ocr_page_blocks(data, number - 1, config.ocr_language, source_id, margin_band=band)
            result_pages.append(Page(number, tuple(blocks), needs_ocr=False, from_ocr=True, confidence=0.8))
            continue
        if scanned:
            notes.append(f"page {number} has no text layer (a scanned image); read it with --ocr")
        result_pages.append(Page(number, tuple(blocks), needs_ocr=scanned, confidence=confidence))
    text, ocr_spans = _body_text(result_pages)
    return Extraction(
        text=text,
        pages=tuple(result_pages),
        recovered_glyphs=recovered,
        notes=tuple(notes),
        ocr_spans=ocr_spans,
    )


def _page_glyphs(data: bytes) -> list[PageGlyphs]:
    """Every page's glyphs: the fast pikepdf interpreter, or pdfminer for what it cannot do."""
    import pikepdf
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from rasid.ingest import pdf_fast
    from rasid.ingest.pdf_glyphs import GlyphCollector, iter_page_glyphs

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return list(pdf_fast.iter_page_glyphs(pdf))
    except pdf_fast.UnsupportedPdf:
        collector = GlyphCollector(PDFResourceManager(caching=True))
        return list(iter_page_glyphs(PDFPage.get_pages(io.BytesIO(data)), collector))


def _body_text(pages: list[Page]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Body paragraphs of all pages, one per line (a paragraph cut by a page break is joined),
    and the spans of that text that OCR read."""
    # Each paragraph as its pieces, each piece marked with whether OCR read it.
    paragraphs: list[list[tuple[str, bool]]] = []
    for page in pages:
        for number, block in enumerate(b for b in page.blocks if b.kind == "body"):
            if number == 0 and paragraphs and continues("".join(piece for piece, _ in paragraphs[-1])):
                paragraphs[-1].append((f" {block.text}", page.from_ocr))
            else:
                paragraphs.append([(block.text, page.from_ocr)])
    kept: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for pieces in paragraphs:
        paragraph = "".join(piece for piece, _ in pieces)
        if not paragraph.strip() or all(is_placeholder(char) for char in paragraph.strip()):
            continue
        if kept:
            position += 1  # the newline before it
        for piece, from_ocr in pieces:
            if from_ocr:
                # Paragraphs that OCR read one after another make one span, newlines included.
                if spans and spans[-1][1] >= position - 1:
                    spans[-1] = (spans[-1][0], position + len(piece))
                else:
                    spans.append((position, position + len(piece)))
            position += len(piece)
        kept.append(paragraph)
    return "\n".join(kept), tuple(spans)
