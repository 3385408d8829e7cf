"""Name keys and clitic prefixes (rasid.places.names)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.places.names import name_key, prefix_splits


@pytest.mark.parametrize(
    ("one", "other"),
    [("إدلب", "ادلب"), ("حماة", "حماه"), ("ديالى", "ديالي"), ("دير الزّور", "دير  الزور"), ("ﻋﺪﻥ", "عدن")],
)
def test_spelling_variants_share_a_key(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("written", "prefix", "name", "offset"),
    [
        ("بالرقة", "ب", "الرقه", 1),
        ("وبالرقة", "وب", "الرقه", 2),
        ("وإدلب", "و", "ادلب", 1),
        ("للرقة", "ل", "الرقه", 1),  # ل + ال written لل: the name starts after the first ل
        ("لليمن", "ل", "اليمن", 1),
        ("فسوريا", "ف", "سوريا", 1),
    ],
)
def test_prefix_readings(written: str, prefix: str, name: str, offset: int) -> None:
    readings = [(split.prefix, split.key, split.offset) for split in prefix_splits(written)]
    assert readings[0] == ("", name_key(written), 0)  # the word as it is comes first
    assert (prefix, name, offset) in readings


def test_a_name_must_keep_two_letters() -> None:
    assert all(len(split.key) >= 2 for split in prefix_splits("وبل"))


@given(st.text(max_size=30))
def test_any_word_splits_without_error(word: str) -> None:
    for split in prefix_splits(word):
        assert 0 <= split.offset <= len(word)
