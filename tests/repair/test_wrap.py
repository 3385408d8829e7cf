"""Hard-wrap rejoining (rasid.repair.wrap)."""

from __future__ import annotations

from rasid.repair.edits import apply_edits
from rasid.repair.wrap import rejoin_lines


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
