"""Line, column and paragraph layout (rasid.ingest.layout)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.ingest.layout import DEFAULT_LAYOUT_CONFIG, continues, logical_text, orient_brackets
from rasid.ingest.pdf_glyphs import Glyph


def glyphs(visual: str) -> list[Glyph]:
    """Glyphs laid out left to right, one unit wide each."""
    return [Glyph(char, float(k), 0.0, float(k + 1), 10.0, 10.0, "F", ord(char)) for k, char in enumerate(visual)]


def test_arabic_line_is_reversed_with_numbers_kept() -> None:
    # What a page shows, left to right, for "عام 2019 في" typed right to left.
    assert logical_text(glyphs("يف 2019 ماع"), {}, DEFAULT_LAYOUT_CONFIG) == "عام 2019 في"


def test_latin_line_stays() -> None:
    assert logical_text(glyphs("UN report 2015"), {}, DEFAULT_LAYOUT_CONFIG) == "UN report 2015"


def test_unmapped_glyph_becomes_a_placeholder() -> None:
    line = [*glyphs("نل"), Glyph("", 2.0, 0.0, 3.0, 10.0, 10.0, "F", 99)]
    placeholders: dict[tuple[str, int], int] = {}
    text = logical_text(line, placeholders, DEFAULT_LAYOUT_CONFIG)
    assert placeholders == {("F", 99): 0}
    assert text[1:] == "لن" and ord(text[0]) == 0xF0000


def test_brackets_facing_the_wrong_way_are_swapped() -> None:
    assert orient_brackets("»داعش« و(النصرة)") == "«داعش» و(النصرة)"
    assert orient_brackets("«داعش»") == "«داعش»"


def test_paragraph_continues_without_a_full_stop() -> None:
    assert continues("قال الوزير إن")
    assert not continues("قال الوزير.")
    assert not continues("هل قال؟")


def test_a_page_with_one_short_line_keeps_it_as_body() -> None:
    from rasid.ingest.layout import page_blocks
    from rasid.ingest.pdf_glyphs import PageGlyphs

    def line(visual: str, y: float) -> list[Glyph]:
        return [Glyph(char, 200.0 + k, y, 201.0 + k, y + 10.0, 10.0, "F", ord(char)) for k, char in enumerate(visual)]

    # Near the top of an A4 page, alone: no body for it to stand apart from, so it is the body.
    alone = PageGlyphs(1, 595.0, 842.0, line("ةديحو ةرقف", 800.0))
    assert [(block.kind, block.text) for block in page_blocks(alone, {})] == [("body", "فقرة وحيدة")]
    # A lone page number stays a page number.
    number = PageGlyphs(2, 595.0, 842.0, line("7", 20.0))
    assert [block.kind for block in page_blocks(number, {})] == ["page_number"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي 0123456789.،«»()")),
            st.floats(0, 580),
            st.floats(0, 830),
            st.sampled_from([6.0, 10.0, 10.0, 10.0, 18.0]),
        ),
        max_size=60,
    )
)
def test_any_page_of_glyphs_gets_blocks(drawn: list[tuple[str, float, float, float]]) -> None:
    # Layout bugs must not pass for damaged PDFs: whatever a page holds, it gets blocks.
    from rasid.ingest.layout import page_blocks
    from rasid.ingest.pdf_glyphs import PageGlyphs

    glyph_list = [Glyph(c, x, y, x + size / 2, y + size, size, "F", ord(c)) for c, x, y, size in drawn]
    page = PageGlyphs(1, 595.0, 842.0, glyph_list)
    blocks = page_blocks(page, {})
    assert all(block.text.strip() for block in blocks)
