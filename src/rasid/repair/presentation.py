"""Fold Arabic presentation forms back to base letters.

Some PDFs expose the glyphs themselves in their text layer: code points from
Arabic Presentation Forms-A (U+FB50–U+FDFF) and -B (U+FE70–U+FEFF), one per
contextual form (``ﻛ`` is kaf, initial). Search, tokenising and every later
stage expect base letters, so each form is replaced by its compatibility
decomposition (a lam-alef ligature becomes two letters). The zero-width
no-break space U+FEFF shares the block but is not a letter and is left alone.
"""

from __future__ import annotations

import re
import unicodedata

from rasid.model import Edit, Finding, RuleResult

REASON = "fold_presentation_forms"
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")


def fold_char(char: str) -> str:
    """Base letters of one presentation-form character (unchanged if it has no decomposition).

    >>> fold_char("\\N{ARABIC LETTER KAF INITIAL FORM}") == "\\N{ARABIC LETTER KAF}"
    True
    """
    folded = unicodedata.normalize("NFKC", char)
    return folded if folded else char


def fold_presentation_forms(text: str) -> RuleResult:
    """Replace every run of presentation forms by base letters; one edit per run.

    >>> result = fold_presentation_forms("\\ufee3\\ufeae\\ufea3\\ufe92\\ufe8e")
    >>> result.edits[0].after == "\\N{ARABIC LETTER MEEM}\\N{ARABIC LETTER REH}\\N{ARABIC LETTER HAH}" \\
    ...     "\\N{ARABIC LETTER BEH}\\N{ARABIC LETTER ALEF}"
    True
    """
    edits: list[Edit] = []
    characters = 0
    for match in PRESENTATION_FORMS.finditer(text):
        before = match.group()
        after = "".join(fold_char(char) for char in before)
        if after != before:
            edits.append(Edit(match.start(), match.end(), before, after, REASON, 1.0))
            characters += len(before)
    if not edits:
        return RuleResult()
    finding = Finding(
        REASON,
        characters,
        1.0,
        f"{characters} presentation-form characters folded to base letters in {len(edits)} runs",
        tuple(edit.before for edit in edits[:3]),
    )
    return RuleResult(tuple(edits), finding)
