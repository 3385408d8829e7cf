"""Put lines stored in visual order back into logical order.

Some PDF producers and extractors store each line as it is displayed, left to
right: the Arabic comes out reversed (``قارعلا`` for ``العراق``) while digits and
Latin words, displayed left to right, come out in their normal order, and
mirrored brackets come out swapped. A line is judged visual when its reversal
holds far more known words than the line itself; it is then reversed, the
left-to-right runs inside it are re-reversed, and mirrored pairs are swapped.
"""

from __future__ import annotations

import re

from rasid.model import Edit, RuleResult
from rasid.repair.edits import line_rewrites
from rasid.repair.language_model import LanguageModel
from rasid.repair.tokens import ARABIC_WORD, IGNORED_IN_KEYS

REASON = "reverse_visual_line"
_LEFT_TO_RIGHT_RUN = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9]+(?:[.,:/%][0-9A-Za-z]+)*")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_LINE = re.compile(r"[^\n]+")


def logical_from_visual(line: str) -> str:
    """Reverse a visually ordered line, keeping numbers and Latin words readable.

    >>> logical_from_visual("2019 ماع") == "عام 2019"
    True
    """
    reversed_line = line[::-1].translate(_MIRRORED)
    return _LEFT_TO_RIGHT_RUN.sub(lambda match: match.group()[::-1], reversed_line)


def known_word_count(text: str, model: LanguageModel) -> tuple[int, int]:
    """(Arabic word tokens of ``text`` the model knows, Arabic word tokens in all)."""
    # The word tokens of iter_tokens are the runs of Arabic word characters whose key (the run
    # without marks and tatweel) is not empty. Deleting marks and tatweel first leaves exactly
    # those keys as the runs, without building a Token per token of every line.
    keys = ARABIC_WORD.findall(text.translate(IGNORED_IN_KEYS))
    index = model.index
    return sum(map(index.__contains__, keys)), len(keys)


def is_visual_line(line: str, model: LanguageModel, min_words: int = 2) -> tuple[bool, float]:
    """Judge one line; returns (visual?, confidence)."""
    known, total = known_word_count(line, model)
    if total < min_words or known > 0.7 * total:
        return False, 0.0  # a line that mostly reads already is in logical order
    known_reversed, _ = known_word_count(line[::-1], model)
    margin = max(2, (3 * total) // 10)
    if known_reversed >= known + margin:
        return True, min(0.99, 0.5 + 0.5 * (known_reversed - known) / total)
    return False, 0.0


def fix_visual_order(text: str, model: LanguageModel) -> RuleResult:
    """Reverse every line that reads as visually ordered; one edit per line."""
    edits: list[Edit] = []
    for match in _LINE.finditer(text):
        line = match.group()
        visual, confidence = is_visual_line(line, model)
        if not visual:
            continue
        stripped = line.strip()
        offset = match.start() + line.index(stripped)
        edits.append(
            Edit(offset, offset + len(stripped), stripped, logical_from_visual(stripped), REASON, round(confidence, 4))
        )
    return line_rewrites(edits, REASON, "{count} lines were stored in visual (left-to-right) order")
