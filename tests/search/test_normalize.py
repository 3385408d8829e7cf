"""Arabic-aware search terms (rasid.search.normalize)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.search.normalize import fts5_query, index_text, normalize_word, parse_query, snippet, stem


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("أحمد", "احمد"),
        ("إدلب", "ادلب"),
        ("آمنة", "امنه"),
        ("مستشفى", "مستشفي"),
        ("حماة", "حماه"),
        ("الْقُوَّات", "القوات"),  # diacritics ignored
        ("الـــرقة", "الرقه"),  # tatweel ignored
    ],
)
def test_spelling_variants_are_unified(variant: str, plain: str) -> None:
    assert normalize_word(variant) == normalize_word(plain)


@pytest.mark.parametrize(
    ("attached", "bare"),
    [
        ("بالرقة", "الرقة"),
        ("وإدلب", "إدلب"),
        ("فالموصل", "الموصل"),
        ("وبالموصل", "موصل"),
        ("للجيش", "الجيش"),
        ("كالعادة", "عادة"),
        ("لدمشق", "دمشق"),
    ],
)
def test_attached_prefixes_are_stripped(attached: str, bare: str) -> None:
    assert stem(attached) == stem(bare)


@pytest.mark.parametrize("word", ["بلد", "ولد", "فيل", "كتب", "لبن", "الى"])
def test_short_words_keep_letters_that_look_like_prefixes(word: str) -> None:
    assert stem(word) == normalize_word(word)


def test_short_words_do_not_find_each_other() -> None:
    assert stem("بلد") != stem("ولد")
    assert stem("كتب") != stem("وتب")


def test_distinct_words_stay_distinct() -> None:
    assert stem("الرقة") != stem("الرقابة")
    assert stem("حلب") != stem("حماة")


def test_query_phrases_and_words() -> None:
    query = parse_query('قصف "دير الزور" وحلب')
    assert query.phrases == ((stem("قصف"),), (stem("دير"), stem("الزور")), (stem("حلب"),))


@pytest.mark.parametrize("typed", ['" OR 1=1', "NEAR(a b)", "a* -b", "col:x", '""""', "^ ( )", "'; --"])
def test_query_syntax_never_reaches_the_index(typed: str) -> None:
    fts = fts5_query(parse_query(typed))
    # every phrase is a quoted string of stems joined by AND; nothing else survives
    for part in filter(None, fts.split(" AND ")):
        assert part.startswith('"') and part.endswith('"')
        assert '"' not in part[1:-1].replace('""', "")


@given(st.text(max_size=200))
def test_any_query_parses_to_quoted_phrases(typed: str) -> None:
    fts = fts5_query(parse_query(typed))
    assert fts == "" or fts.startswith('"')


def test_index_and_query_use_the_same_stems() -> None:
    indexed = set(index_text("وقصفت الطائرات مواقع بالرقة وإدلب").split())
    assert parse_query("الرقه ادلب").stems <= indexed


def test_snippet_marks_matching_words() -> None:
    text = "تواصلت المعارك في ريف إدلب الجنوبي، وقصفت الطائرات مواقع بالرقة شرق الفرات."
    marked = snippet(text, parse_query("الرقة"))
    assert "[[بالرقة]]" in marked
    assert marked.count("[[") == 1


def test_snippet_of_long_text_is_a_window_around_the_hits() -> None:
    filler = " ".join(["كلام"] * 200)
    text = f"{filler} قصف على تدمر {filler}"
    marked = snippet(text, parse_query("تدمر"), width=10)
    assert "[[تدمر]]" in marked
    assert marked.startswith("… ") and marked.endswith(" …")
    assert len(marked.split()) <= 14
