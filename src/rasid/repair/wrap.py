"""Rejoin hard-wrapped lines into paragraphs and drop blank-line artefacts.

Text extracted from a PDF keeps the page's line breaks: every printed line
ends in a newline, and extractors add blank lines between blocks that are not
paragraph breaks. A text is judged hard-wrapped when most of its lines are
about as long as its longest lines and many of those end mid-sentence. Its
lines are then joined with spaces, and a paragraph break is kept only where a
line ends a sentence and is either short or followed by an indented line.
Text with one paragraph per line (the normal case) and verse are left alone.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from rasid.model import Edit, Finding, RuleResult

REASON = "rejoin_lines"
#: How often each kind of edit was right on news articles of the development split wrapped as
#: printed columns (60, 80 and 110 characters, with and without indented paragraphs and blank-line
#: artefacts; 2026-12-08): a line break inside a sentence joined (155,852 of 156,864 right: a
#: paragraph that ends without punctuation, such as a headline, is the exception) ...
JOIN_CONFIDENCE = 0.99
#: ... a full line that ends a sentence joined to the next (2,596 of 4,982: 62% in one half of the
#: split, 41% in the other; nothing in the text tells a paragraph's full last line from a line
#: that happens to end a sentence) ...
JOIN_AFTER_SENTENCE_CONFIDENCE = 0.52
#: ... and whitespace between paragraphs tidied (blank-line artefacts, an indent: 16,223 of 16,223
#: kept a break where a paragraph ended), or an indent or blank lines at the text's ends dropped,
#: which never joins or splits a paragraph.
LAYOUT_CONFIDENCE = 0.999
TERMINAL_PUNCTUATION = ".!?:\N{ARABIC QUESTION MARK}\N{HORIZONTAL ELLIPSIS}"
_CLOSING = "»\"')]”’"


@dataclass(frozen=True, slots=True)
class WrapConfig:
    """Thresholds for hard-wrap detection.

    Attributes:
        min_lines: fewer non-blank lines than this are never treated as wrapped.
        full_line: a line at least this fraction of the typical full width counts as full.
        min_full_share: at least this share of the lines must be full.
        min_open_share: at least this share of full lines must end mid-sentence.
        min_width: typical full width must be at least this many characters...
        max_width: ... and at most this many: a printed column line is short, while text with
            one paragraph per line has lines of hundreds of characters.
    """

    min_lines: int = 4
    full_line: float = 0.7
    min_full_share: float = 0.6
    min_open_share: float = 0.4
    min_width: int = 30
    max_width: int = 160


DEFAULT_WRAP_CONFIG = WrapConfig()


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] in TERMINAL_PUNCTUATION


def typical_width(widths: list[int]) -> int:
    """The 90th-percentile line width: what a full printed line measures."""
    ordered = sorted(widths)
    return ordered[min(len(ordered) - 1, (9 * len(ordered)) // 10)]


def is_verse(lines: list[str]) -> bool:
    """Poetry, which newspapers print one verse per line: hemistichs separated by asterisks,
    or lines that rhyme (most of them share one or two endings)."""
    if sum("**" in line for line in lines) >= len(lines) / 3:
        return True
    endings = Counter(line.rstrip(" .،!؟:")[-2:] for line in lines)
    common = [count for _, count in endings.most_common(2)]
    return common[0] >= 0.35 * len(lines) or sum(common) >= 0.6 * len(lines)


def is_hard_wrapped(lines: list[str], config: WrapConfig = DEFAULT_WRAP_CONFIG) -> bool:
    """Judge whether non-blank ``lines`` are a hard-wrapped text."""
    if len(lines) < config.min_lines or is_verse(lines):
        return False
    widths = [len(line.strip()) for line in lines]
    width = typical_width(widths)
    if not config.min_width <= width <= config.max_width:
        return False
    full = [line for line, size in zip(lines, widths, strict=True) if size >= config.full_line * width]
    if len(full) < config.min_full_share * len(lines):
        return False
    open_lines = sum(1 for line in full if not _ends_sentence(line))
    return open_lines >= config.min_open_share * len(full)


def rejoin_lines(text: str, config: WrapConfig = DEFAULT_WRAP_CONFIG) -> RuleResult:
    """Join the lines of a hard-wrapped text into one line per paragraph."""
    lines = [(match.start(), match.group()) for match in re.finditer(r"[^\n]*", text) if match.group().strip()]
    if not is_hard_wrapped([line for _, line in lines], config):
        return RuleResult()
    width = typical_width([len(line.strip()) for _, line in lines])
    edits: list[Edit] = []
    breaks = 0
    first_start, first_line = lines[0]
    indent = len(first_line) - len(first_line.lstrip())
    if indent:
        edits.append(Edit(first_start, first_start + indent, first_line[:indent], "", REASON, LAYOUT_CONFIDENCE))
    for (start, line), (next_start, next_line) in itertools.pairwise(lines):
        content_end = start + len(line.rstrip())
        next_content = next_start + len(next_line) - len(next_line.lstrip())
        ends_sentence = _ends_sentence(line)
        paragraph_ends = ends_sentence and (len(line.strip()) < 0.85 * width or next_line[:1].isspace())
        separator = "\n" if paragraph_ends else " "
        breaks += paragraph_ends
        gap = text[content_end:next_content]
        if gap != separator:
            if paragraph_ends:
                confidence = LAYOUT_CONFIDENCE
            else:
                confidence = JOIN_AFTER_SENTENCE_CONFIDENCE if ends_sentence else JOIN_CONFIDENCE
            edits.append(Edit(content_end, next_content, gap, separator, REASON, confidence))
    last_start, last_line = lines[-1]
    tail_start = last_start + len(last_line.rstrip())
    if text[tail_start:].strip() == "" and text[tail_start:] not in ("", "\n"):
        edits.append(Edit(tail_start, len(text), text[tail_start:], "\n", REASON, LAYOUT_CONFIDENCE))
    if not edits:
        return RuleResult()
    finding = Finding(REASON, len(lines), 0.9, f"{len(lines)} hard-wrapped lines rejoined into {breaks + 1} paragraphs")
    return RuleResult(tuple(edits), finding)
