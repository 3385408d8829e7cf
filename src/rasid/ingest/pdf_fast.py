"""A fast text-only PDF interpreter on top of pikepdf (qpdf parses the content streams in C++).

It follows the PDF text model (text and line matrices, character and word
spacing, horizontal scaling, rise, the CTM through ``q``/``Q``/``cm`` and form
XObjects) and records a :class:`~rasid.ingest.pdf_glyphs.Glyph` per glyph,
exactly like the pdfminer-based collector, several times faster. Anything it
does not handle (vertical writing, CID fonts with a CMap other than Identity,
rotated pages) raises :class:`UnsupportedPdf`, and the reader falls back to
pdfminer for that document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rasid.ingest.pdf_glyphs import UNMAPPED, Glyph, PageGlyphs

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_HEX_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_RANGE_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)")


class UnsupportedPdf(Exception):
    """The document uses something this interpreter does not handle; use pdfminer instead."""


def multiply(first: Matrix, second: Matrix) -> Matrix:
    """The matrix product ``first × second`` in PDF's row-vector convention."""
    a1, b1, c1, d1, e1, f1 = first
    a0, b0, c0, d0, e0, f0 = second
    return (
        a1 * a0 + b1 * c0,
        a1 * b0 + b1 * d0,
        c1 * a0 + d1 * c0,
        c1 * b0 + d1 * d0,
        e1 * a0 + f1 * c0 + e0,
        e1 * b0 + f1 * d0 + f0,
    )


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's ``bfchar`` and ``bfrange`` entries: code → text."""
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, flags=re.S):
        for code, text in _HEX_ENTRY.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", errors="replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, flags=re.S):
        for low, high, target in _RANGE_ENTRY.findall(block):
            start, stop = int(low, 16), int(high, 16)
            if stop - start > 65535:
                continue
            if target.startswith(b"["):
                for offset, text in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", target)):
                    mapping[start + offset] = bytes.fromhex(text.decode()).decode("utf-16-be", errors="replace")
            else:
                base = bytes.fromhex(target[1:-1].decode())
                for offset in range(stop - start + 1):
                    value = int.from_bytes(base, "big") + offset
                    mapping[start + offset] = value.to_bytes(len(base), "big").decode("utf-16-be", errors="replace")
    return mapping


@dataclass(slots=True)
class FontState:
    """What the interpreter needs of a font: how to split strings into codes, widths, text."""

    name: str
    code_bytes: int
    widths: dict[int, float]
    default_width: float
    to_unicode: dict[int, str]
    descent: float

    @classmethod
    def from_dict(cls, font: Any) -> FontState:
        """Read a font dictionary (pikepdf object)."""
        import pikepdf

        subtype = str(font.get("/Subtype", ""))
        name = str(font.get("/BaseFont", "font"))[1:]
        to_unicode = parse_to_unicode(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}
        if subtype == "/Type0":
            encoding = str(font.get("/Encoding", ""))
            if encoding != "/Identity-H":
                raise UnsupportedPdf(f"CID font encoding {encoding}")
            descendant = font.DescendantFonts[0]
            widths: dict[int, float] = {}
            array = list(descendant.get("/W", []))
            position = 0
            while position < len(array):
                first = int(array[position])
                following = array[position + 1]
                if not isinstance(following, pikepdf.Array):
                    last, width = int(following), float(array[position + 2])
                    for code in range(first, last + 1):
                        widths[code] = width
                    position += 3
                else:
                    for offset, value in enumerate(following):
                        widths[first + offset] = float(value)
                    position += 2
            descriptor = descendant.get("/FontDescriptor", {})
            return cls(
                name,
                2,
                widths,
                float(descendant.get("/DW", 1000)),
                to_unicode,
                float(descriptor.get("/Descent", 0)) / 1000,
            )
        if subtype in ("/TrueType", "/Type1", "/MMType1"):
            first_char = int(font.get("/FirstChar", 0))
            widths = {first_char + offset: float(width) for offset, width in enumerate(font.get("/Widths", []))}
            descriptor = font.get("/FontDescriptor", {})
            if not to_unicode:
                to_unicode = {code: chr(code) for code in range(32, 127)}
            return cls(
                name,
                1,
                widths,
                float(descriptor.get("/MissingWidth", 0) or 500),
                to_unicode,
                float(descriptor.get("/Descent", 0)) / 1000,
            )
        raise UnsupportedPdf(f"font type {subtype}")

    def codes(self, data: bytes) -> list[int]:
        """Character codes of a string."""
        if self.code_bytes == 2:
            return [int.from_bytes(data[k : k + 2], "big") for k in range(0, len(data) - 1, 2)]
        return list(data)


@dataclass(slots=True)
class _TextState:
    font: FontState | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scaling: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    matrix: Matrix = IDENTITY
    line: Matrix = IDENTITY


@dataclass(slots=True)
class _Interpreter:
    page: PageGlyphs
    fonts: dict[Any, FontState] = field(default_factory=dict)

    def font(self, font_object: Any) -> FontState:
        key = font_object.objgen if font_object.is_indirect else id(font_object)
        state = self.fonts.get(key)
        if state is None:
            state = self.fonts[key] = FontState.from_dict(font_object)
        return state

    def run(self, content: Any, resources: Any, ctm: Matrix, depth: int = 0) -> None:
        import pikepdf

        if depth > 8:
            raise UnsupportedPdf("form XObjects nested too deeply")
        fonts = resources.get("/Font", {}) if resources is not None else {}
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        stack: list[Matrix] = []
        text = _TextState()
        for instruction in pikepdf.parse_content_stream(content):
            operands: Any = instruction.operands
            op = str(instruction.operator)
            if op in ("TJ", "Tj", "'", '"'):
                if op == "'":
                    text.line = multiply((1, 0, 0, 1, 0, -text.leading), text.line)
                    text.matrix = text.line
                elif op == '"':
                    text.word_spacing, text.char_spacing = float(operands[0]), float(operands[1])
                    text.line = multiply((1, 0, 0, 1, 0, -text.leading), text.line)
                    text.matrix = text.line
                items = operands[0] if op == "TJ" else [operands[-1]]
                self.show(items, text, ctm)
            elif op == "Td":
                text.line = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), text.line)
                text.matrix = text.line
            elif op == "TD":
                text.leading = -float(operands[1])
                text.line = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), text.line)
                text.matrix = text.line
            elif op == "Tm":
                text.line = text.matrix = tuple(float(value) for value in operands)  # type: ignore[assignment]
            elif op == "T*":
                text.line = multiply((1, 0, 0, 1, 0, -text.leading), text.line)
                text.matrix = text.line
            elif op == "Tf":
                font_object = fonts.get(str(operands[0])) if fonts is not None else None
                if font_object is None:
                    raise UnsupportedPdf(f"missing font {operands[0]}")
                text.font, text.size = self.font(font_object), float(operands[1])
            elif op == "BT":
                text.matrix = text.line = IDENTITY
            elif op == "Tc":
                text.char_spacing = float(operands[0])
            elif op == "Tw":
                text.word_spacing = float(operands[0])
            elif op == "Tz":
                text.scaling = float(operands[0]) / 100
            elif op == "TL":
                text.leading = float(operands[0])
            elif op == "Ts":
                text.rise = float(operands[0])
            elif op == "cm":
                ctm = multiply(tuple(float(value) for value in operands), ctm)  # type: ignore[arg-type]
            elif op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop() if stack else ctm
            elif op == "Do":
                xobject = xobjects.get(str(operands[0])) if xobjects is not None else None
                if xobject is None:
                    continue
                subtype = str(xobject.get("/Subtype", ""))
                if subtype == "/Image":
                    self.page.image_area += abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])
                elif subtype == "/Form":
                    matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                    self.run(xobject, xobject.get("/Resources", resources), multiply(matrix, ctm), depth + 1)  # type: ignore[arg-type]
            elif op == "INLINE IMAGE":
                self.page.image_area += abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])

    def show(self, items: Any, text: _TextState, ctm: Matrix) -> None:
        import pikepdf

        font = text.font
        if font is None:
            raise UnsupportedPdf("text shown before a font was set")
        size, scaling = text.size, text.scaling
        low = font.descent * size + text.rise
        high = low + size
        a, b, c, d, e, f = multiply(text.matrix, ctm)
        upright = b == 0 and c == 0
        glyphs = self.page.glyphs
        x_offset = 0.0
        for item in items:
            if not isinstance(item, pikepdf.String):
                x_offset -= float(item) / 1000 * size * scaling
                continue
            for code in font.codes(bytes(item)):
                advance = font.widths.get(code, font.default_width) / 1000 * size * scaling
                start, end = x_offset, x_offset + advance
                if upright:
                    x0, x1, y0, y1 = a * start + e, a * end + e, d * low + f, d * high + f
                else:
                    xs = [a * x + c * y + e for x in (start, end) for y in (low, high)]
                    ys = [b * x + d * y + f for x in (start, end) for y in (low, high)]
                    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
                if x1 < x0:
                    x0, x1 = x1, x0
                if y1 < y0:
                    y0, y1 = y1, y0
                glyphs.append(Glyph(font.to_unicode.get(code, UNMAPPED), x0, y0, x1, y1, y1 - y0, font.name, code))
                spacing = text.char_spacing + (text.word_spacing if font.code_bytes == 1 and code == 32 else 0.0)
                x_offset = end + spacing * scaling
        text.matrix = multiply((1, 0, 0, 1, x_offset, 0), text.matrix)


def iter_page_glyphs(pdf: Any) -> Iterator[PageGlyphs]:
    """Every page's glyphs, in order (pikepdf document)."""
    import pikepdf

    for number, page in enumerate(pdf.pages, start=1):
        if int(page.get("/Rotate", 0)) % 360:
            raise UnsupportedPdf("rotated page")
        box = [float(v) for v in page.mediabox]
        result = PageGlyphs(number, abs(box[2] - box[0]), abs(box[3] - box[1]))
        interpreter = _Interpreter(result)
        try:
            interpreter.run(page, pikepdf.Page(page).resources, (1, 0, 0, 1, -box[0], -box[1]))
        except (pikepdf.PdfError, KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
            raise UnsupportedPdf(f"{type(exc).__name__}: {exc}") from exc
        yield result
