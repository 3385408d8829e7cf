"""Finding and resolving place names (rasid.places.recognize), on the project's gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.places.gazetteer import Gazetteer
from rasid.places.names import name_key
from rasid.places.recognize import find_places

ROOT = Path(__file__).resolve().parents[2]
SEED_READING = (ROOT / "tests" / "repair" / "cases" / "seed_expected.txt").read_text(encoding="utf-8")

# The places the seed names (issue 5), and what each must resolve to.
SEED_PLACES = {
    "الباغوز": ("SY", "populated"),
    "تدمر": ("SY", "populated"),
    "السخنة": ("SY", "populated"),
    "إدلب": ("SY", "populated"),
    "حماة": ("SY", "populated"),
    "حلب": ("SY", "populated"),
    "الرقة": ("SY", "admin1"),  # «محافظة الرقة»
    "دمشق": ("SY", "populated"),
    "أنقرة": ("TR", "populated"),
    "سوريا": ("SY", "country"),
    "العراق": ("IQ", "country"),
    "ليبيا": ("LY", "country"),
    "صحراء الأنبار": ("IQ", "terrain"),
    "جبال حمرين": ("IQ", "terrain"),
    "جبل بشري": ("SY", "terrain"),
    "البادية": ("SY", "terrain"),
    "شرق الفرات": ("SY", "region"),
}


def surfaces(text: str, gazetteer: Gazetteer) -> dict[str, list[tuple[str | None, str]]]:
    found: dict[str, list[tuple[str | None, str]]] = {}
    for mention in find_places(text, gazetteer):
        found.setdefault(mention.surface, []).append((mention.place.country, mention.place.kind))
    return found


def test_the_seed_yields_every_place_it_names(gazetteer: Gazetteer) -> None:
    found = surfaces(SEED_READING, gazetteer)
    for surface, expected in SEED_PLACES.items():
        assert expected in found.get(surface, []), (surface, found.get(surface))


def test_the_seed_yields_none_of_its_non_places(gazetteer: Gazetteer) -> None:
    mentions = find_places(SEED_READING, gazetteer)
    allowed = set(SEED_PLACES) | {"البادية السورية"}
    assert {mention.surface for mention in mentions} <= allowed
    # سوريا inside قوات سوريا الديمقراطية is an organisation's name, not a place
    sdf = SEED_READING.index("قوات سوريا الديمقراطية")
    assert not any(sdf <= mention.start < sdf + 25 for mention in mentions)
    # فلورانس بارلي is a minister, not Florence
    assert "فلورانس" not in {mention.surface for mention in mentions}


def test_spans_leave_prefixes_and_classifiers_out(gazetteer: Gazetteer) -> None:
    text = "قصفت الطائرات مواقع بالرقة ومدينة تدمر، وأرسلت مساعدات لليمن عبر محافظة الحسكة."
    found = {m.surface: m for m in find_places(text, gazetteer)}
    assert text[found["الرقة"].start - 1] == "ب"
    assert "تدمر" in found and found["تدمر"].cue == name_key("مدينة")
    assert "ليمن" in found and found["ليمن"].place.kind == "country"  # لليمن: only the first ل is a prefix
    assert found["الحسكة"].place.kind == "admin1"
    for mention in found.values():
        assert text[mention.start : mention.end] == mention.surface


def test_multi_word_names(gazetteer: Gazetteer) -> None:
    text = "وصلت التعزيزات إلى دير الزور ثم إلى جبال حمرين وشرق الفرات."
    found = surfaces(text, gazetteer)
    assert {"دير الزور", "جبال حمرين", "شرق الفرات"} <= set(found)
    assert "الزور" not in found and "الفرات" not in found


def test_non_places_are_kept_out(gazetteer: Gazetteer) -> None:
    texts = [
        "وقال حماة الوطن إنهم مستعدون للدفاع عن الأرض.",  # حماة: "protectors"
        "أعلنت قوات سوريا الديمقراطية السيطرة على القرية.",  # an organisation
        "ظهر زعيم التنظيم أبو بكر البغدادي في تسجيل جديد.",  # a person's name
        "وسقطت طائرة سورية قرب الحدود.",  # an adjective
        "درس في جامعة دمشق قبل الحرب.",  # an institution's name
        "وهو دومًا يقف مع الحق.",  # an adverb, not Douma
    ]
    for text in texts:
        found = surfaces(text, gazetteer)
        assert not found.keys() & {"حماة", "سوريا", "البغدادي", "سورية", "دمشق", "دومًا"}, (text, found)


def test_lists_make_places_of_ambiguous_names(gazetteer: Gazetteer) -> None:
    found = surfaces("تتعرض إدلب وحماة وحلب للقصف.", gazetteer)
    assert {"إدلب", "حماة", "حلب"} <= set(found)


def test_context_resolves_ambiguous_names(gazetteer: Gazetteer) -> None:
    syria = "اشتبكت القوات مع خلايا التنظيم في البادية السورية قرب تدمر والسخنة شرق حمص."
    yemen = "اشتبكت القوات مع الحوثيين في محافظة حضرموت قرب المكلا وفي السخنة شرق الحديدة في اليمن."
    in_syria = {m.surface: m for m in find_places(syria, gazetteer)}["السخنة"]
    in_yemen = {m.surface: m for m in find_places(yemen, gazetteer)}["السخنة"]
    assert in_syria.place.country == "SY" and in_yemen.place.country == "YE"
    assert in_syria.alternatives and in_syria.alternatives[0].country == "YE"
    assert 0 < in_syria.confidence <= 1


def test_countryside_means_the_governorate(gazetteer: Gazetteer) -> None:
    found = {m.surface: m for m in find_places("تقدمت القوات في ريف حلب الشمالي.", gazetteer)}
    assert found["حلب"].place.kind == "admin1"


def test_mentions_carry_their_sentence(gazetteer: Gazetteer) -> None:
    text = "هذه جملة أولى. قصفت الطائرات مدينة الرقة أمس. وهذه جملة ثالثة."
    (mention,) = find_places(text, gazetteer)
    assert text[mention.sentence.start : mention.sentence.end].strip() == "قصفت الطائرات مدينة الرقة أمس."


@pytest.mark.parametrize("text", ["", "   ", "hello world", "كان الجو جميلا والناس سعداء في الحديقة.", "١٢٣"])
def test_text_without_places_gives_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert find_places(text, gazetteer) == ()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآ ًٌٍ،.\n وبال")), max_size=200))
def test_any_text_is_answered(gazetteer: Gazetteer, text: str) -> None:
    for mention in find_places(text, gazetteer):
        assert text[mention.start : mention.end] == mention.surface
        assert 0 < mention.confidence <= 1
        assert mention.sentence.start <= mention.start < mention.end <= mention.sentence.end


def test_saudi_regions_are_areas_resolved_by_context(gazetteer: Gazetteer) -> None:
    text = "سقطت مقذوفات أطلقها الحوثيون على منطقة جازان وعسير، وأغلقت السلطات مدارس في القصيم والجوف."
    found = {m.surface: m.place for m in find_places(text, gazetteer)}
    for surface in ("عسير", "القصيم", "الجوف"):
        assert found[surface].feature == "admin1" and found[surface].country == "SA", surface
    assert found["جازان"].country == "SA"
    # with Yemeni places around it, الجوف is the Yemeni governorate
    yemen = {m.surface: m.place for m in find_places("اشتباكات في مأرب والجوف وصعدة شمال اليمن", gazetteer)}
    assert yemen["الجوف"].country == "YE"
