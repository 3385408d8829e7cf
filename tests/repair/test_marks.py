"""Where a restored letter's diacritics go."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rasid.repair.damage import PROFILES, SEED_CLASSES, lose_glyphs
from rasid.repair.detect import parse_glyph_classes
from rasid.repair.marks import (
    letter_marks,
    marks_kept_before,
    read_diacritised,
    transfer_letters,
    write_diacritised,
)

SEED_LOSS = parse_glyph_classes(SEED_CLASSES)
FATHA, DAMMA, KASRA, SHADDA, SUKUN = "\u064e", "\u064f", "\u0650", "\u0651", "\u0652"


def test_diacritics_stay_with_their_letters() -> None:
    fi = "\N{ARABIC LETTER FEH}\N{ARABIC KASRA}\N{ARABIC LETTER YEH}"
    assert transfer_letters(fi[:2], "في", SEED_LOSS) == fi
    assert transfer_letters("بـل", "بكل", SEED_LOSS) == "بـكل"


def test_tanween_moves_after_letters_restored_at_the_end() -> None:
    lam_alef = PROFILES["lam-alef"].lost
    # فعلاً lost its final لا; the tanween left on ع belongs after the restored alef
    assert transfer_letters("\u0641\u0639\u064b", "\u0641\u0639\u0644\u0627", lam_alef) == "فعلاً"
    # a vowel on a letter before letters restored inside the word stays where it is ...
    fatha = "\u064e"
    assert transfer_letters("ف" + fatha + "تفاق", "فلاتفاق", lam_alef) == "ف" + fatha + "لاتفاق"
    # ... but the article's alef carries none: a vowel left on it is the restored letters'
    assert transfer_letters("ا" + KASRA + "نسان", "الإنسان", lam_alef) == "الإ" + KASRA + "نسان"


def test_marks_a_letter_cannot_hold_go_to_the_restored_letter() -> None:
    fatha, damma, shadda = "\u064e", "\u064f", "\u0651"
    # مَكُر lost its medial kaf: م cannot carry both fatha and damma, so damma was kaf's
    assert transfer_letters("م" + fatha + damma + "ر", "مكر", SEED_LOSS) == "م" + fatha + "ك" + damma + "ر"
    # a lone shadda inside the word is the lost letter's (تمكّن)
    assert transfer_letters("تم" + shadda + "ن", "تمكن", SEED_LOSS) == "تمك" + shadda + "ن"
    # a tanween cannot sit inside a word: شريكًا lost its kaf, the tanween is kaf's
    fathatan = "\u064b"
    assert transfer_letters("شري" + fathatan + "ا", "شريكا", SEED_LOSS) == "شريك" + fathatan + "ا"


def test_marks_before_a_restored_final_letter() -> None:
    shadda, damma = "\u0651", "\u064f"
    # the nisba ending carries its shadda on the yeh ...
    assert transfer_letters("سياس" + shadda, "سياسي", SEED_LOSS) == "سياسي" + shadda
    # ... while حتّى keeps it on the teh
    assert transfer_letters("حت" + shadda, "حتى", SEED_LOSS) == "حت" + shadda + "ى"
    # the letter before teh marbuta takes fatha: a damma there is the teh marbuta's case ending
    teh_marbuta = PROFILES["teh-marbuta-final"].lost
    assert transfer_letters("مدرس" + damma, "مدرسة", teh_marbuta) == "مدرسة" + damma


def test_the_article_lam_carries_no_vowel() -> None:
    meem = PROFILES["meem-medial"].lost
    # المُتابع lost its meem: the damma left on the article's lam is the meem's
    assert transfer_letters("ال" + DAMMA + "تابع", "المتابع", meem) == "الم" + DAMMA + "تابع"
    assert transfer_letters("وال" + DAMMA + "تابع", "والمتابع", meem) == "والم" + DAMMA + "تابع"
    # a sukun may be the lam's own
    assert transfer_letters("ال" + SUKUN + "تابع", "المتابع", meem) == "ال" + SUKUN + "م" + "تابع"


def test_the_corpus_spelling_decides_what_the_rule_cannot() -> None:
    meem = PROFILES["meem-medial"].lost
    original = "كأنَّما"
    damaged = lose_glyphs(original, meem)  # كأنَّا: the shadda and fatha may be the nun's or the meem's
    # without the corpus's spellings the rule gives a mid-word shadda to the lost letter
    assert transfer_letters(damaged, "كأنما", meem) == "كأنمَّا"
    assert transfer_letters(damaged, "كأنما", meem, (("كأنَّما", 12), ("كَأَنَّمَا", 5))) == original
    # spellings with no marks where the options differ say nothing: the rule stands
    assert transfer_letters(damaged, "كأنما", meem, (("كأنما", 9),)) == "كأنمَّا"


def test_no_letter_is_given_two_vowels_to_please_the_corpus() -> None:
    kaf = parse_glyph_classes(["kaf.medial"])
    # one spelling marks only the meem: an option piling both fathas on it must not win
    damaged = "م" + FATHA + FATHA + "ر"
    assert transfer_letters(damaged, "مكر", kaf, (("مَكر", 50),)) == "م" + FATHA + "ك" + FATHA + "ر"


def test_marks_kept_before_counts_what_the_letter_holds() -> None:
    assert marks_kept_before([FATHA, SHADDA, FATHA], "\u0645") == 2
    assert marks_kept_before([KASRA], "\u0643") == 1
    assert marks_kept_before([DAMMA], "\u0629", at_end=True) == 0
    assert marks_kept_before([FATHA], "\u0629", at_end=True) == 1


def test_letter_marks() -> None:
    assert letter_marks("م" + DAMMA + "ك" + SHADDA + FATHA) == (frozenset(DAMMA), frozenset(SHADDA + FATHA))
    assert letter_marks(DAMMA + "م") is None


def test_diacritised_spellings_round_trip(tmp_path: Path) -> None:
    counts = Counter({"إِنَّمَا": 26, "إنّما": 4, "إنَّما": 3, "إنِّما": 1, "إنَما": 1, "كَتَب": 2})
    path = tmp_path / "diacritics.txt"
    assert write_diacritised(path, counts, per_word=4) == 5
    forms = read_diacritised(path)
    assert forms["إنما"] == (("إِنَّمَا", 26), ("إنّما", 4), ("إنَّما", 3), ("إنَما", 1))
    assert forms["كتب"] == (("كَتَب", 2),)


def test_a_damaged_spellings_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "diacritics.txt"
    path.write_text("إِنَّمَا\tmany\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        read_diacritised(path)


def test_an_alef_is_never_doubled() -> None:
    lam_alef = PROFILES["lam-alef"].lost
    # إلّا lost its لا: the shadda left on the hamza's alef is the lam's
    assert transfer_letters("إ" + SHADDA, "إلا", lam_alef) == "إل" + SHADDA + "ا"


def test_the_corpus_may_put_a_run_s_marks_after_its_last_letter() -> None:
    lam_alef = PROFILES["lam-alef"].lost
    # typed with the لا key, the shadda of إلاّ follows the ligature, as the corpus mostly writes it
    forms = (("إلاّ", 154), ("إلاَّ", 43))
    assert transfer_letters("إ" + SHADDA, "إلا", lam_alef, forms) == "إلا" + SHADDA
