"""Edit application, reversal and composition (rasid.repair.edits)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.errors import PipelineError
from rasid.model import Edit, RuleResult
from rasid.repair.edits import (
    apply_edits,
    check_edits,
    compose_all,
    compose_edits,
    line_rewrites,
    map_spans,
    revert_edits,
    within_spans,
)


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
    assert composed[0].reasons == ("one", "two")


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


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_spans_follow_the_edits(data: st.DataObject) -> None:
    # A span's text after the edits is its text before with the edits inside it applied (an
    # insertion at its edge is outside it).
    text = data.draw(st.text(alphabet="abc ", max_size=20))
    edits = data.draw(edits_for(text, "demo"))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    ((new_start, new_end),) = map_spans([(start, end)], edits)
    edited = apply_edits(text, edits)
    assert 0 <= new_start <= new_end <= len(edited)
    if any(edit.start < edge < edit.end for edit in edits for edge in (start, end)):
        return  # an edit across an edge is taken in whole; checked below by example
    inside = [
        Edit(edit.start - start, edit.end - start, edit.before, edit.after, edit.reason, edit.confidence)
        for edit in edits
        if start <= edit.start and edit.end <= end and not (edit.start == edit.end and edit.start in (start, end))
    ]
    assert edited[new_start:new_end] == apply_edits(text[start:end], inside)


def test_a_span_takes_an_edit_across_its_edge_in_whole() -> None:
    edits = [Edit(1, 3, "bc", "XYZ", "demo", 1.0)]
    assert map_spans([(2, 5)], edits) == ((1, 6),)  # "abcdef" -> "aXYZdef": "XYZde"


def test_within_spans_keeps_the_edits_inside() -> None:
    edits = [Edit(0, 2, "ab", "x", "demo", 1.0), Edit(4, 6, "ef", "y", "demo", 1.0), Edit(8, 9, "i", "", "demo", 1.0)]
    assert within_spans(edits, [(3, 7)]) == (edits[1],)
    assert within_spans(edits, None) == tuple(edits)
    assert within_spans(edits, []) == ()


def test_line_rewrites_sums_up_whole_line_edits() -> None:
    assert line_rewrites((), "rule", "{count} lines") == RuleResult()
    edits = (
        Edit(0, 3, "cba", "abc", "rule", 0.8),
        Edit(4, 7, "fed", "def", "rule", 0.6),
    )
    result = line_rewrites(edits, "rule", "{count} lines were backwards")
    assert result.edits == edits
    assert result.finding is not None
    assert (result.finding.kind, result.finding.count, result.finding.confidence) == ("rule", 2, 0.6)
    assert result.finding.summary == "2 lines were backwards"
    assert result.finding.examples == ("cba", "fed")
