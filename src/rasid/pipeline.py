"""The document pipeline: read a source, repair its text, find the places it names.

``read_document`` is what the ``rasid read`` command and the store call: the
reader extracts text in logical order (recovering unmapped glyphs from PDFs at
the source), and repair fixes what is left at the text level, recording every
edit against the extracted text. Text read by OCR also has OCR's typical misreads
corrected (the rules in ``rasid.repair.rules.OCR_RULES``), and only that text: in a PDF with
a scanned page among text pages, the text pages are left as their text layer says.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rasid.ingest import DEFAULT_READ_CONFIG, ReadConfig, read_source
from rasid.model import Document
from rasid.places.gazetteer import Gazetteer
from rasid.places.recognize import find_places
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.pipeline import repair_text
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG, RepairConfig


def read_document(
    path: Path,
    model: LanguageModel | None = None,
    read_config: ReadConfig = DEFAULT_READ_CONFIG,
    repair_config: RepairConfig = DEFAULT_REPAIR_CONFIG,
    source_id: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> Document:
    """Read and repair one file (PDF, HTML or text); ``source_id`` names it (default: its path).
    With a ``gazetteer``, the places the repaired text names are found too.

    Raises:
        InputError: the file cannot be read (missing, empty, too large, unsupported, corrupt, encrypted).
        ModelError: the repair model is not built.
    """
    model = load_language_model() if model is None else model
    media_type, extraction = read_source(path, model, read_config)
    if extraction.ocr_spans:
        # OCR's misreads are looked for only where OCR read: a text layer's words, rare names
        # included, are what the PDF says.
        whole = extraction.ocr_spans == ((0, len(extraction.text)),)
        repair_config = replace(repair_config, ocr=True, ocr_spans=None if whole else extraction.ocr_spans)
    document = Document(
        source_id or str(path), media_type, extraction, repair_text(extraction.text, repair_config, model)
    )
    return with_places(document, gazetteer) if gazetteer is not None else document


def with_places(document: Document, gazetteer: Gazetteer) -> Document:
    """The document with the places its repaired text names."""
    return replace(document, places=find_places(document.text, gazetteer))
