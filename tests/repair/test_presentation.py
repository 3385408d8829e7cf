"""Presentation-form folding (rasid.repair.presentation)."""

from __future__ import annotations

from rasid.repair.damage import to_presentation_forms
from rasid.repair.edits import apply_edits
from rasid.repair.presentation import fold_presentation_forms


def test_folds_every_form_back() -> None:
    text = "قال الوزير إن الأمم المتحدة لا تزال تعمل في سوريا"
    shaped = to_presentation_forms(text)
    assert shaped != text
    result = fold_presentation_forms(shaped)
    assert apply_edits(shaped, result.edits) == text
    assert result.finding is not None and result.finding.count > 0


def test_leaves_base_letters_and_bom_alone() -> None:
    assert fold_presentation_forms("\ufeffقال").edits == ()
