"""Read text input for the command line: files or stdin, checked before anything is written.

Input is validated completely (UTF-8, not binary, not empty, under the size
limit) before a single byte of output is produced, so bad input never leaves
half an output behind. Standard input is spooled to a temporary file, which
keeps memory bounded for large inputs and lets a big input be read twice
(once to check, once to process).
"""

from __future__ import annotations

import codecs
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from rasid.errors import BinaryInputError, DecodingError, EmptyInputError, InputError, InputTooLargeError

BLOCK = 1 << 20
STDIN = "-"


@dataclass(frozen=True, slots=True)
class TextInput:
    """A validated UTF-8 input on disk: its path, its display name and its size."""

    path: Path
    name: str
    size: int
    spooled: bool  # True when ``path`` is a temporary copy of standard input

    def read_text(self) -> str:
        """The whole input as text, line endings exactly as given (byte-order mark dropped)."""
        with self.path.open("r", encoding="utf-8-sig", newline="") as handle:
            return handle.read()

    def iter_chunks(self, size: int) -> Iterator[str]:
        """The text in pieces of about ``size`` characters, each ending at a line break
        (preferably after a line that ends a sentence), so no paragraph context is cut
        mid-line."""
        pending = ""
        with self.path.open("r", encoding="utf-8-sig", newline="") as handle:
            while True:
                block = handle.read(size)
                if not block:
                    break
                pending += block
                while len(pending) >= size:
                    cut = _chunk_boundary(pending, size)
                    if cut <= 0:
                        break
                    yield pending[:cut]
                    pending = pending[cut:]
        if pending:
            yield pending

    def discard(self) -> None:
        """Remove the spooled copy of standard input, if any."""
        if self.spooled:
            self.path.unlink(missing_ok=True)


def _chunk_boundary(text: str, size: int) -> int:
    for marker in (".\n", "\n\n", "\n"):
        position = text.rfind(marker, size // 2, size + size // 2)
        if position >= 0:
            return position + len(marker)
    return len(text) if len(text) < 2 * size else size


def _validate(handle: BinaryIO, name: str, max_bytes: int, copy_to: IO[bytes] | None) -> int:
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    has_text = False
    while True:
        block = handle.read(BLOCK)
        if not block:
            break
        if b"\x00" in block:
            offset = size + block.index(b"\x00")
            raise BinaryInputError(f"binary data (a NUL byte at offset {offset}); expected UTF-8 text", source_id=name)
        try:
            decoded = decoder.decode(block)
        except UnicodeDecodeError as exc:
            raise DecodingError(
                f"not valid UTF-8 at byte {size + exc.start}: {exc.reason}; "
                "convert the file to UTF-8 first (e.g. iconv -f windows-1256 -t utf-8)",
                source_id=name,
            ) from exc
        has_text = has_text or bool(decoded.strip().strip("\ufeff"))
        size += len(block)
        if size > max_bytes:
            raise InputTooLargeError(
                f"larger than the {max_bytes:,}-byte limit; raise it with --max-bytes", source_id=name
            )
        if copy_to is not None:
            copy_to.write(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise DecodingError("not valid UTF-8: the input ends in the middle of a character", source_id=name) from exc
    if not has_text:
        raise EmptyInputError("empty input: there is no text to process", source_id=name)
    return size


def open_text_input(path: str, max_bytes: int) -> TextInput:
    """Validate a file (or ``-`` for standard input) as non-empty UTF-8 text under ``max_bytes``.

    Raises:
        InputError: missing file, directory, binary data, invalid UTF-8, empty, or too large.
    """
    if path == STDIN:
        spool = tempfile.NamedTemporaryFile(prefix="rasid-stdin-", suffix=".txt", delete=False)  # noqa: SIM115
        try:
            with spool:
                size = _validate(sys.stdin.buffer, "<stdin>", max_bytes, spool)
        except BaseException:
            Path(spool.name).unlink(missing_ok=True)
            raise
        return TextInput(Path(spool.name), "<stdin>", size, spooled=True)
    file = Path(path)
    if not file.exists():
        raise InputError("no such file", source_id=path)
    if file.is_dir():
        raise InputError("is a directory, not a text file", source_id=path)
    try:
        with file.open("rb") as handle:
            size = _validate(handle, path, max_bytes, None)
    except PermissionError as exc:
        raise InputError("permission denied", source_id=path) from exc
    return TextInput(file, path, size, spooled=False)


def write_atomically(path: Path, pieces: Iterator[str]) -> None:
    """Write ``pieces`` to ``path`` through a temporary file renamed into place on success,
    so a failure or an interrupt never leaves a partial output file."""
    path = path.resolve()
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by the with below, kept for cleanup
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".partial", delete=False
    )
    try:
        with handle:
            for piece in pieces:
                handle.write(piece)
        shutil.move(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_output(output: Path | None, pieces: Iterator[str]) -> None:
    """Write ``pieces`` to the file ``output`` atomically, or stream them to stdout when it is None."""
    if output is not None:
        write_atomically(output, pieces)
        return
    for piece in pieces:
        sys.stdout.write(piece)
    sys.stdout.flush()
