"""Read image-only pages with Tesseract, when it is installed.

Pages are rendered with pypdfium2, cut into lines by ``rasid.ingest.ocr_lines`` (columns
right to left) and each line passed to the ``tesseract`` command (Debian packages
``tesseract-ocr`` and ``tesseract-ocr-ara``). Without them, rasid says what to install
instead of failing obscurely.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import numpy as np

from rasid.errors import ConfigurationError, UnreadableSourceError
from rasid.ingest.ocr_lines import recognise_lines, segment_lines

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
    ``scale`` says otherwise: one output line per text line, columns right to left.

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
        image = page.render(scale=scale or native_scale(page)).to_pil().convert("L")
    except (pypdfium2.PdfiumError, IndexError) as exc:
        raise UnreadableSourceError(
            f"page {page_index + 1} cannot be rendered for OCR: {exc}", source_id=source_id
        ) from exc
    layout = segment_lines(np.asarray(image))
    try:
        return recognise_lines(image, layout, language)
    except subprocess.CalledProcessError as exc:
        raise UnreadableSourceError(
            f"Tesseract failed on page {page_index + 1}: {(exc.stderr or '').strip()[:200]}", source_id=source_id
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise UnreadableSourceError(
            f"Tesseract took more than {exc.timeout:.0f} s on page {page_index + 1}", source_id=source_id
        ) from exc
