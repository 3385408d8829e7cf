"""What a font's glyph name says about the letter and form it draws.

Fonts name their glyphs by conventions: ``uni0643.medi`` (a code point and an
OpenType feature), ``uniFEDC`` (a presentation-form code point, which fixes the
form too), ``afii57443`` (the Adobe Glyph List name of kaf), ``kaf.medi`` or
``lam_alef``. Names with no recognisable letter give nothing; we never guess
from them.

>>> parse_glyph_name("uni0643.medi")
('ك', 'medial')
>>> parse_glyph_name("uni064A.fina_KafYaaIsol")
('ي', 'final')
>>> parse_glyph_name("uniFEDC")
('ك', 'medial')
>>> parse_glyph_name("glyph01234") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rasid.repair.shaping import all_glyph_classes

_FORMS = {
    "init": "initial",
    "medi": "medial",
    "fina": "final",
    "isol": "isolated",
    "initial": "initial",
    "medial": "medial",
    "final": "final",
    "isolated": "isolated",
}
_PRESENTATION_TAGS = {"<initial>": "initial", "<medial>": "medial", "<final>": "final", "<isolated>": "isolated"}
_UNI = re.compile(r"^uni((?:[0-9A-Fa-f]{4})+)$")
_U = re.compile(r"^u([0-9A-Fa-f]{4,6})$")
_AFII = re.compile(r"^afii(\d{5})$")


@lru_cache(maxsize=1)
def _letters_by_name() -> dict[str, str]:
    """Letter names in several spellings ("alef_maksura", "alefmaksura") → letters."""
    names: dict[str, str] = {}
    for glyph_class in all_glyph_classes():
        name = glyph_class.name.partition(".")[0]
        names[name] = glyph_class.letters
        names[name.replace("_", "")] = glyph_class.letters
    names.update({"lamalef": "لا", "lam_alef": "لا", "hamza": "ء", "teh_marbuta": "ة", "tehmarbuta": "ة"})
    return names


def _adobe_glyph_list(number: int) -> str | None:
    """The Arabic ``afiiNNNNN`` names of the Adobe Glyph List (57409 = hamza, in code point order)."""
    if 57409 <= number <= 57434:
        return chr(0x0621 + number - 57409)
    if 57440 <= number <= 57458:
        return chr(0x0640 + number - 57440)
    return None


def _from_code_points(text: str) -> tuple[str, str] | None:
    decomposition = unicodedata.decomposition(text) if len(text) == 1 else ""
    parts = decomposition.split()
    if parts and parts[0] in _PRESENTATION_TAGS:
        letters = "".join(chr(int(part, 16)) for part in parts[1:])
        return letters, _PRESENTATION_TAGS[parts[0]]
    if all("\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" for char in text):
        return text, ""
    return None


def parse_glyph_name(name: str) -> tuple[str, str] | None:
    """(letters, form) for a glyph name that identifies an Arabic letter, else None.

    The form is "initial", "medial", "final" or "isolated" when the name says so, and ""
    when it names only the letter.
    """
    stem, _, rest = name.partition(".")
    form = ""
    for part in re.split(r"[._]", rest):
        if part.lower() in _FORMS:
            form = _FORMS[part.lower()]
            break
    letters: str | None = None
    if match := _UNI.match(stem):
        digits = match.group(1)
        letters = "".join(chr(int(digits[k : k + 4], 16)) for k in range(0, len(digits), 4))
    elif match := _U.match(stem):
        letters = chr(int(match.group(1), 16))
    elif match := _AFII.match(stem):
        letters = _adobe_glyph_list(int(match.group(1)))
    else:
        base = stem.lower()
        for suffix in ("-ar", "_ar", "ar"):
            if base.endswith(suffix) and base[: -len(suffix)] in _letters_by_name():
                base = base[: -len(suffix)]
        letters = _letters_by_name().get(base)
    if not letters:
        return None
    parsed = _from_code_points(letters)
    if parsed is None:
        return None
    letters, implied = parsed
    return letters, form or implied
