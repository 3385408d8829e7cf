"""Edit application, reversal and composition (rasid.repair.edits)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.errors import PipelineError
from rasid.model import Edit
from rasid.repair.edits import apply_edits, check_edits, compose_all, compose_edits, revert_edits


@st.composite
def edits_for(draw: st.DrawFn, text: str, reason: str) -> list[Edit]:
    edits: list[Edit] = []
    position = 0
    while position <= len(text):
        if draw(st.booleans()):
            end = min(len(text), position + draw(st.integers(0, 3)))
            after = draw(st.text(alphabet="xyzلا", max_size=3))
            if after != text[position:end]:
                edits.append(Edit(position, end, text[position:end], after, reason, draw(st.floats(0, 1))))
            position = end + 1
        else:
            position += draw(st.integers(1, 3))
    return edits


@st.composite
def two_passes(draw: st.DrawFn) -> tuple[str, list[Edit], list[Edit]]:
    original = draw(st.text(alphabet="abcd", max_size=14))
    first = draw(edits_for(original, "one"))
    second = draw(edits_for(apply_edits(original, first), "two"))
    return original, first, second


@settings(max_examples=500, deadline=None)
@given(two_passes())
def test_composed_edits_reproduce_both_passes(case: tuple[str, list[Edit], list[Edit]]) -> None:
    original, first, second = case
    expected = apply_edits(apply_edits(original, first), second)
    composed = compose_edits(original, first, second)
    check_edits(original, composed)
    assert apply_edits(original, composed) == expected
    assert revert_edits(expected, composed) == original


def test_overlapping_passes_merge_reasons() -> None:
    composed = compose_all("ab", [[Edit(0, 1, "a", "x", "one", 0.9)], [Edit(0, 1, "x", "y", "two", 0.5)]])
    assert composed == [Edit(0, 1, "a", "y", "one+two", 0.5)]


def test_edits_that_do_not_match_the_text_are_refused() -> None:
    with pytest.raises(PipelineError):
        apply_edits("abc", [Edit(0, 1, "z", "y", "bad", 1.0)])
    with pytest.raises(PipelineError):
        apply_edits("abc", [Edit(1, 2, "b", "", "x", 1.0), Edit(0, 1, "a", "", "x", 1.0)])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_composing_onto_no_edits_keeps_the_edits(data: st.DataObject) -> None:
    # The single-pass case skips the general fold; it must give what the fold gives.
    original = data.draw(st.text(alphabet="abcd", max_size=14))
    second = data.draw(edits_for(original, "two"))
    assert compose_edits(original, [], second) == second
    assert compose_all(original, [second]) == second
