"""Recover the letters of glyphs whose PDF font has no Unicode mapping for them.

A font's ToUnicode map may lack entries; the seed document lost its medial kaf,
final yeh and final alef maksura that way. The PDF still holds each glyph's
code, and every occurrence of a code is the same letter in the same form, so
the damage is a substitution cipher to solve, not text to guess. In order of
certainty:

1. **glyph names**: the embedded font program may name the glyph (``uni0643.medi``);
2. **reference font**: the font's name (``ABCDEF+Amiri``) may match a font installed
   on this machine; a glyph whose outline is identical to one of its glyphs gets that
   glyph's name (subsets keep outlines exactly);
3. **decipherment**: the assignment of letters to the unknown codes that makes the
   document's words most probable under the repair language model, every
   occurrence of a code taking the same letter.

Each recovered code is reported with its letter, the method and a confidence.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rasid.ingest.glyph_names import parse_glyph_name
from rasid.ingest.layout import is_placeholder, placeholder
from rasid.model import RecoveredGlyph
from rasid.repair.chars import LAM, LAM_ALEF_PARTNERS
from rasid.repair.detect import unknown_word_score
from rasid.repair.language_model import LanguageModel
from rasid.repair.model_build import END_ID, START_ID, UNKNOWN_ID
from rasid.repair.shaping import analyse_short, class_from_id
from rasid.repair.tokens import word_key

FONT_DIRECTORIES = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_TOKEN = re.compile("[\u0600-\u06ff\u0750-\u077f\U000f0000-\U000ffffd]+")
#: Letters a glyph may be deciphered as: the Arabic alphabet and the lam-alef ligatures.
CANDIDATE_LETTERS = (*tuple("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"), "لا", "لأ", "لإ", "لآ")


@dataclass(frozen=True, slots=True)
class FontProgram:
    """An embedded font program and how the PDF's codes map to its glyphs."""

    base_name: str  # the PDF BaseFont, e.g. "ECFSSB+Amiri"
    data: bytes  # the embedded font file (TrueType or CFF/OpenType)
    code_to_glyph: Mapping[int, int] | None  # None: identity (CIDToGIDMap /Identity)


def font_programs(pdf_bytes: bytes) -> dict[str, FontProgram]:
    """The embedded font programs of a PDF, by BaseFont name (read with pikepdf)."""
    import pikepdf

    programs: dict[str, FontProgram] = {}
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            resources: Any = page.get("/Resources", {})
            fonts: Any = resources.get("/Font", {})
            for _, font in fonts.items():
                name = str(font.get("/BaseFont", ""))[1:]
                if not name or name in programs:
                    continue
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is None:
                    continue
                stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                if stream is None:
                    continue
                mapping: dict[int, int] | None = None
                cid_to_gid = descendant.get("/CIDToGIDMap")
                if isinstance(cid_to_gid, pikepdf.Stream):
                    raw = cid_to_gid.read_bytes()
                    mapping = {cid: int.from_bytes(raw[2 * cid : 2 * cid + 2], "big") for cid in range(len(raw) // 2)}
                programs[name] = FontProgram(name, stream.read_bytes(), mapping)
    return programs


def _glyph_name(program: FontProgram, code: int) -> str | None:
    font = _open_font(program.data)
    if font is None:
        return None
    gid = code if program.code_to_glyph is None else program.code_to_glyph.get(code, -1)
    order = font.getGlyphOrder()
    return order[gid] if 0 <= gid < len(order) else None


@lru_cache(maxsize=64)
def _open_font(data: bytes) -> Any:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        return TTFont(io.BytesIO(data), lazy=True)
    except (TTLibError, OSError, ValueError, AssertionError):
        return None


def _outline_digest(font: Any, glyph_name: str) -> str | None:
    """A digest of a glyph's outline (TrueType points or CFF charstring), for exact matching."""
    try:
        if "glyf" in font:
            glyph = font["glyf"][glyph_name]
            coordinates, ends, flags = glyph.getCoordinates(font["glyf"])
            if not len(coordinates):
                return None
            payload = repr((list(coordinates), list(ends), bytes(flags)))
        elif "CFF " in font:
            charstrings = font["CFF "].cff.topDictIndex[0].CharStrings
            charstring = charstrings[glyph_name]
            charstring.decompile()
            payload = repr(charstring.program)
        else:
            return None
    except (KeyError, IndexError, AttributeError, TypeError, ValueError):
        return None
    return hashlib.sha1(payload.encode()).hexdigest()


@lru_cache(maxsize=1)
def installed_fonts() -> dict[str, str]:
    """PostScript and full names (lower case, no spaces) → font file, for installed fonts."""
    from fontTools.ttLib import TTFont, TTLibError

    found: dict[str, str] = {}
    for directory in FONT_DIRECTORIES:
        root = Path(os.path.expanduser(directory))
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in (".ttf", ".otf"):
                continue
            try:
                with TTFont(str(path), lazy=True) as font:
                    name_table = font["name"]
                    # PDFs name fonts by PostScript name ("Amiri-Regular"), full name ("Amiri
                    # Regular") or, for the regular style, family name ("Amiri").
                    names = [name_table.getDebugName(6), name_table.getDebugName(4)]
                    if (name_table.getDebugName(2) or "").lower() in ("regular", "book", "normal", "roman"):
                        names.append(name_table.getDebugName(1))
            except (TTLibError, OSError, KeyError, ValueError, AssertionError):
                continue
            for name in names:
                if name:
                    found.setdefault(name.replace(" ", "").lower(), str(path))
    return found


def installed_font_path(base_name: str) -> str | None:
    """The installed font file a PDF font name refers to, if any (subset prefix ignored)."""
    return installed_fonts().get(_SUBSET_PREFIX.sub("", base_name).replace(" ", "").lower())


@lru_cache(maxsize=16)
def _reference_digests(path: str) -> dict[str, list[str]]:
    """Outline digest → names of the glyphs with that outline, for one installed font."""
    font = _open_font(Path(path).read_bytes())
    if font is None:
        return {}
    digests: dict[str, list[str]] = {}
    for name in font.getGlyphOrder():
        digest = _outline_digest(font, name)
        if digest is not None:
            digests.setdefault(digest, []).append(name)
    return digests


def _reference_letters(program: FontProgram, code: int, embedded_name: str | None) -> list[tuple[str, str]]:
    """What an installed copy of the font says the glyph is: (letters, form) readings.

    A subset that kept the font's glyph ids is checked glyph for glyph: the same id with
    the same outline is the same glyph, and its name is the answer. Otherwise every glyph
    of the installed font with an identical outline is a reading; fonts share outlines
    between letters (medial kaf and keheh), so there may be several.
    """
    path = installed_font_path(program.base_name)
    font = _open_font(program.data)
    if path is None or embedded_name is None or font is None:
        return []
    digest = _outline_digest(font, embedded_name)
    if digest is None:
        return []
    reference = _open_font(Path(path).read_bytes())
    gid = code if program.code_to_glyph is None else program.code_to_glyph.get(code, -1)
    order = reference.getGlyphOrder() if reference is not None else []
    if 0 <= gid < len(order) and _outline_digest(reference, order[gid]) == digest:
        parsed = parse_glyph_name(order[gid])
        if parsed is not None:
            return [parsed]
    readings = [
        parsed for name in _reference_digests(path).get(digest, []) if (parsed := parse_glyph_name(name)) is not None
    ]
    return list(dict.fromkeys(readings))


def connector_glyphs(programs: Mapping[str, FontProgram]) -> frozenset[tuple[str, int]]:
    """(font, code) of glyphs that an installed copy of their font names as tatweel.

    Fonts such as Amiri insert short kashida glyphs while shaping (lam before kaf), and some
    producers map them to the letter of their cluster, doubling it (``للكن``). A glyph the
    font itself calls a tatweel is a connector, not a letter, whatever its ToUnicode says.
    """
    found: set[tuple[str, int]] = set()
    for name, program in programs.items():
        path = installed_font_path(name)
        reference = _open_font(Path(path).read_bytes()) if path else None
        embedded = _open_font(program.data)
        if reference is None or embedded is None or program.code_to_glyph is not None:
            continue
        order = reference.getGlyphOrder()
        embedded_order = embedded.getGlyphOrder()
        for gid, glyph_name in enumerate(order):
            if glyph_name.startswith(("uni0640", "kashida", "tatweel")) and gid < len(embedded_order):
                digest = _outline_digest(embedded, embedded_order[gid])
                if digest is not None and digest == _outline_digest(reference, glyph_name):
                    found.add((name, gid))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class RecoveryConfig:
    """Which recovery methods run, and the decipherment's settings.

    Attributes:
        use_glyph_names: read the embedded font's glyph names.
        use_reference_fonts: match outlines against fonts installed on this machine.
        use_decipherment: solve the remaining codes with the language model.
        rounds: passes of re-choosing every code's letter given the others.
        min_confidence: a deciphered letter below this confidence is dropped, not guessed.
    """

    use_glyph_names: bool = True
    use_reference_fonts: bool = True
    use_decipherment: bool = True
    rounds: int = 3
    min_confidence: float = 0.5


DEFAULT_RECOVERY_CONFIG = RecoveryConfig()


def _form_name(letters: str, token: str, position: int) -> str:
    """The contextual form ``letters`` take at ``position`` of ``token`` (after substitution)."""
    for start, _, identifier in analyse_short(token):
        if start == position:
            return class_from_id(identifier).form.label
    return ""


def decipher(
    text: str,
    unknown: Iterable[int],
    model: LanguageModel,
    config: RecoveryConfig,
    candidates: Mapping[int, tuple[str, ...]] | None = None,
) -> dict[int, tuple[str, float]]:
    """Letters for placeholder indexes in ``text``: the assignment that makes the words most
    probable in their context, each code one glyph (one letter in one form) everywhere.

    Coordinate ascent: each code in turn takes the letter that maximises the trigram
    log-probability of the words it occurs in (each in its five-word window), given the
    current letters of the other codes; a few rounds. ``candidates`` restricts some codes
    to a few letters (those an outline match allows).
    """
    codes = sorted(set(unknown))
    words = [match.group() for match in _TOKEN.finditer(text)]
    holders = {
        index: {ord(char) - 0xF0000 for char in word if is_placeholder(char)} for index, word in enumerate(words)
    }
    by_code: dict[int, list[int]] = {code: [] for code in codes}
    for index, held in holders.items():
        for code in held:
            if code in by_code:
                by_code[code].append(index)
    assignment: dict[int, str] = {}
    confidence: dict[int, float] = {}

    def fill(word: str, trial: Mapping[int, str]) -> str:
        return "".join(trial.get(ord(char) - 0xF0000, char) if is_placeholder(char) else char for char in word)

    def word_ids(trial: Mapping[int, str]) -> np.ndarray:
        ids = [START_ID, START_ID]
        for word in words:
            ids.append(model.word_id(word_key(fill(word, trial))))
        return np.array([*ids, END_ID, END_ID], dtype=np.int64)

    for _ in range(config.rounds):
        changed = False
        for code in sorted(codes, key=lambda c: -len(by_code[c])):
            positions = by_code[code]
            options = (candidates or {}).get(code, CANDIDATE_LETTERS)
            if not positions:
                continue
            stream = word_ids(assignment)
            rows_position: list[int] = []
            rows_id: list[int] = []
            bonus = np.zeros(len(options) * len(positions))
            form_penalty = np.zeros(len(options))
            for option_number, letters in enumerate(options):
                trial = {**assignment, code: letters}
                forms: Counter[str] = Counter()
                for occurrence, index in enumerate(positions):
                    filled = fill(words[index], trial)
                    key = word_key(filled)
                    identifier = model.word_id(key)
                    rows_position.append(index + 2)
                    rows_id.append(identifier)
                    if identifier == UNKNOWN_ID:
                        bonus[option_number * len(positions) + occurrence] = unknown_word_score(key, model)
                    position = _filled_position(words[index], code, trial)
                    if position is not None:
                        forms[_form_name(letters, filled, position)] += 1
                        if _breaks_ligature(filled, position, letters):
                            forms["impossible"] += 100
                # One glyph has one form: occurrences disagreeing with the majority cost dearly.
                if forms:
                    form_penalty[option_number] = 20.0 * (sum(forms.values()) - max(forms.values()))
            scores = (
                model.window_logprobs(
                    stream, np.array(rows_position, dtype=np.int64), np.array(rows_id, dtype=np.int64)
                )
                + bonus
            )
            totals = scores.reshape(len(options), len(positions)).sum(axis=1) - form_penalty
            best = int(np.argmax(totals))
            weights = np.exp(totals - totals[best])
            if assignment.get(code) != options[best]:
                changed = True
            assignment[code] = options[best]
            confidence[code] = float(1.0 / weights.sum())
        if not changed:
            break
    return {code: (assignment[code], confidence[code]) for code in codes if code in assignment}


def _breaks_ligature(word: str, position: int, letters: str) -> bool:
    """True if ``letters`` at ``position`` would have fused with a neighbouring glyph into a
    lam-alef ligature: a lam drawn as its own glyph is never followed by an alef."""
    before = word[position - 1] if position else ""
    after = word[position + len(letters)] if position + len(letters) < len(word) else ""
    return (before == LAM and letters[0] in LAM_ALEF_PARTNERS) or (letters[-1] == LAM and after in LAM_ALEF_PARTNERS)


def _filled_position(token: str, code: int, assignment: Mapping[int, str]) -> int | None:
    position = 0
    for char in token:
        if is_placeholder(char) and ord(char) - 0xF0000 == code:
            return position
        position += len(assignment.get(ord(char) - 0xF0000, char)) if is_placeholder(char) else 1
    return None


def recover_glyphs(
    text: str,
    placeholders: Mapping[tuple[str, int], int],
    programs: Mapping[str, FontProgram],
    model: LanguageModel,
    config: RecoveryConfig = DEFAULT_RECOVERY_CONFIG,
) -> tuple[str, tuple[RecoveredGlyph, ...]]:
    """Replace every placeholder in ``text`` by its recovered letters; report how each was found.

    Placeholders that no method recovers with enough confidence are removed, leaving the
    damage that text repair knows how to handle.
    """
    occurrences = Counter(char for char in text if is_placeholder(char))
    recovered: dict[int, RecoveredGlyph] = {}
    restricted: dict[int, tuple[str, ...]] = {}
    for (font, code), index in placeholders.items():
        program = programs.get(font.split("#")[0])
        if program is None:
            continue
        name = _glyph_name(program, code)
        parsed = parse_glyph_name(name) if (config.use_glyph_names and name) else None
        method = "glyph_name"
        if parsed is None and config.use_reference_fonts:
            readings = _reference_letters(program, code, name)
            method = "reference_font"
            if len(readings) == 1:
                parsed = readings[0]
            elif readings:
                # Several letters share this outline: let the words decide among them.
                restricted[index] = tuple(dict.fromkeys(letters for letters, _ in readings))
        if parsed is not None:
            letters, form = parsed
            recovered[index] = RecoveredGlyph(font, code, letters, form, method, 1.0, occurrences[placeholder(index)])
    remaining = [index for index in placeholders.values() if index not in recovered]
    if remaining and config.use_decipherment:
        partial = "".join(
            recovered[ord(c) - 0xF0000].letters if is_placeholder(c) and ord(c) - 0xF0000 in recovered else c
            for c in text
        )
        keys = {index: key for key, index in placeholders.items()}
        for index, (letters, certainty) in decipher(partial, remaining, model, config, restricted).items():
            font, code = keys[index]
            method = "reference_font+decipher" if index in restricted else "decipher"
            recovered[index] = RecoveredGlyph(
                font,
                code,
                letters,
                _first_form(partial, index, letters),
                method,
                certainty,
                occurrences[placeholder(index)],
            )
    replacement = {
        placeholder(index): glyph.letters
        for index, glyph in recovered.items()
        if glyph.confidence >= config.min_confidence
    }
    restored = "".join(replacement.get(char, "") if is_placeholder(char) else char for char in text)
    return restored, tuple(sorted(recovered.values(), key=lambda g: (-g.occurrences, g.font, g.code)))


def _first_form(text: str, index: int, letters: str) -> str:
    for match in _TOKEN.finditer(text):
        token = match.group()
        if placeholder(index) in token:
            filled = token.replace(placeholder(index), letters)
            position = token.index(placeholder(index))
            plain = "".join("" if is_placeholder(char) else char for char in filled[:position])
            return _form_name(letters, "".join("" if is_placeholder(c) else c for c in filled), len(plain))
    return ""
