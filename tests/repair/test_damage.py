"""The damage generator (rasid.repair.damage)."""

from __future__ import annotations

import pytest

from rasid.errors import ConfigurationError
from rasid.repair.damage import (
    PROFILES,
    TUNED_PROFILES,
    UNTUNED_PROFILES,
    DamageProfile,
    damage_text,
    lose_glyphs,
    parse_profile,
    sweep_profiles,
)
from rasid.repair.detect import parse_glyph_classes

TEXT = (
    "بعد نحو أقل من سنتين على هزيمة تنظيم «داعش» في آخر معاقله في بلدة الباغوز، شرق سوريا، ولجوء ما تبقى "
    "من فلوله إلى عمق الصحراء الممتدة بين سوريا والعراق، يبدو أن التنظيم الإرهابي قد تمكن من إعادة تنظيم "
    "صفوفه، والقيام بشن هجمات جديدة انطلاقاً من عمق البادية السورية.\nوقال الوزير إن لكل شيء نهاية."
)


def test_glyph_loss_matches_the_seed_symptoms() -> None:
    damaged = damage_text(TEXT, parse_profile("seed-glyphs"))
    for symptom in ("عل هزيمة", "ف آخر", "إل عمق", "الإرهاب قد", "تمن من", "لل شء"):
        assert symptom in damaged


def test_presentation_forms_of_lost_glyphs_are_lost_too() -> None:
    # في written with its presentation forms (feh initial, yeh final) next to في in base letters
    text = "\ufed3\ufef2 \u0641\u064a"
    lost = parse_glyph_classes(["yeh.final"])
    assert lose_glyphs(text, lost) == "\ufed3 \u0641"
    assert damage_text(text, DamageProfile(lost=lost)) == "\ufed3 \u0641"
    # other glyphs, in either encoding, stay
    assert lose_glyphs(text, parse_glyph_classes(["kaf.medial"])) == text


def test_seed_profile_wraps_and_strands_punctuation() -> None:
    damaged = damage_text(TEXT, PROFILES["seed"])
    lines = damaged.split("\n")
    assert max(len(line) for line in lines) <= 111
    assert "" in lines
    assert any(line.startswith(".") for line in lines)


def test_any_class_set_and_lam_alef() -> None:
    assert damage_text("لا يزال الأمن", parse_profile("lam-alef")) == " يزال امن"
    profile = parse_profile("classes:heh.medial")
    assert profile.lost == parse_glyph_classes(["heh.medial"])
    assert damage_text("المهمة", profile) == "الممة"


def test_benchmarked_profiles_are_distinct_glyph_losses() -> None:
    names = TUNED_PROFILES + UNTUNED_PROFILES
    assert len(set(names)) == len(names)
    losses = [PROFILES[name].lost for name in names]
    assert all(losses) and len(set(losses)) == len(losses)


def test_sweep_takes_every_common_contextual_form_by_rule() -> None:
    rates = {"lam.initial": 0.34, "reh.final": 0.15, "yeh.medial": 0.17, "alef.isolated": 0.4, "zah.medial": 0.009}
    swept = sweep_profiles(rates)
    # commonest first; isolated forms and rare classes are left out
    assert list(swept) == ["classes:lam.initial", "classes:yeh.medial", "classes:reh.final"]
    for name, profile in swept.items():
        assert parse_profile(name).lost == profile.lost
    assert list(sweep_profiles(rates, min_rate=0.005))[-1] == "classes:zah.medial"


def test_deterministic_for_a_seed() -> None:
    profile = DamageProfile(lost=parse_glyph_classes(["kaf.medial"]), wrap_width=40, scramble_rate=0.5, seed=3)
    assert damage_text(TEXT, profile) == damage_text(TEXT, profile)


@pytest.mark.parametrize("spec", ["nope", "classes:", "classes:kaf.middle"])
def test_bad_profiles_are_refused(spec: str) -> None:
    with pytest.raises(ConfigurationError):
        parse_profile(spec)
