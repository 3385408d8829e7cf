"""Confidences against outcomes (rasid.repair.calibration)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.model import Diagnosis, Edit, RepairResult
from rasid.repair.calibration import (
    EditOutcome,
    calibration_bands,
    edit_outcomes,
    expected_calibration_error,
    log_loss,
)


def result(text: str, *edits: Edit) -> RepairResult:
    return RepairResult(original="", text=text, edits=edits, diagnosis=Diagnosis(damaged=bool(edits), findings=()))


def test_an_edit_is_right_when_its_word_is_the_original() -> None:
    original = "قال في بيان إن"
    damaged = "قال ف بيان إن"
    repaired = result(
        "قال في بيان إن",
        Edit(4, 5, "ف", "في", "restore_glyphs", 0.9),
        Edit(0, 3, "قال", "قال", "other_rule", 0.5),
    )
    assert edit_outcomes(original, damaged, repaired, "restore_glyphs") == [EditOutcome(0.9, True)]


def test_an_edit_that_left_another_word_is_wrong() -> None:
    # The edit starts inside its whitespace word (after the opening quote) and still counts for it.
    original = "«علي» جاء"
    damaged = "«عل» جاء"
    repaired = result("«على» جاء", Edit(1, 3, "عل", "على", "restore_glyphs", 0.7))
    assert edit_outcomes(original, damaged, repaired, "restore_glyphs") == [EditOutcome(0.7, False)]


def test_an_edit_folded_with_another_rules_counts_for_both() -> None:
    repaired = result("قال في بيان", Edit(4, 5, "ف", "في", "reorder_runs+restore_glyphs", 0.6))
    assert edit_outcomes("قال في بيان", "قال ف بيان", repaired, "restore_glyphs") == [EditOutcome(0.6, True)]


def test_moved_word_boundaries_give_no_outcomes() -> None:
    repaired = result("قال  في", Edit(4, 5, "ف", "في", "restore_glyphs", 0.9))
    assert edit_outcomes("قال في بيان", "قال ف بيان", repaired, "restore_glyphs") == []


def test_bands_split_at_their_edges_and_the_last_includes_one() -> None:
    outcomes = [EditOutcome(0.2, False), EditOutcome(0.5, True), EditOutcome(0.69, False), EditOutcome(1.0, True)]
    bands = calibration_bands(outcomes, (0.5, 0.7, 1.0))
    assert [(band.low, band.high, band.edits) for band in bands] == [(0.0, 0.5, 1), (0.5, 0.7, 2), (0.7, 1.0, 1)]
    assert bands[1].mean_confidence == pytest.approx(0.595)
    assert bands[1].right_share == 0.5


@pytest.mark.parametrize("edges", [(), (0.7, 0.5, 1.0), (0.5, 0.9)])
def test_bands_need_ascending_edges_ending_at_one(edges: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="edges"):
        calibration_bands([EditOutcome(0.5, True)], edges)


def test_calibration_error_is_the_weighted_gap() -> None:
    # Two bands: 0.95 said, all right (gap 0.05, 3 edits); 0.6 said, none right (gap 0.6, 1 edit).
    outcomes = [EditOutcome(0.95, True)] * 3 + [EditOutcome(0.6, False)]
    assert expected_calibration_error(outcomes) == pytest.approx((3 * 0.05 + 0.6) / 4)
    assert expected_calibration_error([]) == 0.0


def test_log_loss_charges_sure_mistakes_most() -> None:
    assert log_loss([EditOutcome(0.8, True)]) == pytest.approx(-math.log(0.8))
    assert log_loss([EditOutcome(0.8, False)]) == pytest.approx(-math.log(0.2))
    assert log_loss([EditOutcome(1.0, False)]) == pytest.approx(-math.log(1e-6))
    assert log_loss([]) == 0.0


@given(st.lists(st.tuples(st.floats(0.0, 1.0), st.booleans()), max_size=50))
def test_bands_hold_every_outcome_once(pairs: list[tuple[float, bool]]) -> None:
    outcomes = [EditOutcome(confidence, right) for confidence, right in pairs]
    bands = calibration_bands(outcomes)
    assert sum(band.edits for band in bands) == len(outcomes)
    assert all(band.low <= band.mean_confidence <= band.high for band in bands)
    assert 0.0 <= expected_calibration_error(outcomes) <= 1.0
