"""Ingest: bytes of a PDF, a web page or a text file → an :class:`~rasid.model.Extraction`.

The media type is decided from the file's first bytes (a file called ``.txt``
that starts with ``%PDF-`` is a PDF), then its name. Every limit (bytes, pages,
time, memory) lives in :class:`ReadConfig`. PDFs are parsed in a child process
that carries the memory and time limits, so a decompression bomb or a parser
that never returns costs one clear error, not the whole run.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasid.errors import (
    EmptyInputError,
    InputError,
    InputTooLargeError,
    PipelineError,
    UnreadableSourceError,
    UnsupportedSourceError,
)
from rasid.ingest.pdf import DEFAULT_PDF_CONFIG, PdfConfig
from rasid.model import Extraction
from rasid.repair.language_model import LanguageModel

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"
_BINARY_SIGNATURES = {
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF8": "image/gif",
    b"PK\x03\x04": "application/zip",
    b"\x1f\x8b": "application/gzip",
    b"\x7fELF": "application/x-executable",
    b"%!PS": "application/postscript",
    b"\xd0\xcf\x11\xe0": "application/msword",
}


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """Limits and options for reading sources, in one place.

    Attributes:
        max_bytes: files larger than this are refused.
        timeout_seconds: reading one PDF may take at most this long.
        max_memory_bytes: reading one PDF may use at most this much memory (address space).
        isolate: parse PDFs in a child process that enforces the two limits above.
        pdf: PDF options (page limit, OCR, layout, glyph recovery).
    """

    max_bytes: int = 200 * 1024 * 1024
    timeout_seconds: float = 600.0
    max_memory_bytes: int = 4 * 1024 * 1024 * 1024
    isolate: bool = True
    pdf: PdfConfig = field(default_factory=lambda: DEFAULT_PDF_CONFIG)


DEFAULT_READ_CONFIG = ReadConfig()


def detect_media_type(path: Path, head: bytes) -> str:
    """The media type of a file from its first bytes, falling back on its name.

    >>> detect_media_type(Path("a.txt"), b"%PDF-1.7")
    'application/pdf'
    >>> detect_media_type(Path("page"), b"  <!DOCTYPE html><html>")
    'text/html'
    """
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    for signature, media_type in _BINARY_SIGNATURES.items():
        if head.startswith(signature):
            return media_type
    sniff = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith(
        (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--")
    ) or path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return HTML
    if path.suffix.lower() == ".pdf":
        return PDF
    return TEXT


def _read_text(data: bytes, source_id: str, model: LanguageModel, config: ReadConfig) -> Extraction:
    from rasid.ingest.text import decode_text

    decoded = decode_text(data, source_id)
    return Extraction(text=decoded.text, encoding=decoded.encoding)


def _read_html(data: bytes, source_id: str, model: LanguageModel, config: ReadConfig) -> Extraction:
    from rasid.ingest.html import read_html

    return read_html(data, source_id, url=source_id if source_id.startswith(("http://", "https://")) else None)


def _read_pdf(data: bytes, source_id: str, model: LanguageModel, config: ReadConfig) -> Extraction:
    from rasid.ingest.pdf import read_pdf

    if not config.isolate:
        return read_pdf(data, source_id, model, config.pdf)
    return run_isolated(read_pdf, (data, source_id, model, config.pdf), source_id, config)


Reader = Callable[[bytes, str, LanguageModel, ReadConfig], Extraction]

#: Media type → reader. The "unknown type" error lists these.
READERS: dict[str, Reader] = {PDF: _read_pdf, HTML: _read_html, TEXT: _read_text}


def read_source(path: Path, model: LanguageModel, config: ReadConfig = DEFAULT_READ_CONFIG) -> tuple[str, Extraction]:
    """Read one file: returns its media type and what was extracted.

    Raises:
        InputError: missing, empty, too large, unsupported, unreadable or encrypted.
    """
    source_id = str(path)
    if not path.exists():
        raise InputError("no such file", source_id=source_id)
    if path.is_dir():
        raise InputError("is a directory", source_id=source_id)
    size = path.stat().st_size
    if size > config.max_bytes:
        raise InputTooLargeError(
            f"{size:,} bytes is more than the limit of {config.max_bytes:,} (--max-bytes)", source_id=source_id
        )
    if size == 0:
        raise EmptyInputError("empty file", source_id=source_id)
    data = path.read_bytes()
    media_type = detect_media_type(path, data[:4096])
    reader = READERS.get(media_type)
    if reader is None:
        raise UnsupportedSourceError(
            f"unsupported file type {media_type}; rasid reads {', '.join(sorted(READERS))}", source_id=source_id
        )
    return media_type, reader(data, source_id, model, config)


def _child(target: Callable[..., Extraction], arguments: tuple[Any, ...], memory: int, connection: Any) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        connection.send(("ok", target(*arguments)))
    except PipelineError as error:
        connection.send(("error", (type(error), error.reason)))
    except MemoryError:
        connection.send(("memory", None))
    except RecursionError:
        connection.send(("error", (UnreadableSourceError, "the PDF is nested too deeply to parse")))
    finally:
        connection.close()


def run_isolated(
    target: Callable[..., Extraction], arguments: tuple[Any, ...], source_id: str, config: ReadConfig
) -> Extraction:
    """Run a reader in a forked child with the memory and time limits of ``config``."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(target, arguments, config.max_memory_bytes, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(config.timeout_seconds):
            raise InputTooLargeError(
                f"reading took longer than the limit of {config.timeout_seconds:.0f} s (--timeout)", source_id=source_id
            )
        try:
            status, payload = receiver.recv()
        except EOFError as exc:
            raise UnreadableSourceError("the PDF parser crashed on this file", source_id=source_id) from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "ok":
        result: Extraction = payload
        return result
    if status == "memory":
        raise InputTooLargeError(
            f"reading needs more than the {config.max_memory_bytes // 2**20:,} MB memory limit (a decompression bomb?)",
            source_id=source_id,
        )
    error_type, reason = payload
    raise error_type(reason, source_id=source_id)
