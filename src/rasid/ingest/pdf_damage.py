"""Make real Arabic PDFs, and damage them the way broken PDF producers do.

Used by the tests and the benchmark, and by anyone who wants to check a reading
pipeline: articles are typeset by WeasyPrint (HarfBuzz shaping) with an
installed Arabic font, then damaged at the PDF level with pikepdf:

* ToUnicode entries removed for chosen glyph classes (the seed's damage: the PDF
  still draws medial kaf, but nothing says it is kaf);
* ToUnicode entries rewritten to presentation-form code points;
* pages replaced by images of themselves (a scan).

The form each glyph draws is read from the installed font's glyph names
(WeasyPrint keeps the font's glyph ids in the subset it embeds).
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

from rasid.ingest.glyph_names import parse_glyph_name
from rasid.ingest.glyph_recovery import installed_font_path
from rasid.repair.shaping import GlyphClass

ARTICLE_CSS = """
@page { size: A4; margin: 2cm 2cm 2.2cm 2cm;
        @top-center { content: "%(header)s"; font-family: %(font)s; font-size: 9pt; }
        @bottom-center { content: counter(page); font-family: %(font)s; font-size: 9pt; } }
body { font-family: %(font)s; font-size: 11pt; line-height: 1.5; text-align: justify; }
h1 { font-size: 18pt; text-align: center; }
.columns { column-count: %(columns)d; column-gap: 1.2cm; }
p { margin: 0 0 0.6em 0; }
"""
_BF_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def article_html(
    title: str, paragraphs: Sequence[str], *, columns: int = 1, font: str = "Amiri", header: str = "صحيفة رصد"
) -> str:
    """An Arabic article as HTML, one or more columns, with a running header and page numbers."""
    css = ARTICLE_CSS % {"header": header, "font": font, "columns": columns}
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    return (
        f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'><style>{css}</style></head>"
        f"<body><h1>{html.escape(title)}</h1><div class='columns'>{body}</div></body></html>"
    )


def render_pdf(document_html: str) -> bytes:
    """Typeset HTML to PDF bytes with WeasyPrint (HarfBuzz shaping, embedded font subsets)."""
    from weasyprint import HTML

    result: bytes = HTML(string=document_html).write_pdf()
    return result


def _glyph_forms(base_font: str) -> dict[int, tuple[str, str]]:
    """Glyph id → (letters, form) for an installed font, from its glyph names."""
    from fontTools.ttLib import TTFont

    path = installed_font_path(base_font)
    if path is None:
        raise LookupError(f"font {base_font} is not installed; cannot tell its glyph forms")
    with TTFont(path, lazy=True) as font:
        order = font.getGlyphOrder()
    forms: dict[int, tuple[str, str]] = {}
    for gid, name in enumerate(order):
        parsed = parse_glyph_name(name)
        if parsed is not None:
            forms[gid] = parsed
    return forms


def _rewrite_to_unicode(pdf_bytes: bytes, change: dict[tuple[str, str], str | None]) -> tuple[bytes, int]:
    """Rewrite every font's ToUnicode map: entries whose glyph is (letters, form) in ``change``
    are dropped (value None) or mapped to the given text. Returns the PDF and the entry count."""
    import pikepdf

    changed = 0
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        seen: set[tuple[int, int]] = set()
        for page in pdf.pages:
            for _, font in page.Resources.get("/Font", {}).items():
                if "/ToUnicode" not in font or font.ToUnicode.objgen in seen:
                    continue
                seen.add(font.ToUnicode.objgen)
                forms = _glyph_forms(str(font.BaseFont)[1:])
                cmap = font.ToUnicode.read_bytes()

                def edit(match: re.Match[bytes], forms: dict[int, tuple[str, str]] = forms) -> bytes:
                    nonlocal changed
                    glyph = forms.get(int(match.group(1), 16))
                    text = bytes.fromhex(match.group(2).decode()).decode("utf-16-be", errors="replace")
                    if glyph is None or glyph[0] != text:
                        return match.group(0)
                    key = (glyph[0], glyph[1] or "isolated")
                    if key not in change:
                        return match.group(0)
                    changed += 1
                    replacement = change[key]
                    if replacement is None:
                        return b""
                    return (
                        b"<" + match.group(1) + b"> <" + replacement.encode("utf-16-be").hex().upper().encode() + b">"
                    )

                blocks = re.split(rb"(\d+\s+beginbfchar.*?endbfchar)", cmap, flags=re.S)
                rebuilt = []
                for part in blocks:
                    if part.endswith(b"endbfchar"):
                        entries = [edit(match) for match in _BF_ENTRY.finditer(part)]
                        kept = [entry for entry in entries if entry]
                        rebuilt.append(f"{len(kept)} beginbfchar\n".encode() + b"\n".join(kept) + b"\nendbfchar")
                    else:
                        rebuilt.append(part)
                font.ToUnicode.write(b"".join(rebuilt))
        output = io.BytesIO()
        pdf.save(output)
    return output.getvalue(), changed


def drop_glyph_mappings(pdf_bytes: bytes, lost: Iterable[GlyphClass]) -> tuple[bytes, int]:
    """Remove the ToUnicode entries of every glyph drawing one of the ``lost`` classes."""
    change: dict[tuple[str, str], str | None] = {(c.letters, c.form.label): None for c in lost}
    return _rewrite_to_unicode(pdf_bytes, change)


def presentation_form_layer(pdf_bytes: bytes) -> tuple[bytes, int]:
    """Map every Arabic glyph to its presentation-form code point, as old PDF producers did."""
    tags = {"<isolated>": "isolated", "<initial>": "initial", "<medial>": "medial", "<final>": "final"}
    change: dict[tuple[str, str], str | None] = {}
    for code_point in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]:
        parts = unicodedata.decomposition(chr(code_point)).split()
        if len(parts) >= 2 and parts[0] in tags:
            letters = "".join(chr(int(part, 16)) for part in parts[1:])
            change.setdefault((letters, tags[parts[0]]), chr(code_point))
    return _rewrite_to_unicode(pdf_bytes, change)


def image_only(pdf_bytes: bytes, scale: float = 3.0) -> bytes:
    """The same pages as images without a text layer (what a scanner produces)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes)
    images = [document[index].render(scale=scale).to_pil().convert("L") for index in range(len(document))]
    output = io.BytesIO()
    images[0].save(output, format="PDF", save_all=True, append_images=images[1:], resolution=72 * scale)
    return output.getvalue()
