"""Read image-only pages with Tesseract, when it is installed.

Pages are rendered with pypdfium2 and passed to the ``tesseract`` command (Debian
packages ``tesseract-ocr`` and ``tesseract-ocr-ara``). Without them, rasid says
what to install instead of failing obscurely.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from rasid.errors import ConfigurationError, UnreadableSourceError

INSTALL_HINT = "install Tesseract with Arabic: apt-get install tesseract-ocr tesseract-ocr-ara"


def tesseract_languages() -> set[str]:
    """Languages the installed Tesseract can read (empty if Tesseract is missing)."""
    if shutil.which("tesseract") is None:
        return set()
    completed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False, timeout=30)
    return {line.strip() for line in completed.stdout.splitlines()[1:] if line.strip()}


def ocr_page(pdf_bytes: bytes, page_index: int, language: str, source_id: str, scale: float = 4.0) -> str:
    """The text of one PDF page read by Tesseract.

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
        image = pypdfium2.PdfDocument(pdf_bytes)[page_index].render(scale=scale).to_pil().convert("L")
    except (pypdfium2.PdfiumError, IndexError) as exc:
        raise UnreadableSourceError(
            f"page {page_index + 1} cannot be rendered for OCR: {exc}", source_id=source_id
        ) from exc
    with tempfile.TemporaryDirectory(prefix="rasid-ocr-") as folder:
        path = Path(folder) / "page.png"
        image.save(path)
        completed = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", language, "--psm", "4"],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    if completed.returncode != 0:
        raise UnreadableSourceError(
            f"Tesseract failed on page {page_index + 1}: {completed.stderr.strip()[:200]}", source_id=source_id
        )
    return "\n".join(line.strip() for line in completed.stdout.splitlines() if line.strip())
