"""Read plain-text files in whatever encoding Arabic text arrives in.

A byte-order mark decides UTF-8 and UTF-16. Otherwise valid UTF-8 wins (Arabic
in a single-byte code page is almost never valid UTF-8), then UTF-16 without a
mark (recognised by its NUL bytes), then the two Arabic code pages:
Windows-1256 and ISO-8859-6. ISO-8859-6 leaves many bytes undefined, so a text
that decodes in both is judged by which reading gives more Arabic letters and
fewer symbols. Mojibake inside the decoded text is left to repair.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rasid.errors import BinaryInputError, DecodingError, EmptyInputError

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_ODD = re.compile("[\u0080-\u00bf\u2000-\u206f\ufffd]")


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text and the encoding it was read in."""

    text: str
    encoding: str


def _plausibility(text: str) -> float:
    letters = len(_ARABIC_LETTER.findall(text))
    odd = len(_ODD.findall(text))
    return letters - 5 * odd


def decode_text(data: bytes, source_id: str = "") -> DecodedText:
    """Decode the bytes of a text file; see the module docstring for the order of guesses.

    Raises:
        EmptyInputError: nothing but whitespace.
        BinaryInputError: the bytes are not text in any supported encoding.
        DecodingError: text, but in no supported encoding.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="strict"), encoding, source_id)
    if b"\x00" in data:
        # Text never holds NUL; UTF-16 without a byte-order mark does (in every space and digit).
        candidates = []
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                decoded = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in decoded:
                candidates.append((_plausibility(decoded), encoding, decoded))
        if candidates:
            score, encoding, decoded = max(candidates)
            if score > 0:
                return _checked(decoded, encoding, source_id)
        raise BinaryInputError("binary data (NUL bytes), not text", source_id=source_id)
    try:
        return _checked(data.decode("utf-8"), "utf-8", source_id)
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in ("cp1256", "iso8859_6"):
        try:
            readings.append((_plausibility(decoded := data.decode(encoding)), encoding, decoded))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise DecodingError("not UTF-8, UTF-16, Windows-1256 or ISO-8859-6 text", source_id=source_id)
    _, encoding, decoded = max(readings)
    return _checked(decoded, encoding, source_id)


def _checked(text: str, encoding: str, source_id: str) -> DecodedText:
    if not text.strip().strip("\ufeff"):
        raise EmptyInputError("empty: there is no text to read", source_id=source_id)
    if "\x00" in text:
        raise BinaryInputError("binary data (NUL characters), not text", source_id=source_id)
    return DecodedText(text, encoding)
