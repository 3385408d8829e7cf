"""Finding text lines and columns on page images (rasid.ingest.ocr_lines)."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pytest

from rasid.ingest.ocr_lines import line_pitch, segment_lines, split_lines, text_blocks

from .conftest import SECOND_ARTICLE, require_typesetting

PITCH = 30


def synthetic_lines(count: int, *, width: int = 400, touching: bool = True) -> np.ndarray:
    """A page of ``count`` fake Arabic lines: a heavy baseline, sparse letter strokes above it,
    a few descenders below; with ``touching``, strokes bridge every line to the next, so no
    blank row separates them."""
    page = np.zeros((40 + count * PITCH, width), dtype=bool)
    for line in range(count):
        baseline = 30 + line * PITCH
        page[baseline - 2 : baseline + 2, 20 : width - 20] = True  # the joining stroke
        page[baseline - 14 : baseline, 30 : width - 30 : 25] = True  # ascenders (alef, lam)
        page[baseline : baseline + 8, 40 : width - 40 : 60] = True  # descenders
        if touching and line + 1 < count:
            page[baseline : baseline + PITCH, 200:202] = True  # one stroke reaching the next line
    return page


@pytest.mark.parametrize("count", [1, 2, 5, 12])
def test_touching_lines_are_split_at_the_faintest_row(count: int) -> None:
    ink = synthetic_lines(count)
    assert not (ink[30 : 30 + (count - 1) * PITCH].sum(axis=1) == 0).any()  # truly touching
    lines = split_lines(ink, (0, 0, ink.shape[1], ink.shape[0]), PITCH)
    assert len(lines) == count
    for number, (_, top, _, bottom) in enumerate(lines):
        assert top < 30 + number * PITCH < bottom  # each box holds its own baseline


def test_the_line_pitch_is_the_baseline_distance() -> None:
    ink = synthetic_lines(12)
    assert line_pitch(ink.sum(axis=1)) == PITCH


def test_columns_are_read_right_column_first() -> None:
    column = synthetic_lines(8, width=300, touching=False)
    page = np.zeros((column.shape[0] + 60, 700), dtype=bool)
    page[10:40, 250:450] = True  # a title across the gutter
    page[60:, 0:300] = column  # left column
    page[60:, 400:700] = column  # right column
    blocks = text_blocks(page, PITCH)
    assert blocks[0][1] == 10  # the title first
    assert [block[0] for block in blocks[1:]] == [350, 0]  # then right column, then left


def render_page(pdf: bytes) -> np.ndarray:
    import pypdfium2

    from rasid.ingest.ocr import native_scale

    page = pypdfium2.PdfDocument(pdf)[0]
    return np.asarray(page.render(scale=native_scale(page)).to_pil().convert("L"))


def test_a_typeset_page_of_tightly_set_lines_has_its_line_count() -> None:
    """Amiri at line-height 1.1: ascenders and descenders of neighbouring lines touch."""
    require_typesetting()
    from rasid.ingest.pdf_damage import image_only, render_pdf

    words = " ".join(SECOND_ARTICLE).split()
    lines = [" ".join(words[i : i + 6]) for i in range(0, 60, 6)]
    document = (
        "<html lang='ar' dir='rtl'><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 2cm; } body { font-family: Amiri; font-size: 12pt; line-height: 1.1; }"
        "</style></head><body><p>" + "<br>".join(html.escape(line) for line in lines) + "</p></body></html>"
    )
    gray = render_page(image_only(render_pdf(document)))
    layout = segment_lines(gray)
    assert len(layout.lines) == len(lines)
    assert [box[1] for box in layout.lines] == sorted(box[1] for box in layout.lines)


def test_the_two_column_page_is_read_right_column_first(pdf_dir: Path) -> None:
    from rasid.ingest.pdf_damage import image_only

    gray = render_page(image_only((pdf_dir / "two_columns.pdf").read_bytes()))
    layout = segment_lines(gray)
    middle = gray.shape[1] / 2
    sides = ["right" if box[0] > middle else "left" if box[2] < middle else "across" for box in layout.lines]
    body = [side for side in sides if side != "across"]  # header, title and page number span the middle
    assert body == sorted(body, key=["right", "left"].index)  # every right-column line before the left's
    assert body.count("right") > 10 and body.count("left") > 10


def test_a_tesseract_that_hangs_is_a_clear_error(pdf_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from rasid.errors import UnreadableSourceError
    from rasid.ingest import ocr

    if not ocr.tesseract_languages():
        pytest.skip("Tesseract is not installed")

    def hang(*args: object, **kwargs: object) -> str:
        raise subprocess.TimeoutExpired(["tesseract"], 300)

    monkeypatch.setattr(ocr, "line_texts", hang)
    with pytest.raises(UnreadableSourceError, match="more than 300 s on page 1"):
        ocr.ocr_page((pdf_dir / "image_only.pdf").read_bytes(), 0, "ara", "image_only.pdf")


def test_a_page_without_lines_falls_back_to_tesseracts_layout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import subprocess

    import pikepdf

    from rasid.ingest import ocr, ocr_lines

    commands: list[list[str]] = []

    def tesseract(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, stdout="نص  الصفحة\n\n", stderr="")

    blank = tmp_path / "blank.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(blank)
    monkeypatch.setattr(ocr_lines.subprocess, "run", tesseract)  # subprocess.run, for every caller
    monkeypatch.setattr(ocr, "tesseract_languages", lambda: {"ara"})
    blocks = ocr.ocr_page_blocks(blank.read_bytes(), 0, "ara", "blank.pdf")
    assert [(block.kind, block.text) for block in blocks] == [("body", "نص الصفحة")]
    assert commands and commands[0][-2:] == ["--psm", "3"]


def test_running_heads_and_page_numbers_of_a_scan_are_set_apart() -> None:
    from rasid.ingest.ocr import line_blocks

    # A 1000-pixel page: a small head at the top, body lines, a page number at the bottom.
    lines = [
        ((400, 40, 600, 70), "صحيفة رصد"),
        ((100, 150, 900, 190), "السطر الأول من المتن"),
        ((100, 190, 900, 230), "والسطر الثاني منه"),
        ((100, 230, 900, 270), ""),  # a line Tesseract read as nothing
        ((495, 950, 505, 975), "7"),
    ]
    blocks = line_blocks(lines, height=1000, margin_band=0.1)
    assert [(block.kind, block.text) for block in blocks] == [
        ("header", "صحيفة رصد"),
        ("body", "السطر الأول من المتن"),
        ("body", "والسطر الثاني منه"),
        ("page_number", "7"),
    ]
    # a body line that merely reaches into the margin, touching its neighbour, stays body
    assert line_blocks(lines[1:3], height=1000, margin_band=0.2)[0].kind == "body"


def test_a_page_with_one_short_line_keeps_it_as_body() -> None:
    from rasid.ingest.ocr import line_blocks

    blocks = line_blocks([((400, 40, 600, 70), "سطر وحيد")], height=1000, margin_band=0.1)
    assert [(block.kind, block.text) for block in blocks] == [("body", "سطر وحيد")]
    blank = line_blocks([((495, 950, 505, 975), "7")], height=1000, margin_band=0.1)
    assert [(block.kind, block.text) for block in blank] == [("page_number", "7")]
