"""Hard-wrap rejoining (rasid.repair.wrap)."""

from __future__ import annotations

from rasid.repair.damage import wrap_paragraph
from rasid.repair.edits import apply_edits
from rasid.repair.wrap import JOIN_AFTER_SENTENCE_CONFIDENCE, JOIN_CONFIDENCE, LAYOUT_CONFIDENCE, rejoin_lines


def test_rejoins_seed_into_four_paragraphs(seed_text: str) -> None:
    result = rejoin_lines(seed_text)
    joined = apply_edits(seed_text, result.edits)
    assert joined.count("\n") == 4  # three paragraph breaks and the final newline
    assert "\n\n" not in joined


def test_one_paragraph_per_line_is_left_alone() -> None:
    text = (
        "قال الوزير إن الوضع مستقر.\n"
        "وأضاف أن القوات العراقية تواصل عملياتها في محافظة الأنبار غرب البلاد منذ أسابيع، وأنها حققت تقدما.\n"
        "ولم يصدر تعليق من الجهات الأخرى.\n"
    )
    assert rejoin_lines(text).edits == ()


def _column(paragraphs: list[str], width: int = 40, indent: bool = False) -> str:
    """Paragraphs printed as a column of ``width`` characters, one printed line per text line."""
    lines: list[str] = []
    for paragraph in paragraphs:
        wrapped = wrap_paragraph(paragraph, width)
        lines.extend([" " + wrapped[0], *wrapped[1:]] if indent else wrapped)
    return "\n".join(lines) + "\n"


def test_each_kind_of_edit_has_its_measured_confidence() -> None:
    # The first paragraph's first printed line ends a sentence and is full: joined, a coin flip.
    first = "قال المتحدث باسم الجيش إن القوات تقدمت. وأضاف أن المعارك مستمرة في أطراف المدينة منذ الصباح الباكر."
    second = "ولم تعلق الجهات الأخرى على ما جرى هناك حتى مساء أمس بحسب مصادر محلية في المنطقة."
    text = _column([first, second], indent=True)
    assert text.split("\n")[0].strip().endswith("تقدمت.")
    result = rejoin_lines(text)
    assert apply_edits(text, result.edits) == f"{first}\n{second}\n"
    by_kind = sorted({edit.confidence for edit in result.edits})
    assert by_kind == sorted({JOIN_AFTER_SENTENCE_CONFIDENCE, JOIN_CONFIDENCE, LAYOUT_CONFIDENCE})
    after_sentence = [edit for edit in result.edits if edit.confidence == JOIN_AFTER_SENTENCE_CONFIDENCE]
    assert len(after_sentence) == 1 and text[: after_sentence[0].start].endswith("تقدمت.")
    # The indent of the first line and the break before the indented paragraph are layout.
    layout = [edit for edit in result.edits if edit.confidence == LAYOUT_CONFIDENCE]
    assert {edit.after for edit in layout} == {"", "\n"}
