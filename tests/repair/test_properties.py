"""Properties of repair as a whole (hypothesis): idempotence, consistent offsets, nothing lost."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.repair.damage import PROFILES, SEED_CLASSES
from rasid.repair.detect import parse_glyph_classes
from rasid.repair.edits import apply_edits, revert_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.pipeline import repair_text
from rasid.repair.restore import Restorer
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG

WORDS = [
    "في",
    "ف",
    "على",
    "عل",
    "التي",
    "الت",
    "لكن",
    "لن",
    "بل",
    "بكل",
    "الدولي",
    "الدول",
    "العراق",
    "سوريا",
    "«داعش»",
    "قال",
    "الوزير",
    "2019",
    "UN",
    "،",
    ".",
    "لا",
    "يزال",
    "ﻻ",
    "Ø§Ù„",
    "ـ",
    "فِي",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "  "]

texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=40).map(
    lambda pairs: "".join(word + separator for word, separator in pairs)
)

SEED_CONFIG = replace(DEFAULT_REPAIR_CONFIG, lost_classes=parse_glyph_classes(SEED_CLASSES))
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SLOW
@given(texts)
def test_edits_are_consistent_with_the_text(model: LanguageModel, text: str) -> None:
    for config in (DEFAULT_REPAIR_CONFIG, SEED_CONFIG):
        result = repair_text(text, config, model)
        assert result.original == text
        assert apply_edits(text, result.edits) == result.text
        assert revert_edits(result.text, result.edits) == text
        for edit in result.edits:
            assert 0 <= edit.start <= edit.end <= len(text)
            assert 0.0 <= edit.confidence <= 1.0
            assert edit.reason


@SLOW
@given(texts)
def test_repair_is_idempotent(model: LanguageModel, text: str) -> None:
    for config in (DEFAULT_REPAIR_CONFIG, SEED_CONFIG):
        once = repair_text(text, config, model).text
        twice = repair_text(once, config, model)
        assert twice.text == once
        assert twice.edits == ()


@SLOW
@given(st.text(max_size=200))
def test_any_unicode_is_handled(model: LanguageModel, text: str) -> None:
    result = repair_text(text, DEFAULT_REPAIR_CONFIG, model)
    assert revert_edits(result.text, result.edits) == text


def test_original_offsets_map_back(model: LanguageModel, seed_text: str) -> None:
    result = repair_text(seed_text, DEFAULT_REPAIR_CONFIG, model)
    position = result.text.index("الباغوز")
    original = result.original_offset(position)
    assert seed_text[original : original + len("الباغوز")] == "الباغوز"


@SLOW
@given(texts)
def test_lam_alef_restoration_edits_are_consistent(model: LanguageModel, text: str) -> None:
    # Lam-alef loss puts vanished words back before choosing the others, so the word edits'
    # offsets are shifted back from the text with the words in place.
    edits = Restorer(model, PROFILES["lam-alef"].lost).edits(text)
    for edit in edits:
        assert text[edit.start : edit.end] == edit.before
    assert revert_edits(apply_edits(text, edits), edits) == text
