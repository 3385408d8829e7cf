"""Contextual forms, glyph classes and glyph loss (rasid.repair.shaping)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.errors import ConfigurationError
from rasid.repair.shaping import (
    Form,
    GlyphClass,
    all_glyph_classes,
    analyse_glyphs,
    analyse_short,
    class_from_id,
    drop_glyphs,
)

SEED_LOSS = frozenset(GlyphClass.parse(name) for name in ("kaf.medial", "yeh.final", "alef_maksura.final"))
ARABIC_ALPHABET = "لكنهاعسريفىإأآةءئؤبتثجحخدذزشصضطظغقمو ـًٌٍَُِّْ«».،\u200d\u200c"


def names(text: str) -> list[str]:
    analysis = analyse_glyphs(text)
    return [class_from_id(int(identifier)).name for identifier in analysis.class_ids]


def test_forms_follow_joining_types() -> None:
    assert names("لكن") == ["lam.initial", "kaf.medial", "noon.final"]
    assert names("كان") == ["kaf.initial", "alef.final", "noon.isolated"]


def test_transparent_marks_do_not_break_joining() -> None:
    assert names("لَكِنْ") == ["lam.initial", "kaf.medial", "noon.final"]


def test_lam_alef_is_one_ligature_glyph() -> None:
    assert names("لا") == ["lam_alef.isolated"]
    assert names("الإرهاب")[:2] == ["alef.isolated", "lam_alef_with_hamza_below.isolated"]
    assert names("علا")[-1] == "lam_alef.final"


def test_tatweel_causes_joining() -> None:
    assert names("كـ") == ["kaf.initial"]


def test_seed_damage_classes() -> None:
    """The three classes the seed's PDF font lost, applied to the brief's examples."""
    assert drop_glyphs("لكنها العسكري في التي على إلى", SEED_LOSS) == "لنها العسري ف الت عل إل"
    # Letters in other forms survive.
    assert drop_glyphs("كان ذلك الذي ترى", SEED_LOSS) == "كان ذلك الذي ترى"


def test_lost_lam_alef_removes_both_letters() -> None:
    lost = frozenset([GlyphClass.parse("lam_alef.isolated")])
    assert drop_glyphs("لا يزال", lost) == " يزال"


def test_parse_accepts_font_style_form_names() -> None:
    assert GlyphClass.parse("kaf.medi") == GlyphClass("\N{ARABIC LETTER KAF}", Form.MEDIAL)


@pytest.mark.parametrize("name", ["kaf", "kaf.middle", "nosuchletter.final", "alef.medial"])
def test_parse_rejects_bad_names(name: str) -> None:
    with pytest.raises(ConfigurationError):
        GlyphClass.parse(name)


def test_every_class_name_round_trips() -> None:
    for glyph_class in all_glyph_classes():
        assert GlyphClass.parse(glyph_class.name) == glyph_class


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ARABIC_ALPHABET, max_size=40))
def test_scalar_and_vectorised_analyses_agree(text: str) -> None:
    analysis = analyse_glyphs(text)
    vectorised = list(zip(analysis.starts.tolist(), analysis.ends.tolist(), analysis.class_ids.tolist(), strict=True))
    assert vectorised == analyse_short(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ARABIC_ALPHABET, max_size=120))
def test_dropping_is_the_same_short_or_long(text: str) -> None:
    # drop_glyphs takes a pure-Python path for short strings; padding forces the NumPy path.
    padded = text + " " + "x" * 60
    assert drop_glyphs(padded, SEED_LOSS) == drop_glyphs(text, SEED_LOSS) + " " + "x" * 60
