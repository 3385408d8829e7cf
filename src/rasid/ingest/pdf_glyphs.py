"""Collect every glyph a PDF page draws, with its position, font and code.

pdfminer.six parses the content streams; instead of its layout objects we keep
one flat record per glyph, because reading Arabic correctly needs what layout
analysis throws away: the glyph's code in its font (so that a glyph the font's
ToUnicode map forgot can be recovered later instead of vanishing) and its exact
position (so that right-to-left lines, marks and columns can be ordered by us).
A glyph with no Unicode mapping is kept as a placeholder, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import apply_matrix_rect

#: Text of a glyph the font gives no Unicode for; its identity is in ``Glyph.font`` and ``code``.
UNMAPPED = ""


class Glyph(NamedTuple):
    """One drawn glyph: its text (``UNMAPPED`` if none), box, size, font and code.

    A named tuple rather than a dataclass: pages hold thousands and they are made fast.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    font: str
    code: int


@dataclass(slots=True)
class PageGlyphs:
    """The glyphs of one page, its size and how much of it is covered by images."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    image_area: float = 0.0


@dataclass(slots=True)
class FontInfo:
    """What we know about a font used on a page: its name and its pdfminer object."""

    name: str
    font: PDFFont


class GlyphCollector(PDFTextDevice):
    """A pdfminer device that records glyphs instead of building layout objects."""

    def __init__(self, resources: PDFResourceManager) -> None:
        super().__init__(resources)
        self.page: PageGlyphs | None = None
        self.fonts: dict[str, FontInfo] = {}
        self._font_keys: dict[int, str] = {}
        self._texts: dict[tuple[int, int], str] = {}
        self._descents: dict[int, float] = {}
        self._figure_boxes: list[tuple[float, float, float, float]] = []

    def font_key(self, font: PDFFont) -> str:
        """A stable name for a font object: its PostScript name, numbered if two share it."""
        key = self._font_keys.get(id(font))
        if key is None:
            base = str(getattr(font, "fontname", "font"))
            key = base
            suffix = 1
            while key in self.fonts and self.fonts[key].font is not font:
                suffix += 1
                key = f"{base}#{suffix}"
            self.fonts[key] = FontInfo(base, font)
            self._font_keys[id(font)] = key
        return key

    def begin_page(self, page: PDFPage, ctm: Any) -> None:
        (x0, y0, x1, y1) = apply_matrix_rect(ctm, page.mediabox)
        self.page = PageGlyphs(number=0, width=abs(x1 - x0), height=abs(y1 - y0))

    def end_page(self, page: PDFPage) -> None:
        pass

    def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
        self._figure_boxes.append(
            apply_matrix_rect(matrix, bbox)
            if self.ctm is None
            else apply_matrix_rect(_multiply(matrix, self.ctm), bbox)
        )

    def end_figure(self, _: str) -> None:
        if self._figure_boxes:
            self._figure_boxes.pop()

    def render_image(self, name: str, stream: Any) -> None:
        if self.page is not None and self._figure_boxes:
            x0, y0, x1, y1 = self._figure_boxes[-1]
            self.page.image_area += abs(x1 - x0) * abs(y1 - y0)

    def render_char(
        self,
        matrix: Any,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: Any,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = UNMAPPED
        advance: float = font.char_width(cid) * fontsize * scaling
        descent = font.get_descent() * fontsize
        x0, y0, x1, y1 = apply_matrix_rect(matrix, (0, descent + rise, advance, descent + rise + fontsize))
        if self.page is not None:
            self.page.glyphs.append(
                Glyph(text, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), abs(y1 - y0), self.font_key(font), cid)
            )
        return advance


def _multiply(first: Any, second: Any) -> Any:
    (a1, b1, c1, d1, e1, f1) = first
    (a0, b0, c0, d0, e0, f0) = second
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def iter_page_glyphs(pages: Iterator[PDFPage], collector: GlyphCollector) -> Iterator[PageGlyphs]:
    """Interpret each page and yield its glyphs."""
    interpreter = PDFPageInterpreter(collector.rsrcmgr, collector)
    for number, page in enumerate(pages, start=1):
        interpreter.process_page(page)
        assert collector.page is not None
        collector.page.number = number
        yield collector.page
