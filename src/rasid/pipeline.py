"""The document pipeline: read a source, then repair its text.

``read_document`` is what the ``rasid read`` command and the store call: the
reader extracts text in logical order (recovering unmapped glyphs from PDFs at
the source), and repair fixes what is left at the text level, recording every
edit against the extracted text.
"""

from __future__ import annotations

from pathlib import Path

from rasid.ingest import DEFAULT_READ_CONFIG, ReadConfig, read_source
from rasid.model import Document
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.pipeline import repair_text
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG, RepairConfig


def read_document(
    path: Path,
    model: LanguageModel | None = None,
    read_config: ReadConfig = DEFAULT_READ_CONFIG,
    repair_config: RepairConfig = DEFAULT_REPAIR_CONFIG,
    source_id: str | None = None,
) -> Document:
    """Read and repair one file (PDF, HTML or text); ``source_id`` names it (default: its path).

    Raises:
        InputError: the file cannot be read (missing, empty, too large, unsupported, corrupt, encrypted).
        ModelError: the repair model is not built.
    """
    model = load_language_model() if model is None else model
    media_type, extraction = read_source(path, model, read_config)
    return Document(source_id or str(path), media_type, extraction, repair_text(extraction.text, repair_config, model))
