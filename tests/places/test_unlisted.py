"""Places the gazetteer lacks, found by their classifier (rasid.places.unlisted), and the spans and
readings that go with them, on the project's gazetteer."""

from __future__ import annotations

import pytest

from rasid.model import PlaceMention
from rasid.places.gazetteer import Gazetteer
from rasid.places.recognize import PlacesConfig, find_places


def found(text: str, gazetteer: Gazetteer) -> dict[str, PlaceMention]:
    return {mention.surface: mention for mention in find_places(text, gazetteer)}


@pytest.mark.parametrize(
    ("text", "name", "kind", "shown_at"),
    [
        ("قصفت الطائرات حي جوبر شرق دمشق أمس.", "جوبر", "district", "Damascus"),
        ("سيطر الحوثيون على مديرية مشرعة وحدنان في تعز.", "مشرعة وحدنان", "district", "Taiz"),
        ("وصلت القوات إلى قرية أم حوش بريف حلب الشمالي.", "أم حوش", "populated", "Aleppo"),
        ("دخل مسلحون حي باب توما في دمشق.", "باب توما", "district", "Damascus"),
    ],
)
def test_a_classifier_introduces_a_place_the_gazetteer_lacks(
    text: str, name: str, kind: str, shown_at: str, gazetteer: Gazetteer
) -> None:
    mentions = found(text, gazetteer)
    mention = mentions[name]
    assert mention.place.feature == "unlisted" and mention.place.kind == kind
    assert shown_at in mention.place.name_en
    container = next(m.place for m in mentions.values() if m.place.name_en == shown_at)
    assert (mention.place.lat, mention.place.lon) == (container.lat, container.lon)
    assert mention.cue is not None
    assert text[mention.start : mention.end] == name


@pytest.mark.parametrize(
    "text",
    [
        "أقيمت منطقة عازلة على الحدود مع سوريا.",  # an adjective: the buffer zone
        "أطلقت الوزارة قاعدة بيانات جديدة في الرياض.",  # a database
        "يمكن قضاء وقت ممتع في دبي.",  # spending time
        "بلدة تقع شمال حلب.",  # a verb
        "بنيت قرية صغيرة قرب حمص.",  # an adjective
    ],
)
def test_common_words_after_a_classifier_are_not_places(text: str, gazetteer: Gazetteer) -> None:
    assert not [m for m in find_places(text, gazetteer) if m.place.feature == "unlisted"]


def test_a_dual_classifier_names_two_places_and_later_mentions_follow(gazetteer: Gazetteer) -> None:
    text = "قصفت الفصائل بلدتي الفوعة وكفريا في ريف إدلب. وطالب سكان الفوعة بالحماية."
    mentions = find_places(text, gazetteer)
    unlisted = [(m.surface, m.start) for m in mentions if m.place.feature == "unlisted"]
    assert [surface for surface, _ in unlisted] == ["الفوعة", "كفريا", "الفوعة"]
    assert text[unlisted[1][1] - 1] == "و"  # the span leaves the conjunction out
    first, _, again = (m for m in mentions if m.place.feature == "unlisted")
    assert again.place == first.place and again.confidence < first.confidence


def test_without_a_listed_place_to_show_it_at_an_unlisted_place_is_left_out(gazetteer: Gazetteer) -> None:
    assert find_places("غارات على قرية كفر داعل أمس.", gazetteer) == ()


def test_unlisted_places_can_be_switched_off(gazetteer: Gazetteer) -> None:
    text = "قصفت الطائرات حي جوبر شرق دمشق أمس."
    assert [m.surface for m in find_places(text, gazetteer, PlacesConfig(unlisted=False))] == ["دمشق"]


def test_a_longer_unlisted_name_wins_over_a_listed_word_inside_it(gazetteer: Gazetteer) -> None:
    # مشرعة alone is a village the gazetteer lists; after مديرية the name runs on
    mentions = found("سيطر الحوثيون على مديرية مشرعة وحدنان في تعز.", gazetteer)
    assert "مشرعة" not in mentions and "مشرعة وحدنان" in mentions


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("وتعد قاعدة العند الجوية من أهم القواعد في اليمن.", "العند"),
        ("أغلق مطار دمشق الدولي أمس.", "دمشق"),
        ("على حي المغاير في حلب القديمة الواقع تحت سيطرة المعارضة.", "حلب القديمة"),
    ],
)
def test_spans_leave_descriptors_out_and_take_the_old_city(text: str, span: str, gazetteer: Gazetteer) -> None:
    assert span in found(text, gazetteer)


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("سيطرت القوات على القاعدة في 3 آب (أغسطس) الجاري.", "آب"),  # August, not Ibb
        ("فتح باب الترشح للانتخابات في عدن.", "اب"),  # a door, not ب + Ibb
        ("وتقع القاعدة على تل بمحافظة لحج.", "تل"),  # a hill
        ("ردت القوات السعودية على القصف.", "السعودية"),  # an adjective agreeing with its noun
        ("قتل مقاتلون من جنسيات غير سورية.", "سورية"),
        ("وصل وفد من الأمم المتحدة للمدينة أمس.", "لمدينة"),  # the city, not Medina
    ],
)
def test_words_that_are_spelled_like_places_are_not_places(text: str, not_a_place: str, gazetteer: Gazetteer) -> None:
    assert not_a_place not in found(text, gazetteer)


def test_the_country_after_an_indefinite_noun_is_the_country(gazetteer: Gazetteer) -> None:
    mention = found("شنت مقاتلات التحالف بقيادة السعودية غارات على صنعاء.", gazetteer)["السعودية"]
    assert mention.place.kind == "country"


def test_washington_is_in_the_gazetteer(gazetteer: Gazetteer) -> None:
    mention = found("أعلن التحالف الدولي من واشنطن أن قواته ضربت مواقع.", gazetteer)["واشنطن"]
    assert mention.place.country == "US"


def test_an_unlisted_place_is_shown_at_a_town_before_a_country(gazetteer: Gazetteer) -> None:
    text = "اشتدت المعارك في مأرب. وقال التحالف بقيادة السعودية إن غاراته أصابت مواقع في مديرية مدغلي."
    mention = found(text, gazetteer)["مدغلي"]
    assert mention.place.country == "YE" and "Ma'rib" in mention.place.name_en


def test_a_plural_classifier_names_a_list_of_places(gazetteer: Gazetteer) -> None:
    text = "قصف الحوثيون في عدن أحياء البساتين وبئر فضل ودار سعد التي تتعرض لقصف يومي."
    unlisted = [m.surface for m in find_places(text, gazetteer) if m.place.feature == "unlisted"]
    assert unlisted == ["البساتين", "بئر فضل", "دار سعد"]


@pytest.mark.parametrize(
    "text",
    [
        "حاصرت الفصائل في إدلب أربع بلدات علوية محاصرة.",  # a plural takes a feminine adjective
        "امتدت الاحتفالات في الرياض إلى أحياء وميادين وشوارع المدينة.",  # a list of common nouns
        "تعمل البلدية في الرياض على إحياء الموروثات الشعبية.",  # إحياء is reviving
    ],
)
def test_plural_classifiers_before_common_words_name_nothing(text: str, gazetteer: Gazetteer) -> None:
    assert not [m for m in find_places(text, gazetteer) if m.place.feature == "unlisted"]
