"""Read image-only pages with Tesseract, when it is installed.

Pages are rendered with pypdfium2, cut into lines by ``rasid.ingest.ocr_lines`` (columns
right to left) and each line passed to the ``tesseract`` command (Debian packages
``tesseract-ocr`` and ``tesseract-ocr-ara``). Without them, rasid says what to install
instead of failing obscurely.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
from dataclasses import replace
from typing import Any

import numpy as np

from rasid.errors import ConfigurationError, UnreadableSourceError
from rasid.ingest.layout import DEFAULT_LAYOUT_CONFIG, is_page_number
from rasid.ingest.ocr_lines import Box, line_texts, recognise_page, segment_lines
from rasid.model import Block

INSTALL_HINT = "install Tesseract with Arabic: apt-get install tesseract-ocr tesseract-ocr-ara"


def tesseract_languages() -> set[str]:
    """Languages the installed Tesseract can read (empty if Tesseract is missing)."""
    if shutil.which("tesseract") is None:
        return set()
    completed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False, timeout=30)
    return {line.strip() for line in completed.stdout.splitlines()[1:] if line.strip()}


#: Render scales (1 = 72 dpi) a page is read at: a scan at its own resolution, within these bounds.
MIN_SCALE, MAX_SCALE, DEFAULT_SCALE = 2.0, 5.0, 4.0


def native_scale(page: Any) -> float:
    """The render scale at which a page's largest image keeps its own pixels: resampling a scan
    blurs the strokes Tesseract reads (an image without resolution of its own: 288 dpi)."""
    import pypdfium2.raw as pdfium_c

    best = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, _, right, _ = image.get_bounds()
        width, _ = image.get_px_size()
        if right - left > 1:
            best = max(best, width / (right - left))
    return min(MAX_SCALE, max(MIN_SCALE, best)) if best else DEFAULT_SCALE


def ocr_page(pdf_bytes: bytes, page_index: int, language: str, source_id: str, scale: float | None = None) -> str:
    """The text of one PDF page read by Tesseract, at the page image's own resolution unless
    ``scale`` says otherwise: one output line per text line, columns right to left, running
    heads and page numbers included (see :func:`ocr_page_blocks` for them set apart).

    Raises:
        ConfigurationError: Tesseract or the language is not installed (the message says how).
        UnreadableSourceError: the page cannot be rendered or Tesseract fails.
    """
    return "\n".join(block.text for block in ocr_page_blocks(pdf_bytes, page_index, language, source_id, scale))


def ocr_page_blocks(
    pdf_bytes: bytes,
    page_index: int,
    language: str,
    source_id: str,
    scale: float | None = None,
    margin_band: float = DEFAULT_LAYOUT_CONFIG.margin_band,
) -> list[Block]:
    """The lines of one PDF page read by Tesseract, as blocks: a line in the top or bottom
    ``margin_band`` of the page, no taller than the body's lines and standing apart from them,
    is a header, a footer or a page number, as on a page with a text layer; every other line
    is a body block of its own (repair rejoins the wrapped lines).

    The lines are found by ``segment_lines``, not by Tesseract's own layout analysis, which
    merges touching lines into garbage (see ``rasid.ingest.ocr_lines``).

    Raises:
        ConfigurationError: Tesseract or the language is not installed (the message says how).
        UnreadableSourceError: the page cannot be rendered or Tesseract fails.
    """
    available = tesseract_languages()
    missing = [code for code in language.split("+") if code not in available]
    if not available or missing:
        raise ConfigurationError(
            f"OCR needs Tesseract with {', '.join(missing or [language])}: {INSTALL_HINT}", source_id=source_id
        )
    import pypdfium2

    try:
        page = pypdfium2.PdfDocument(pdf_bytes)[page_index]
        scale = scale or native_scale(page)
        image = page.render(scale=scale).to_pil().convert("L")
    except (pypdfium2.PdfiumError, IndexError) as exc:
        raise UnreadableSourceError(
            f"page {page_index + 1} cannot be rendered for OCR: {exc}", source_id=source_id
        ) from exc
    layout = segment_lines(np.asarray(image))
    try:
        if not layout.lines:
            text = recognise_page(image, language)
            return [Block("body", line, (0.0, 0.0, 0.0, 0.0), 1) for line in text.split("\n") if line.strip()]
        texts = line_texts(image, layout, language)
    except subprocess.CalledProcessError as exc:
        raise UnreadableSourceError(
            f"Tesseract failed on page {page_index + 1}: {(exc.stderr or '').strip()[:200]}", source_id=source_id
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise UnreadableSourceError(
            f"Tesseract took more than {exc.timeout:.0f} s on page {page_index + 1}", source_id=source_id
        ) from exc
    blocks = line_blocks(list(zip(layout.lines, texts, strict=True)), image.height, margin_band)
    # Pixels (y down) to PDF points (y up), as every other block's box is given.
    return [replace(block, bbox=_in_points(block.bbox, scale, image.height)) for block in blocks]


def _in_points(box: tuple[float, float, float, float], scale: float, height: int) -> tuple[float, float, float, float]:
    left, top, right, bottom = box
    return (left / scale, (height - bottom) / scale, right / scale, (height - top) / scale)


def line_blocks(lines: list[tuple[Box, str]], height: int, margin_band: float) -> list[Block]:
    """Blocks of a page's OCR lines (boxes in pixels, y down, in reading order): running heads
    first, then the body, then footers and page numbers."""
    read = [(box, text) for box, text in lines if text.strip()]
    if not read:
        return []
    body_height = statistics.median(box[3] - box[1] for box, _ in read)
    band = margin_band * height
    heads: list[Block] = []
    body: list[Block] = []
    feet: list[Block] = []
    for box, text in read:
        left, top, right, bottom = box
        others = [other for other, _ in read if other is not box and other[0] < right and left < other[2]]
        # A running head or page number is set no larger than the body and stands apart from it.
        gap = min((max(other[1] - bottom, top - other[3]) for other in others), default=height)
        edge = bottom - top <= 1.1 * body_height and gap > 0.5 * body_height
        block = (float(left), float(top), float(right), float(bottom))
        if edge and bottom < band:
            heads.append(Block("page_number" if is_page_number(text) else "header", text, block, 0))
        elif edge and top > height - band:
            feet.append(Block("page_number" if is_page_number(text) else "footer", text, block, 0))
        else:
            body.append(Block("body", text, block, 1))
    if not body:
        # A page of a short line or two has no body for them to stand apart from: they are its
        # body (a lone page number stays one).
        return [
            block if block.kind == "page_number" else Block("body", block.text, block.bbox, 1) for block in heads + feet
        ]
    return heads + body + feet
