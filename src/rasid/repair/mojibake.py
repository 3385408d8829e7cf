"""Undo mojibake: UTF-8 Arabic that was decoded as Windows-1252 or Windows-1256.

``Ø§Ù„Ø¹Ø±Ø§Ù‚`` is the UTF-8 bytes of ``العراق`` read as Windows-1252;
``ط§ظ„ط¹ط±ط§ظ‚`` is the same bytes read as Windows-1256. Both are undone by
encoding back to bytes in the wrong code page and decoding as UTF-8. The fix is
applied per whitespace-separated chunk, and only when it yields valid UTF-8
that contains Arabic letters, so genuine Latin or Arabic text is never touched:
ordinary Arabic, encoded to Windows-1256, is almost never valid UTF-8.
"""

from __future__ import annotations

import re

from rasid.model import Edit, Finding, RuleResult

REASON = "fix_mojibake"
_CHUNK = re.compile(r"\S+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# Windows-1252 leaves five bytes undefined; lenient decoders map them to the C1
# control characters with the same number, so we map those back the same way.
_C1_UNDEFINED_IN_CP1252 = {"\x81": 0x81, "\x8d": 0x8D, "\x8f": 0x8F, "\x90": 0x90, "\x9d": 0x9D}
# UTF-8 Arabic read as Windows-1256 starts every letter with ط or ظ (lead bytes D8, D9):
# three of them at every other position never happens in real Arabic.
_ARABIC_MOJIBAKE_HINT = re.compile("[\u0637\u0638]\\S[\u0637\u0638]\\S[\u0637\u0638]")
_WINDOWS_1256_LEAD = re.compile("[\u0637\u0638]")
_LATIN_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def _encode_cp1252_leniently(chunk: str) -> bytes | None:
    output = bytearray()
    for char in chunk:
        try:
            output += char.encode("cp1252")
        except UnicodeEncodeError:
            code = _C1_UNDEFINED_IN_CP1252.get(char)
            if code is None:
                return None
            output.append(code)
    return bytes(output)


def _try_code_page(chunk: str, code_page: str) -> str | None:
    if code_page == "cp1252":
        raw = _encode_cp1252_leniently(chunk)
    else:
        try:
            raw = chunk.encode(code_page)
        except UnicodeEncodeError:
            return None
    if raw is None or raw.isascii():
        return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not _ARABIC_LETTER.search(fixed):
        return None
    return fixed


def unmangle(chunk: str) -> tuple[str, str] | None:
    """Return ``(fixed text, code page)`` if ``chunk`` is UTF-8 Arabic misread in a code page.

    Trying a code page costs an encode and a decode; :func:`fix_mojibake` first checks
    that the text as a whole shows the symptoms.

    >>> unmangle("Ø§Ù„Ø¹Ø±Ø§Ù‚")[0] == "\\N{ARABIC LETTER ALEF}\\N{ARABIC LETTER LAM}\\N{ARABIC LETTER AIN}" \\
    ...     "\\N{ARABIC LETTER REH}\\N{ARABIC LETTER ALEF}\\N{ARABIC LETTER QAF}"
    True
    >>> unmangle("café") is None
    True
    """
    if _LATIN_MOJIBAKE_HINT.search(chunk):
        fixed = _try_code_page(chunk, "cp1252")
        if fixed is not None:
            return fixed, "cp1252"
    if _WINDOWS_1256_LEAD.search(chunk):
        fixed = _try_code_page(chunk, "cp1256")
        if fixed is not None:
            return fixed, "cp1256"
    return None


def fix_mojibake(text: str) -> RuleResult:
    """Find and undo mojibake chunk by chunk."""
    if not (_LATIN_MOJIBAKE_HINT.search(text) or _ARABIC_MOJIBAKE_HINT.search(text)):
        return RuleResult()
    edits: list[Edit] = []
    pages: set[str] = set()
    for match in _CHUNK.finditer(text):
        chunk = match.group()
        if chunk.isascii():
            continue
        result = unmangle(chunk)
        if result is None:
            continue
        fixed, page = result
        pages.add(page)
        edits.append(Edit(match.start(), match.end(), chunk, fixed, REASON, 0.99))
    if not edits:
        return RuleResult()
    finding = Finding(
        REASON,
        len(edits),
        0.99,
        f"{len(edits)} chunks of UTF-8 text had been decoded as {' or '.join(sorted(pages))}",
        tuple(f"{edit.before} → {edit.after}" for edit in edits[:3]),
    )
    return RuleResult(tuple(edits), finding)
