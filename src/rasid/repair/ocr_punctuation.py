"""Put back the Arabic comma that OCR read as a closing guillemet.

Tesseract's Arabic model reads the Arabic comma «،» as «»» (U+00BB), which it
resembles at text size: ``ديالى»`` for ``ديالى،``. Guillemets come in pairs, so a
closing guillemet after an Arabic word, with no opening guillemet before it on
the same printed line (the rule runs before lines are rejoined), is taken for a
comma, unless punctuation follows it: then it closes a quotation opened on an
earlier line. A space OCR put between the word and the mark goes too (a comma
sits on its word).
"""

from __future__ import annotations

from collections.abc import Sequence

from rasid.model import Edit, Finding, RuleResult
from rasid.repair.edits import within_spans
from rasid.repair.tokens import ARABIC_WORD

REASON = "fix_ocr_punctuation"
ARABIC_COMMA = "\u060c"
OPENING, CLOSING = "\u00ab", "\u00bb"
CONFIDENCE = 0.9
#: A closing guillemet with one of these right after it closes a quotation opened on an earlier
#: line: a comma is never followed by a full stop or another comma.
_PUNCTUATION_AFTER_QUOTE = frozenset(".،؛:!?؟,;")


def _after_arabic_word(line: str, index: int) -> int | None:
    """Where the mark at ``index`` would attach: the end of the Arabic word just before it
    (at most one space between), or None when no Arabic word is there."""
    end = index - 1 if index > 0 and line[index - 1] == " " else index
    if end > 0 and ARABIC_WORD.fullmatch(line[end - 1]):
        return end
    return None


def fix_unpaired_guillemets(text: str, spans: Sequence[tuple[int, int]] | None = None) -> RuleResult:
    """Replace every unpaired closing guillemet after an Arabic word by an Arabic comma; with
    ``spans``, only those inside them (the parts of the text that OCR read).

    >>> [(e.before, e.after) for e in fix_unpaired_guillemets("في ديالى» وأن").edits]
    [('»', '،')]
    >>> fix_unpaired_guillemets("قال «نعم» ثم").edits
    ()
    >>> fix_unpaired_guillemets("نهاية اقتباس بدأ في سطر سابق».").edits
    ()
    """
    edits: list[Edit] = []
    offset = 0
    for line in text.split("\n"):
        depth = 0
        for index, char in enumerate(line):
            if char == OPENING:
                depth += 1
            elif char == CLOSING and depth:
                depth -= 1
            elif char == CLOSING and line[index + 1 : index + 2] not in _PUNCTUATION_AFTER_QUOTE:
                end = _after_arabic_word(line, index)
                if end is not None:
                    start, stop = offset + end, offset + index + 1
                    edits.append(Edit(start, stop, text[start:stop], ARABIC_COMMA, REASON, CONFIDENCE))
        offset += len(line) + 1
    edits = list(within_spans(edits, spans))
    if not edits:
        return RuleResult()
    finding = Finding(
        REASON,
        len(edits),
        CONFIDENCE,
        f"{len(edits)} unpaired closing guillemets read as Arabic commas",
        tuple(text[max(0, e.start - 12) : e.end] for e in edits[:3]),
    )
    return RuleResult(tuple(edits), finding)
