"""Turn a page's glyphs into blocks of logical-order text: lines, columns, paragraphs.

PDF pages draw glyphs at positions; reading order is ours to rebuild. Glyphs are
grouped into lines by their vertical position, lines are cut where a gutter
separates columns, and each line's glyphs are put in logical order: Arabic runs
right to left, with numbers and Latin words left to right inside them (the
display order, reversed, with left-to-right runs restored). Columns are read
right to left on an Arabic page, each from top to bottom. A line in the top or
bottom margin band that stands apart from the body is a header or footer; one
holding only a number is a page number. Within a column a paragraph ends where a
line stops short of the column's far edge or a wider gap follows, and lines are
joined with spaces (a Latin word hyphenated across lines is joined whole).
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasid.ingest.pdf_glyphs import UNMAPPED, Glyph, PageGlyphs
from rasid.model import Block

_LEFT_TO_RIGHT = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9]")
_OPENING, _CLOSING = "([{<«", ")]}>»"
_PAGE_NUMBER = re.compile(r"^[\s\-–—|]*[0-9\u0660-\u0669\u06f0-\u06f9]+[\s\-–—|]*$")
_TERMINAL = ".!?:\N{ARABIC QUESTION MARK}"


@dataclass(frozen=True, slots=True)
class LayoutConfig:
    """Geometry thresholds, in ems (multiples of the line's font size) unless stated.

    Attributes:
        line_tolerance: glyphs whose vertical centres differ by less than this share one line.
        space_gap: a horizontal gap wider than this between glyphs is a space.
        gutter_gap: a horizontal gap wider than this cuts a line into column segments.
        margin_band: share of the page height at the top and bottom where headers and footers live.
        paragraph_gap: a vertical gap this many times the usual line pitch ends a paragraph.
        short_line: a line starting this far inside its column's near edge starts a paragraph.
    """

    line_tolerance: float = 0.35
    space_gap: float = 0.2
    gutter_gap: float = 1.5
    margin_band: float = 0.1
    paragraph_gap: float = 1.6
    short_line: float = 1.5


DEFAULT_LAYOUT_CONFIG = LayoutConfig()


@dataclass(slots=True)
class Segment:
    """Part of a printed line: glyphs in visual (left-to-right) order and their box."""

    glyphs: list[Glyph]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    text: str = ""

    def first_word_width(self, right_to_left: bool) -> float:
        """Width of the word this line starts with (its rightmost word in right-to-left text)."""
        glyphs = sorted(self.glyphs, key=lambda g: g.x0, reverse=right_to_left)
        edge = None
        far = None
        for glyph in glyphs:
            if glyph.text == " ":
                if edge is not None:
                    break
                continue
            edge = glyph.x1 if edge is None and right_to_left else (glyph.x0 if edge is None else edge)
            far = glyph.x0 if right_to_left else glyph.x1
        return 0.0 if edge is None or far is None else abs(edge - far)

    @property
    def middle(self) -> float:
        """Vertical centre."""
        return (self.y0 + self.y1) / 2


def placeholder(index: int) -> str:
    """The character standing for unmapped glyph number ``index`` until it is recovered."""
    return chr(0xF0000 + index)


def is_placeholder(char: str) -> bool:
    """True for the characters :func:`placeholder` makes."""
    return 0xF0000 <= ord(char) <= 0xFFFFD


@lru_cache(maxsize=4096)
def _is_mark_text(text: str) -> bool:
    return bool(text) and all(unicodedata.category(char) in ("Mn", "Me") for char in text)


def _is_mark(glyph: Glyph) -> bool:
    return _is_mark_text(glyph.text)


def _is_left_to_right(glyph: Glyph) -> bool:
    return bool(_LEFT_TO_RIGHT.match(glyph.text[:1]))


def group_lines(glyphs: Sequence[Glyph], config: LayoutConfig) -> list[list[Glyph]]:
    """Glyphs grouped into printed lines, top line first."""
    lines: list[list[Glyph]] = []
    middles: list[float] = []
    for glyph in sorted(glyphs, key=lambda g: -(g.y0 + g.y1)):
        middle = (glyph.y0 + glyph.y1) / 2
        if lines and abs(middles[-1] - middle) <= config.line_tolerance * max(glyph.size, 1.0):
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
            middles.append(middle)
    return lines


def split_segments(line: list[Glyph], config: LayoutConfig) -> list[Segment]:
    """Cut a line where a wide gap (a column gutter) separates its glyphs."""
    ordered = sorted(line, key=lambda g: (g.x0, g.x1))
    segments: list[list[Glyph]] = [[]]
    right = None
    for glyph in ordered:
        size = max(glyph.size, 1.0)
        if right is not None and glyph.x0 - right > config.gutter_gap * size and glyph.text != " ":
            segments.append([])
        segments[-1].append(glyph)
        if glyph.text != " ":  # a space at a line's end may reach into the gutter
            right = glyph.x1 if right is None else max(right, glyph.x1)
    result = []
    for glyphs in segments:
        visible = [g for g in glyphs if g.text != " "] or glyphs
        result.append(
            Segment(
                glyphs,
                min(g.x0 for g in visible),
                min(g.y0 for g in visible),
                max(g.x1 for g in visible),
                max(g.y1 for g in visible),
                statistics.median(g.size for g in visible),
            )
        )
    return result


def _nearest_letter(glyphs: list[Glyph], index: int, step: int) -> Glyph | None:
    position = index + step
    while 0 <= position < len(glyphs) and _is_mark(glyphs[position]):
        position += step
    if 0 <= position < len(glyphs):
        glyph = glyphs[position]
        if glyph.text == UNMAPPED or glyph.text[:1].isalpha():
            return glyph
    return None


def logical_text(glyphs: Sequence[Glyph], placeholders: dict[tuple[str, int], int], config: LayoutConfig) -> str:
    """The text of glyphs in visual order, in logical order.

    Marks are kept with the base glyph they sit on; a gap wider than ``space_gap`` em
    without a space glyph becomes a space; an unmapped glyph becomes its placeholder.
    """
    ordered = sorted((glyph for glyph in glyphs if glyph.text is not None), key=lambda g: (g.x0, g.x1))
    groups = {id(glyph): [glyph] for glyph in ordered if not _is_mark(glyph)}
    bases: list[list[Glyph]] = [groups[id(glyph)] for glyph in ordered if id(glyph) in groups]
    letters = [group for group in bases if group[0].text == UNMAPPED or (group[0].text[:1].isalpha())]
    # A mark belongs to a letter drawn next to it (shaping engines draw a mark right before or
    # right after its base): of the letters just before and just after it in drawing order,
    # the one whose box is nearest the mark, the following one on a tie.
    drawn = list(glyphs)
    for index, glyph in enumerate(drawn):
        if not _is_mark(glyph) or not letters:
            continue
        centre = (glyph.x0 + glyph.x1) / 2
        neighbours = [g for g in (_nearest_letter(drawn, index, -1), _nearest_letter(drawn, index, 1)) if g]
        if neighbours:
            owner = min(reversed(neighbours), key=lambda g: max(0.0, g.x0 - centre, centre - g.x1))
            groups[id(owner)].append(glyph)
            continue
        nearest = min(letters, key=lambda group: abs((group[0].x0 + group[0].x1) / 2 - centre))
        nearest.append(glyph)
    units: list[tuple[str, bool]] = []  # (text, left-to-right) in visual order
    right = None
    for group in bases:
        base = group[0]
        size = max(base.size, 1.0)
        if (
            right is not None
            and base.x0 - right > config.space_gap * size
            and base.text != " "
            and units
            and units[-1][0] != " "
        ):
            units.append((" ", False))
        text = (
            base.text
            if base.text != UNMAPPED
            else placeholder(placeholders.setdefault((base.font, base.code), len(placeholders)))
        )
        marks = "".join(g.text for g in group[1:])
        units.append((text + marks, _is_left_to_right(base)))
        right = base.x1 if right is None else max(right, base.x1)
    if not any(not ltr and unit.strip() and not unit.isascii() for unit, ltr in units):
        return "".join(unit for unit, _ in units)  # a line with no right-to-left text
    # Right-to-left line: reverse the visual order, then restore left-to-right runs.
    logical: list[str] = []
    run: list[str] = []
    for unit, ltr in reversed(units):
        if ltr or (run and unit in ".,:/%" and ltr is False and unit.strip()):
            run.append(unit)
            continue
        if run:
            logical.extend(reversed(run))
            run = []
        logical.append(unit)
    logical.extend(reversed(run))
    return "".join(logical)


def _merge(intervals: list[tuple[float, float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for low, high in sorted(intervals):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return merged


def _gap_widths(intervals: list[tuple[float, float]]) -> list[float]:
    """Widths of the empty stretches between merged intervals (between rows of text)."""
    merged = _merge(intervals)
    return [b[0] - a[1] for a, b in itertools.pairwise(merged)]


def _gaps(intervals: list[tuple[float, float]], minimum: float) -> list[float]:
    """Midpoints of the empty stretches (wider than ``minimum``) between merged intervals."""
    merged = _merge(intervals)
    return [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(merged) if b[0] - a[1] > minimum]


def reading_order(
    segments: list[Segment], right_to_left: bool, config: LayoutConfig
) -> list[tuple[int, list[Segment]]]:
    """Recursive XY-cut: split at full-height gutters (columns, read right to left on an Arabic
    page), else at full-width gaps (read top to bottom), until neither exists. Returns the
    leaf groups in reading order with the column number of each (1 = first column read)."""
    size = statistics.median(s.size for s in segments) if segments else 1.0

    def cut(group: list[Segment], column: int) -> list[tuple[int, list[Segment]]]:
        if not group:
            return []  # a page whose only lines are its running head or page number
        if len(group) <= 1:
            return [(column, group)]
        vertical = _gaps([(s.x0, s.x1) for s in group], config.gutter_gap * size * 0.6)
        if vertical:
            edges = [float("-inf"), *vertical, float("inf")]
            parts = [[s for s in group if low < (s.x0 + s.x1) / 2 < high] for low, high in itertools.pairwise(edges)]
            if right_to_left:
                parts.reverse()
            ordered: list[tuple[int, list[Segment]]] = []
            for offset, part in enumerate(p for p in parts if p):
                ordered.extend(cut(part, column + offset if column else offset + 1))
            return ordered
        # Only a gap clearly wider than the usual space between lines separates blocks.
        rows = [(s.y0, s.y1) for s in group]
        leading = _gap_widths(rows)
        usual = statistics.median(leading) if leading else 0.0
        horizontal = _gaps(rows, max(1.5 * usual, usual + 0.5 * size))
        if horizontal:
            edges = [float("inf"), *sorted(horizontal, reverse=True), float("-inf")]
            ordered = []
            for high, low in itertools.pairwise(edges):
                part = [s for s in group if low < s.middle < high]
                if part:
                    ordered.extend(cut(part, column))
            return ordered
        return [(column, group)]

    return cut(segments, 0)


def _paragraphs(
    segments: list[Segment], x0: float, x1: float, right_to_left: bool, config: LayoutConfig
) -> list[list[Segment]]:
    """Group a column's lines (top to bottom) into paragraphs."""
    ordered = sorted(segments, key=lambda s: -s.middle)
    pitches = [a.middle - b.middle for a, b in itertools.pairwise(ordered)]
    pitch = statistics.median(pitches) if pitches else 0.0
    paragraphs: list[list[Segment]] = []
    for segment in ordered:
        if paragraphs:
            previous = paragraphs[-1][-1]
            size = max(previous.size, 1.0)
            gap = previous.middle - segment.middle
            # A line ends its paragraph if the next line's first word would have fitted in the
            # room it left (at its left edge in right-to-left text).
            room = previous.x0 - x0 if right_to_left else x1 - previous.x1
            short = room > segment.first_word_width(right_to_left) + size
            indented = (x1 - segment.x1 if right_to_left else segment.x0 - x0) > config.short_line * size
            wide_gap = pitch > 0 and gap > config.paragraph_gap * pitch
            if not (short or wide_gap or indented):
                paragraphs[-1].append(segment)
                continue
        paragraphs.append([segment])
    return paragraphs


def orient_brackets(text: str) -> str:
    """Swap mirrored brackets, pair by pair, where the paragraph has them facing the wrong way.

    Some producers map a mirrored glyph to the character it shows (``»`` where the author
    typed ``«``), others to the character typed. A kind of bracket that closes before it
    opens in a paragraph was mapped the first way, and is swapped.
    """
    for opening, closing in zip(_OPENING, _CLOSING, strict=True):
        depth = 0
        for char in text:
            if char == opening:
                depth += 1
            elif char == closing:
                depth -= 1
                if depth < 0:
                    text = text.translate(str.maketrans(opening + closing, closing + opening))
                    break
    return text


def continues(text: str) -> bool:
    """True when a block stops mid-sentence, so the next column or page carries it on."""
    stripped = text.rstrip().rstrip("»\"')”’")
    return bool(stripped) and stripped[-1] not in _TERMINAL and stripped[-1] != "\N{ARABIC FULL STOP}"


def _join_lines(texts: list[str]) -> str:
    joined = ""
    for text in texts:
        text = text.strip()
        if not joined:
            joined = text
        elif re.search(r"[A-Za-z]-$", joined) and re.match(r"[a-z]", text):
            joined = joined[:-1] + text  # a hyphenated Latin word
        else:
            joined = f"{joined} {text}"
    return joined


def is_page_number(text: str) -> bool:
    """True for a line that holds only a page number (``12``, ``- ١٢ -``)."""
    return _PAGE_NUMBER.match(text) is not None


def page_blocks(
    page: PageGlyphs, placeholders: dict[tuple[str, int], int], config: LayoutConfig = DEFAULT_LAYOUT_CONFIG
) -> list[Block]:
    """The blocks of one page in reading order: headers, body paragraphs, footers."""
    segments = [segment for line in group_lines(page.glyphs, config) for segment in split_segments(line, config)]
    for segment in segments:
        segment.text = logical_text(segment.glyphs, placeholders, config)
    segments = [segment for segment in segments if segment.text.strip()]
    if not segments:
        return []
    right_to_left = (
        sum(1 for s in segments if any("\u0600" <= c <= "\u06ff" or is_placeholder(c) for c in s.text))
        >= len(segments) / 2
    )
    band = config.margin_band * page.height
    body: list[Segment] = []
    edges: list[Block] = []
    edge_segments: list[Segment] = []
    ordered = sorted(segments, key=lambda s: -s.middle)
    pitch = statistics.median([a.middle - b.middle for a, b in itertools.pairwise(ordered)] or [0.0])
    body_size = statistics.median(s.size for s in ordered)
    for index, segment in enumerate(ordered):
        # Running heads and page numbers are set small; a large line at the top is a headline.
        small = segment.size <= 1.1 * body_size
        top = small and segment.y1 > page.height - band
        bottom = small and segment.y0 < band
        neighbours = [ordered[k] for k in (index - 1, index + 1) if 0 <= k < len(ordered)]
        apart = all(
            abs(segment.middle - other.middle) > 1.5 * max(pitch, segment.size)
            for other in neighbours
            if other is not segment and (other.x0 < segment.x1 and segment.x0 < other.x1)
        )
        if (top or bottom) and apart:
            kind = "page_number" if is_page_number(segment.text) else ("header" if top else "footer")
            edges.append(Block(kind, segment.text.strip(), (segment.x0, segment.y0, segment.x1, segment.y1), 0))
            edge_segments.append(segment)
        else:
            body.append(segment)
    if not body:
        # A page of a short line or two has no body for them to stand apart from: they are its
        # body (a lone page number stays one).
        body = [segment for segment, edge in zip(edge_segments, edges, strict=True) if edge.kind != "page_number"]
        edges = [edge for edge in edges if edge.kind == "page_number"]
    blocks: list[Block] = [b for b in edges if b.kind == "header"]
    body_blocks: list[Block] = []
    sizes: list[float] = []
    for column, group in reading_order(body, right_to_left, config):
        x0, x1 = min(s.x0 for s in group), max(s.x1 for s in group)
        for number, paragraph in enumerate(_paragraphs(group, x0, x1, right_to_left, config)):
            box = (
                min(s.x0 for s in paragraph),
                min(s.y0 for s in paragraph),
                max(s.x1 for s in paragraph),
                max(s.y1 for s in paragraph),
            )
            text = orient_brackets(_join_lines([s.text for s in paragraph]))
            size = statistics.median(s.size for s in paragraph)
            if number == 0 and body_blocks and continues(body_blocks[-1].text) and abs(size - sizes[-1]) < 0.15 * size:
                # A paragraph carried over from the previous column.
                body_blocks[-1] = Block(
                    "body", _join_lines([body_blocks[-1].text, text]), body_blocks[-1].bbox, body_blocks[-1].column
                )
                continue
            body_blocks.append(Block("body", text, box, column))
            sizes.append(size)
    blocks.extend(body_blocks)
    blocks.extend(b for b in edges if b.kind != "header")
    return blocks
