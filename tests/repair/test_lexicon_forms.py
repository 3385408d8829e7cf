"""The lexicon's damaged forms per set of lost classes (rasid.repair.lexicon_forms)."""

from __future__ import annotations

import pytest

from rasid.repair.damage import PROFILES
from rasid.repair.language_model import LanguageModel
from rasid.repair.lexicon_forms import KEPT_FORMS, LexiconGlyphs, lexicon_glyphs
from rasid.repair.shaping import GlyphClass, drop_glyphs

SEED = PROFILES["seed-glyphs"].lost


def fresh(model: LanguageModel) -> LexiconGlyphs:
    """A LexiconGlyphs with nothing kept, so every map is built from the whole lexicon."""
    shared = lexicon_glyphs(model)
    return LexiconGlyphs(shared.words, shared.joined, shared.starts, shared.line_lengths, shared.analysis, shared.ids)


def classes(*names: str) -> frozenset[GlyphClass]:
    return frozenset(GlyphClass.parse(name) for name in names)


@pytest.mark.parametrize(
    "lost",
    [
        SEED | classes("feh.final"),  # one class more: derived from the seed's map
        SEED - classes("alef_maksura.final"),  # one class fewer
        SEED | classes("theh.medial", "hah.final"),
        SEED | classes("lam_alef.final", "lam_alef.isolated"),  # ligatures lose two letters
        classes("yeh.final", "alef_maksura.final", "zah.initial"),
    ],
    ids=lambda lost: "+".join(sorted(glyph_class.name for glyph_class in lost)),
)
def test_a_derived_map_is_the_map_built_from_scratch(model: LanguageModel, lost: frozenset[GlyphClass]) -> None:
    lexicon = fresh(model)
    lexicon.damaged_forms(SEED)
    derived = lexicon.damaged_forms(lost)
    built = fresh(model).damaged_forms(lost)
    assert derived == built  # the same forms, each with the same words in the same (lexicon) order
    assert derived is not lexicon.damaged_forms(SEED)  # the seed's map was copied, not changed
    assert fresh(model).damaged_forms(SEED) == lexicon.damaged_forms(SEED)


def test_forms_are_what_the_damage_makes_of_each_word(model: LanguageModel) -> None:
    forms = fresh(model).damaged_forms(SEED)
    assert "في" in forms["ف"] and "فى" in forms["ف"] and "على" in forms["عل"]
    for form, words in list(forms.items())[:2000]:
        assert all(drop_glyphs(word, SEED) == form != word for word in words)
        numbers = [model.word_id(word) for word in words]
        assert numbers == sorted(numbers)


def test_only_a_few_maps_are_kept(model: LanguageModel) -> None:
    lexicon = fresh(model)
    assert lexicon.damaged_forms(frozenset()) == {}
    for extra in ("feh.final", "theh.medial", "hah.final", "zah.initial", "qaf.final", "sad.final", "ain.isolated"):
        lexicon.damaged_forms(SEED | classes(extra))
    lexicon.damaged_forms(SEED)
    assert len(lexicon.kept) == KEPT_FORMS
    assert list(lexicon.kept)[-1] == SEED  # the latest asked for is kept longest
