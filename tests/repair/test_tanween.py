"""What a word written with tanween cannot be restored to (rasid.repair.tanween)."""

from __future__ import annotations

import pytest

from rasid.repair.damage import PROFILES, lose_glyphs
from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.restore import Restorer
from rasid.repair.tanween import excluded_by_tanween


def count(word: str) -> int:
    return {"مكتب": 900, "حين": 5000, "متوج": 3}.get(word, 0)


@pytest.mark.parametrize(
    ("surface", "key", "candidate", "excluded"),
    [
        ("واسمًا", "واسما", "والاسما", True),  # tanween and the article
        ("الاسمَ", "الاسم", "الاسمي", False),  # no tanween: nothing is ruled out
        ("مكتبًا", "مكتبا", "مكتبها", True),  # tanween and the pronoun ها
        ("توجيًا", "توجيا", "توجيها", False),  # the word's own heh before the tanween's alef
        ("متوجًا", "متوجا", "متوجها", False),  # a rare stem says nothing
        ("أراضٍ", "أراض", "أراضي", True),  # a defective noun drops its yeh under kasratan
        ("عربٍّ", "عرب", "عربي", False),  # ... but the nisba yeh takes shadda and tanween
        ("فضً", "فض", "فض", True),  # fathatan on a dad at the word's end: its alef was lost
        ("فضً", "فض", "فضلا", False),
        ("مدرسةً", "مدرسة", "مدرسة", False),  # teh marbuta takes fathatan without alef
        ("ماءً", "ماء", "ماء", False),
    ],
)
def test_excluded_by_tanween(surface: str, key: str, candidate: str, excluded: bool) -> None:
    assert excluded_by_tanween(surface, key, candidate, count) is excluded


@pytest.mark.parametrize(
    ("profile", "original"),
    [
        ("seed-glyphs", "وصادرت السلطات أراضٍ زراعية واسعة في الريف"),
        ("heh-medial", "ظهر حينًا ثم اختفى"),
    ],
)
def test_restoration_keeps_to_what_tanween_allows(model: LanguageModel, profile: str, original: str) -> None:
    lost = PROFILES[profile].lost
    damaged = lose_glyphs(original, lost)
    assert apply_edits(damaged, Restorer(model, lost).edits(damaged)) == original
