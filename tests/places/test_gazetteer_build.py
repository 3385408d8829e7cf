"""Building the gazetteer and rejecting bad source rows (rasid.places.gazetteer_build)."""

from __future__ import annotations

import lzma
from pathlib import Path

import pytest
from tests.places.conftest import SUPPLEMENT_HEADER, city_row

from rasid.errors import GazetteerSourceError
from rasid.places.gazetteer import load_gazetteer
from rasid.places.gazetteer_build import arabic_names, build_gazetteer, count_name_uses
from rasid.places.names import name_key


def test_builds_places_names_and_aliases(sources: tuple[Path, Path], tmp_path: Path) -> None:
    geonames, supplement = sources
    out = tmp_path / "gazetteer.json"
    report = build_gazetteer(geonames, supplement, out)
    assert report.from_supplement == 2  # the alias row adds names, not a place
    gazetteer = load_gazetteer(out)
    raqqa = {place.country for place in gazetteer.lookup(name_key("الرقة"))}
    assert raqqa == {"SY", "KW"}
    marib = gazetteer.lookup(name_key("مارب"))
    assert [place.id for place in marib] == ["geonames:4"]  # GeoNames' Marib, now with its Arabic names
    assert marib[0].name == "مأرب"
    bishri = gazetteer.lookup(name_key("جبل بشري"))[0]
    assert bishri.kind == "terrain" and bishri.bbox == (38.7, 35.0, 39.9, 35.6)
    assert gazetteer.max_words == 2
    assert gazetteer.lookup(name_key("د مشق"))[0].name == "دمشق"  # shown without the slip
    assert not out.with_name(out.name + ".partial").exists()


def _supplement_with(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "bad.tsv"
    path.write_text("\n".join([SUPPLEMENT_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = "sy-a\tتدمر الجديدة\t\tNew Tadmur\ttown\tSY\tSY.12\t\t34.5\t38.3\t\t\tsource"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD.replace("34.5", "134.5"), "latitude 134.5 is out of range"),
        (GOOD.replace("38.3", "-190"), "longitude -190.0 is out of range"),
        (GOOD.replace("34.5", "north"), "is not a number"),
        (GOOD.replace("\tsource", "\t"), "needs a source"),
        (GOOD.replace("SY.12", "SY.99"), "unknown admin1 code SY.99"),
        (GOOD.replace("\ttown\t", "\tcastle\t"), "unknown feature 'castle'"),
        (GOOD.replace("\t\t\tsource", "\t39.0,34.0,40.0,35.0\t\tsource"), "is outside its bbox"),
        (GOOD.replace("\tSY.12\t\t", "\tSY.12\t99\t"), "geonameid 99 is not in cities500"),
        (GOOD.replace("\tSY.12\t\t", "\tSY.12\t3\t"), "its point differs from GeoNames'"),
        (GOOD.replace("sy-a", "SY A"), "lowercase ASCII slug"),
        (GOOD + "\textra", "expected 13 tab-separated columns, found 14"),
    ],
)
def test_bad_supplement_rows_are_named(sources: tuple[Path, Path], tmp_path: Path, row: str, message: str) -> None:
    geonames, _ = sources
    with pytest.raises(GazetteerSourceError) as caught:
        build_gazetteer(geonames, _supplement_with(tmp_path, row), tmp_path / "out.json")
    assert message in str(caught.value)
    assert "bad.tsv:2" in str(caught.value)
    assert not (tmp_path / "out.json").exists()


def test_duplicate_supplement_rows_are_rejected(sources: tuple[Path, Path], tmp_path: Path) -> None:
    geonames, _ = sources
    same_id = GOOD.replace("New Tadmur", "Other")
    with pytest.raises(GazetteerSourceError, match=r"bad.tsv:3 .*duplicate id sy-a \(first on line 2\)"):
        build_gazetteer(geonames, _supplement_with(tmp_path, GOOD, same_id), tmp_path / "out.json")
    same_place = GOOD.replace("sy-a", "sy-b").replace("تدمر الجديدة", "تدمر الجديده")
    with pytest.raises(GazetteerSourceError, match=r"bad.tsv:3 .*duplicate of line 2"):
        build_gazetteer(geonames, _supplement_with(tmp_path, GOOD, same_place), tmp_path / "out.json")


def test_bad_geonames_rows_are_named(sources: tuple[Path, Path], tmp_path: Path) -> None:
    geonames, supplement = sources
    rows = [city_row(7, "Nowhere", "لامكان", 95.0, 10.0, "SY", "04", 10)]
    with lzma.open(geonames / "cities500.txt.xz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    with pytest.raises(GazetteerSourceError, match=r"cities500.txt.xz:1 \(geonameid 7, Nowhere\): latitude 95.0"):
        build_gazetteer(geonames, supplement, tmp_path / "out.json")
    rows = [city_row(7, "Twice", "مرتين", 35.0, 10.0, "SY", "04", 10)] * 2
    with lzma.open(geonames / "cities500.txt.xz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    with pytest.raises(GazetteerSourceError, match=r"cities500.txt.xz:2 .*duplicate geonameid 7"):
        build_gazetteer(geonames, supplement, tmp_path / "out.json")


def test_missing_source_is_a_clear_error(sources: tuple[Path, Path], tmp_path: Path) -> None:
    geonames, _ = sources
    with pytest.raises(GazetteerSourceError, match="no such file"):
        build_gazetteer(geonames, tmp_path / "absent.tsv", tmp_path / "out.json")


def test_arabic_names_keep_only_arabic_spellings() -> None:
    assert arabic_names(["Raqqa", "الرقة", "رقه", "الرقة", "تهران", "ﮔﺮﮔﺎن", "ar-Raqqa"]) == ["الرقة", "رقه", "تهران"]


def test_name_uses_are_counted(tmp_path: Path) -> None:
    corpus = tmp_path / "news.txt"
    corpus.write_text(
        "قصفت الطائرات مدينة حماة وريف إدلب\n"
        "وقال حماة الوطن إن الوضع هادئ\n"
        "محمد بن سالم وأحمد بن سالم وعلي بن سالم وخالد بن سالم وسعد بن سالم\n"
        "قال سالم بن علي\n",
        encoding="utf-8",
    )
    statistics = count_name_uses([corpus], {name_key("حماة"), name_key("إدلب"), name_key("سالم")})
    hama = statistics.uses[name_key("حماة")]
    assert hama[:2] == [2, 1]  # twice, once after a locative word (مدينة)
    assert statistics.uses[name_key("إدلب")][:2] == [1, 1]  # after ريف (the و is a conjunction)
    assert statistics.uses[name_key("سالم")][2] >= 1  # followed by بن: part of a person's name


def test_counts_the_words_after_classifiers_of_unlisted_places(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(
        "قصف حي جوبر أمس\n"
        "سيطروا على مديرية مشرعة وحدنان في تعز\n"
        "وفي مديرية مشرعة وحدنان اشتباكات\n"
        "أقيمت منطقة عازلة ثم المنطقة العازلة\n"
        "قصف جوبر مجددا\n",
        encoding="utf-8",
    )
    statistics = count_name_uses([corpus], set())
    assert statistics.cue_names[name_key("جوبر")] == [1, 2, 0]  # once after حي, twice in all
    assert statistics.cue_names[name_key("عازلة")] == [1, 1, 1]  # and once with the article
    assert statistics.cue_phrases[name_key("مشرعة") + " " + name_key("وحدنان")] == 2
    assert name_key("المنطقة") not in statistics.cue_names  # المنطقة (with the article) is no classifier


def test_a_town_is_shown_with_the_spelling_the_news_uses(sources: tuple[Path, Path], tmp_path: Path) -> None:
    geonames, supplement = sources
    corpus = tmp_path / "news.txt"
    corpus.write_text("وصل الوفد إلى طرابلس اليوم\n" * 5 + "وفي دمشق قال المسؤول\n", encoding="utf-8")
    out = tmp_path / "gazetteer.json"
    build_gazetteer(geonames, supplement, out, corpus=[corpus])
    gazetteer = load_gazetteer(out)
    assert gazetteer.lookup(name_key("ترابلس"))[0].name == "طرابلس"
    # without the corpus's word for it, GeoNames' first spelling stays
    plain = tmp_path / "without-corpus.json"
    build_gazetteer(geonames, supplement, plain)
    assert load_gazetteer(plain).lookup(name_key("طرابلس"))[0].name == "ترابلس"
