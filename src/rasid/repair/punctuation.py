"""Move sentence punctuation stranded at the start of a line back to its end.

In a right-to-left line the final full stop is displayed at the far left. An
extractor that orders by x position then emits it first: ``.سوريا، أو ...``
for ``سوريا، أو ... .``. A line that starts with sentence punctuation directly
before an Arabic letter, and does not already end in punctuation, has the
punctuation moved to its end.
"""

from __future__ import annotations

import re

from rasid.model import Edit, Finding, RuleResult
from rasid.repair.chars import SENTENCE_PUNCTUATION
from rasid.repair.tokens import ARABIC_LETTER_RANGES

REASON = "move_stranded_punctuation"
_STRANDED = re.compile(
    f"^(?P<indent>[ \\t]*)(?P<mark>[{re.escape(SENTENCE_PUNCTUATION)}]+)(?=[{ARABIC_LETTER_RANGES}])"
    f"(?P<body>[^\\n]*?)(?P<tail>[ \\t\\r]*)$",
    re.MULTILINE,
)


def fix_stranded_punctuation(text: str) -> RuleResult:
    """Move leading sentence punctuation to the end of its line (two edits per line).

    >>> result = fix_stranded_punctuation(".\\N{ARABIC LETTER LAM}\\N{ARABIC LETTER ALEF}")
    >>> [(e.start, e.end, e.before, e.after) for e in result.edits]
    [(0, 1, '.', ''), (3, 3, '', '.')]
    """
    edits: list[Edit] = []
    for match in _STRANDED.finditer(text):
        body = match.group("body")
        if body.rstrip() and body.rstrip()[-1] in SENTENCE_PUNCTUATION:
            continue
        mark = match.group("mark")
        edits.append(Edit(match.start("mark"), match.end("mark"), mark, "", REASON, 0.9))
        edits.append(Edit(match.end("body"), match.end("body"), "", mark, REASON, 0.9))
    if not edits:
        return RuleResult()
    count = len(edits) // 2
    finding = Finding(
        REASON,
        count,
        0.9,
        f"{count} lines had their final punctuation at the start",
        tuple(text[e.start : e.start + 30] for e in edits[::2][:3]),
    )
    return RuleResult(tuple(edits), finding)
