"""Contextual letter forms, decided the way a shaping engine decides them.

A PDF font draws each Arabic letter with one of four glyphs (isolated, initial,
medial, final) chosen by its neighbours' Unicode joining types. When the font's
ToUnicode map lacks the entry for one of those glyphs, every letter drawn with
it vanishes from the extracted text. To reason about that damage we need, for
each letter of a text, the glyph it would have been drawn with: its
:class:`GlyphClass`. Lam followed by an alef is drawn as one lam-alef ligature
glyph, so it is one class of its own, as in a real font.

The analysis is vectorised with NumPy because it runs over whole lexicons
(hundreds of thousands of words) when a repair index is built.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from rasid.errors import ConfigurationError
from rasid.repair.chars import LAM, LAM_ALEF_PARTNERS, joining_type, joining_type_table, letter_name

# Joining types as small integers for the vectorised tables.
_U, _T, _R, _D, _L, _C = range(6)
_TYPE_CODES = {"U": _U, "T": _T, "R": _R, "D": _D, "L": _L, "C": _C}
_TABLE_SIZE = 0x10000  # characters beyond the BMP are never Arabic letters
#: The joining types (as ``joining_type`` gives them) that join the character before them,
#: and those that join the character after them.
JOINS_TO_PREVIOUS = frozenset("RDC")
JOINS_TO_NEXT = frozenset("DLC")
# The same by joining type code, for the vectorised analysis.
_KINDS_BY_CODE = [kind for kind, _ in sorted(_TYPE_CODES.items(), key=lambda item: item[1])]
_JOINS_TO_PREVIOUS = np.array([kind in JOINS_TO_PREVIOUS for kind in _KINDS_BY_CODE])
_JOINS_TO_NEXT = np.array([kind in JOINS_TO_NEXT for kind in _KINDS_BY_CODE])


class Form(enum.IntEnum):
    """The four contextual forms. The value encodes (joins next) * 2 + (joins previous)."""

    ISOLATED = 0
    FINAL = 1
    INITIAL = 2
    MEDIAL = 3

    @property
    def label(self) -> str:
        """Lower-case name used in class names, e.g. ``"medial"``."""
        return self.name.lower()


_FORM_ALIASES = {
    "isolated": Form.ISOLATED,
    "isol": Form.ISOLATED,
    "final": Form.FINAL,
    "fina": Form.FINAL,
    "initial": Form.INITIAL,
    "init": Form.INITIAL,
    "medial": Form.MEDIAL,
    "medi": Form.MEDIAL,
}


@dataclass(frozen=True, slots=True, order=True)
class GlyphClass:
    """One glyph of an Arabic font: a letter (or lam-alef pair) in one contextual form.

    >>> GlyphClass.parse("kaf.medial").name
    'kaf.medial'
    >>> GlyphClass.parse("lam_alef.fina").letters == "\\N{ARABIC LETTER LAM}\\N{ARABIC LETTER ALEF}"
    True
    """

    letters: str
    form: Form

    @property
    def name(self) -> str:
        """Stable name, ``<letter>.<form>``; lam-alef ligatures are ``lam_<alef>``."""
        if len(self.letters) == 2:
            return f"lam_{letter_name(self.letters[1])}.{self.form.label}"
        return f"{letter_name(self.letters)}.{self.form.label}"

    @property
    def is_ligature(self) -> bool:
        """True for the lam-alef ligature classes."""
        return len(self.letters) == 2

    @classmethod
    def parse(cls, name: str) -> GlyphClass:
        """Parse a class name such as ``"yeh.final"`` or ``"lam_alef.isol"``.

        Raises:
            ConfigurationError: unknown letter or form; the message lists valid names.
        """
        letter_part, _, form_part = name.strip().partition(".")
        form = _FORM_ALIASES.get(form_part.lower())
        if form is None:
            raise ConfigurationError(
                f"unknown form {form_part!r} in glyph class {name!r}; use one of: {', '.join(sorted(_FORM_ALIASES))}"
            )
        letters = _letters_by_name().get(letter_part.lower())
        if letters is None:
            raise ConfigurationError(
                f"unknown letter {letter_part!r} in glyph class {name!r}; "
                f"known letters include: {', '.join(sorted(_letters_by_name())[:40])}, ..."
            )
        glyph_class = cls(letters, form)
        if form not in possible_forms(letters):
            raise ConfigurationError(f"{letter_part} has no {form.label} form")
        return glyph_class


def form_between(letter: str, previous_joins: bool, next_joins: bool) -> Form:
    """The form ``letter`` takes between a character that joins towards it (or not) and one that
    joins towards it (or not), as :func:`analyse_glyphs` decides it.

    >>> form_between("\N{ARABIC LETTER YEH}", True, False).label
    'final'
    """
    kind = joining_type(letter)
    return Form(((next_joins and kind in JOINS_TO_NEXT) << 1) | (previous_joins and kind in JOINS_TO_PREVIOUS))


def possible_forms(letters: str) -> tuple[Form, ...]:
    """Return the forms a letter (or lam-alef pair) can take given its joining type."""
    if len(letters) == 2:
        return (Form.ISOLATED, Form.FINAL)
    kind = joining_type(letters)
    if kind == "D":
        return tuple(Form)
    if kind == "R":
        return (Form.ISOLATED, Form.FINAL)
    if kind == "L":
        return (Form.ISOLATED, Form.INITIAL)
    return (Form.ISOLATED,)


@lru_cache(maxsize=1)
def _letter_slots() -> tuple[str, ...]:
    """Every letter that has glyph classes, then the four lam-alef pairs; index = slot."""
    letters = sorted(
        char for char, kind in joining_type_table().items() if kind in ("D", "R", "L", "U") and char.isalpha()
    )
    return tuple(letters) + tuple(LAM + alef for alef in LAM_ALEF_PARTNERS)


@lru_cache(maxsize=1)
def _letters_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for letters in _letter_slots():
        names[GlyphClass(letters, Form.ISOLATED).name.partition(".")[0]] = letters
    return names


def all_glyph_classes() -> tuple[GlyphClass, ...]:
    """Every glyph class a text can contain, in class-id order."""
    return tuple(
        class_from_id(class_id)
        for class_id in range(len(_letter_slots()) * 4)
        if Form(class_id % 4) in possible_forms(_letter_slots()[class_id // 4])
    )


@lru_cache(maxsize=1024)  # looked up for every short word damaged while restoring
def class_id(glyph_class: GlyphClass) -> int:
    """Return the integer id of a class (slot * 4 + form)."""
    return _letter_slots().index(glyph_class.letters) * 4 + int(glyph_class.form)


def class_from_id(identifier: int) -> GlyphClass:
    """Inverse of :func:`class_id`."""
    return GlyphClass(_letter_slots()[identifier // 4], Form(identifier % 4))


def class_count() -> int:
    """Size of the class-id space (including impossible letter/form pairs)."""
    return len(_letter_slots()) * 4


@lru_cache(maxsize=1)
def _tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int32], int, npt.NDArray[np.int32]]:
    types = np.full(_TABLE_SIZE, _U, dtype=np.uint8)
    for code_point in range(_TABLE_SIZE):
        kind = joining_type(chr(code_point))
        if kind != "U":
            types[code_point] = _TYPE_CODES[kind]
    slots = np.full(_TABLE_SIZE, -1, dtype=np.int32)
    single_letters = [letters for letters in _letter_slots() if len(letters) == 1]
    for index, letter in enumerate(single_letters):
        slots[ord(letter)] = index
    lam_alef_base = len(single_letters)
    partner_index = np.full(_TABLE_SIZE, -1, dtype=np.int32)
    for index, alef in enumerate(LAM_ALEF_PARTNERS):
        partner_index[ord(alef)] = index
    return types, slots, lam_alef_base, partner_index


@dataclass(frozen=True, slots=True)
class GlyphAnalysis:
    """Per-letter glyph classes of a text, as parallel arrays.

    ``starts[i]`` is the index of the i-th letter (the lam, for a lam-alef),
    ``ends[i]`` the index of its last base character (the alef, for a lam-alef),
    and ``class_ids[i]`` its glyph class id.
    """

    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    class_ids: npt.NDArray[np.int64]

    def counts(self) -> npt.NDArray[np.int64]:
        """Occurrences of each class id."""
        return np.bincount(self.class_ids, minlength=class_count())


def text_codes(text: str) -> npt.NDArray[np.uint32]:
    """Code points of a string as a NumPy array (UTF-32 view, no copy of characters)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def analyse_glyphs(text: str) -> GlyphAnalysis:
    """Decide the contextual form of every Arabic letter in ``text``.

    >>> analysis = analyse_glyphs("\\N{ARABIC LETTER LAM}\\N{ARABIC LETTER KAF}\\N{ARABIC LETTER NOON}")
    >>> [class_from_id(int(c)).name for c in analysis.class_ids]
    ['lam.initial', 'kaf.medial', 'noon.final']
    """
    types_table, slots_table, lam_alef_base, partner_index = _tables()
    codes = text_codes(text)
    if codes.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return GlyphAnalysis(empty, empty, empty)
    bmp = np.minimum(codes, _TABLE_SIZE - 1)
    types = np.where(codes < _TABLE_SIZE, types_table[bmp], _U)
    solid = np.flatnonzero(types != _T)
    if solid.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return GlyphAnalysis(empty, empty, empty)
    solid_types = types[solid]
    previous = np.empty_like(solid_types)
    previous[0] = _U
    previous[1:] = solid_types[:-1]
    following = np.empty_like(solid_types)
    following[-1] = _U
    following[:-1] = solid_types[1:]
    joins_previous = _JOINS_TO_PREVIOUS[solid_types] & _JOINS_TO_NEXT[previous]
    joins_next = _JOINS_TO_NEXT[solid_types] & _JOINS_TO_PREVIOUS[following]
    solid_codes = bmp[solid]
    slots = np.where(codes[solid] < _TABLE_SIZE, slots_table[solid_codes], -1)
    forms = joins_previous.astype(np.int64) + 2 * joins_next.astype(np.int64)
    ends = solid.astype(np.int64).copy()

    # Lam followed (ignoring marks) by an alef is one ligature glyph.
    is_lam = solid_codes == ord(LAM)
    partner = np.full(solid_codes.size, -1, dtype=np.int32)
    partner[:-1] = partner_index[solid_codes[1:]]
    ligature = np.flatnonzero(is_lam & (partner >= 0))
    if ligature.size:
        slots[ligature] = lam_alef_base + partner[ligature]
        forms[ligature] = joins_previous[ligature].astype(np.int64)
        ends[ligature] = solid[ligature + 1]
        slots[ligature + 1] = -1
    letters = slots >= 0
    return GlyphAnalysis(
        starts=solid[letters].astype(np.int64),
        ends=ends[letters],
        class_ids=slots[letters].astype(np.int64) * 4 + forms[letters],
    )


_SHORT_TEXT = 48  # below this length the pure-Python analysis beats NumPy's call overhead


@lru_cache(maxsize=1)
def _scalar_tables() -> tuple[dict[str, int], dict[str, int], int, dict[str, int]]:
    single_letters = [letters for letters in _letter_slots() if len(letters) == 1]
    types = {char: _TYPE_CODES[kind] for char, kind in joining_type_table().items()}
    return (
        types,
        {letter: index for index, letter in enumerate(single_letters)},
        len(single_letters),
        {alef: index for index, alef in enumerate(LAM_ALEF_PARTNERS)},
    )


def _scalar_type(char: str, types: dict[str, int]) -> int:
    kind = types.get(char)
    if kind is not None:
        return kind
    return _T if joining_type(char) == "T" else _U


def analyse_short(text: str) -> list[tuple[int, int, int]]:
    """Pure-Python twin of :func:`analyse_glyphs` for short strings: ``(start, end, class id)`` per letter.

    Single words are analysed thousands of times while restoring, where NumPy's per-call
    overhead would dominate; a property test keeps the two implementations equal.
    """
    types, slots, lam_alef_base, partners = _scalar_tables()
    solid = [(index, char, _scalar_type(char, types)) for index, char in enumerate(text)]
    solid = [item for item in solid if item[2] != _T]
    result: list[tuple[int, int, int]] = []
    skip_next = False
    for k, (index, char, kind) in enumerate(solid):
        if skip_next:
            skip_next = False
            continue
        previous = solid[k - 1][2] if k else _U
        following = solid[k + 1][2] if k + 1 < len(solid) else _U
        joins_previous = kind in (_R, _D, _C) and previous in (_D, _L, _C)
        joins_next = kind in (_D, _L, _C) and following in (_R, _D, _C)
        slot = slots.get(char)
        if slot is None:
            continue
        if char == LAM and k + 1 < len(solid) and solid[k + 1][1] in partners:
            result.append(
                (index, solid[k + 1][0], (lam_alef_base + partners[solid[k + 1][1]]) * 4 + int(joins_previous))
            )
            skip_next = True
            continue
        result.append((index, index, slot * 4 + int(joins_previous) + 2 * int(joins_next)))
    return result


def class_ids_of(glyph_classes: Iterable[GlyphClass]) -> npt.NDArray[np.int64]:
    """Class ids of several classes, as an array for :func:`numpy.isin`."""
    return np.array(sorted(class_id(glyph_class) for glyph_class in glyph_classes), dtype=np.int64)


def lost_positions(text: str, glyph_classes: Iterable[GlyphClass]) -> npt.NDArray[np.int64]:
    """Indices of the characters that would vanish if ``glyph_classes`` had no Unicode mapping."""
    if len(text) <= _SHORT_TEXT:
        lost_ids = {class_id(glyph_class) for glyph_class in glyph_classes}
        positions: list[int] = []
        for start, end, identifier in analyse_short(text):
            if identifier in lost_ids:
                positions.append(start)
                if end != start:
                    positions.append(end)
        return np.array(sorted(positions), dtype=np.int64)
    return analysed_lost_positions(analyse_glyphs(text), glyph_classes)


def analysed_lost_positions(analysis: GlyphAnalysis, glyph_classes: Iterable[GlyphClass]) -> npt.NDArray[np.int64]:
    """:func:`lost_positions` of a text whose :func:`analyse_glyphs` result is already known."""
    wanted = np.zeros(class_count(), dtype=bool)
    wanted[class_ids_of(glyph_classes)] = True
    lost = wanted[analysis.class_ids]
    starts, ends = analysis.starts[lost], analysis.ends[lost]
    ligatures = ends != starts
    # A ligature loses its lam and its alef, but not any mark drawn between them.
    return np.sort(np.concatenate([starts, ends[ligatures]]))


def delete_positions(text: str, positions: npt.NDArray[np.int64]) -> str:
    """``text`` without the characters at ``positions`` (vectorised, for long texts)."""
    if positions.size == 0:
        return text
    codes = text_codes(text)
    keep = np.ones(codes.size, dtype=bool)
    keep[positions] = False
    return codes[keep].tobytes().decode("utf-32-le")


def drop_glyphs(text: str, glyph_classes: Iterable[GlyphClass]) -> str:
    """Delete every letter drawn with one of ``glyph_classes``, as a broken PDF extraction does.

    >>> drop_glyphs("\\N{ARABIC LETTER FEH}\\N{ARABIC LETTER YEH}", [GlyphClass.parse("yeh.final")])
    'ف'
    """
    positions = lost_positions(text, glyph_classes)
    if positions.size == 0:
        return text
    if len(text) <= _SHORT_TEXT:
        dropped = set(positions.tolist())
        return "".join(char for index, char in enumerate(text) if index not in dropped)
    return delete_positions(text, positions)
