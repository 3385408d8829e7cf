"""Stranded punctuation (rasid.repair.punctuation)."""

from __future__ import annotations

from rasid.repair.edits import apply_edits
from rasid.repair.punctuation import fix_stranded_punctuation


def test_moves_leading_full_stop_to_the_end() -> None:
    text = "كما تبين خلال الغزو\n.سوريا، أو شحن عناصره إلى ليبيا\n"
    assert (
        apply_edits(text, fix_stranded_punctuation(text).edits)
        == "كما تبين خلال الغزو\nسوريا، أو شحن عناصره إلى ليبيا.\n"
    )


def test_leaves_lines_that_already_end_in_punctuation() -> None:
    assert fix_stranded_punctuation(".سوريا.").edits == ()


def test_leaves_latin_and_numbers() -> None:
    assert fix_stranded_punctuation(".5 مليون\n...and more").edits == ()
