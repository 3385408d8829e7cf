"""The words around a name that say what it is: classifier nouns, organisation heads, person markers.

These are small closed classes of Arabic words, written here as they are spelled and compared
by :func:`rasid.places.names.name_key`.
"""

from __future__ import annotations

from rasid.places.names import name_key


def word_keys(words: str) -> frozenset[str]:
    """The name keys of the space-separated ``words``."""
    return frozenset(name_key(word) for word in words.split())


#: Generic nouns written in front of a name and kept out of its span (مدينة حلب → حلب).
CLASSIFIERS = word_keys(
    "مدينة محافظة ولاية قرية بلدة حي منطقة قضاء ناحية مديرية قاعدة ميناء مطار سجن معسكر موقع ريف "
    "مدينتي بلدتي قريتي محافظتي مناطق أحياء قرى بلدات"
)
#: Classifiers for one place (مدينة العين), not several (مناطق المدينة).
SINGLE_CLASSIFIERS = word_keys("مدينة محافظة ولاية قرية بلدة حي قضاء ناحية مديرية")
#: Classifiers that make the name a first-level division (محافظة حلب، ريف حلب).
ADMIN1_CUES = word_keys("محافظة محافظتي ولاية ريف")
#: Classifiers that make the name a town (مدينة حلب).
TOWN_CUES = word_keys("مدينة بلدة قرية حي مدينتي بلدتي قريتي قضاء ناحية مديرية مطار ميناء")
#: Words that, right before a name, mark it as a place without being part of it.
DIRECTIONS = word_keys(
    "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي أطراف محيط ضواحي قرب باتجاه أهالي سكان وسط داخل خارج عمق "
    "جنوبي شرقي عاصمة جبهة جبهات"
)
LOCATIVE_CUES = CLASSIFIERS | DIRECTIONS
#: Nouns that head the proper name of an institution or a street: a place right after them is part
#: of that name (جامعة دمشق، صحيفة الرياض، شارع بغداد).
ORGANISATION_HEADS = word_keys(
    "جامعة جامعات صحيفة جريدة مجلة إذاعة تلفزيون وكالة نادي نادى بنك مصرف شركة فندق شارع شارعي جولة مستديرة "
    "دوار متنزه ملعب استاد منتخب فريق حزب"
)
#: Fixed names of organisations that contain a place name (matched before places are).
ORGANISATIONS = tuple(
    name_key(name)
    for name in (
        "قوات سوريا الديمقراطية",
        "قوات سورية الديمقراطية",
        "مجلس سوريا الديمقراطية",
        "هيئة تحرير الشام",
        "أحرار الشام",
        "حركة أحرار الشام",
        "جبهة فتح الشام",
        "فيلق الشام",
        "جيش الشام",
        "الدولة الإسلامية في العراق والشام",
        "الدولة الإسلامية في العراق وسوريا",
        "الدولة الإسلامية في العراق",
        "الدولة الاسلامية في العراق والشام",
        "حكومة إقليم كردستان",
        "برلمان إقليم كردستان",
        "حزب الله",
        "الشرق الأوسط",
        "مجلس التعاون الخليجي",
        "مجلس التعاون لدول الخليج العربية",
        "جامعة الدول العربية",
        "البيت الأبيض",
        "سوريا الجديدة",
        "الرقة تذبح بصمت",
        "ريال مدريد",
        "باريس سان جيرمان",
        "مانشستر يونايتد",
        "مانشستر سيتي",
    )
)
#: Words that make the next word part of a person's name (أبو بكر البغدادي، ابن تيمية).
PERSON_MARKERS = word_keys("أبو أبي أبا بن ابن بنت الشيخ السيد الأمير الملك الرئيس العقيد اللواء العميد")
#: Common nouns that a gazetteer also spells as some place: a place only after a classifier (مدينة العين).
GENERIC_NOUNS = word_keys(
    "المدينة البلاد المنطقة العاصمة الجنوب الشمال الشرق الغرب المملكة الدولة الحكومة السوق الجديد الجديدة "
    "جديدة مدينة دولة سنة بن ابن أبو العين الحي الخبر التحالف الاتحاد السجن المصدر الصورة الصور الثورة "
    "الجزيرة"
)
#: Modifiers that may follow a place name without making it a construct noun (حلب الشرقية).
MODIFIERS = word_keys(
    "الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية الكبرى الصغرى القديمة الجديدة الكبير "
    "المحتلة المحاصرة الأشرف المنورة المكرمة المقدسة الدولي العربية الشهباء الفيحاء"
)

#: Classifiers that introduce a place the gazetteer may not list (حي جوبر، قرية أم حوش), with the
#: kind of place each introduces. Weak ones have common senses too (قاعدة بيانات، ناحية أخرى،
#: قضاء وقت) and need the corpus to say that the following word is a name.
UNLISTED_CUES = {
    name_key(word): kind
    for word, kind in {
        "حي": "district",
        "ضاحية": "district",
        "بلدتي": "populated",
        "قريتي": "populated",
        "مخيمي": "facility",
        "معسكري": "facility",
        "قرى": "populated",
        "بلدات": "populated",
        "أحياء": "district",
        "مخيمات": "facility",
        "مناطق": "district",
        "قرية": "populated",
        "بلدة": "populated",
        "مديرية": "district",
        "مخيم": "facility",
        "منطقة": "district",
        "ناحية": "district",
        "قضاء": "district",
        "قاعدة": "facility",
        "سجن": "facility",
        "معسكر": "facility",
    }.items()
}
STRONG_UNLISTED_CUES = word_keys("حي ضاحية قرية بلدة مديرية مخيم بلدتي قريتي مخيمي قرى بلدات أحياء مخيمات")
#: Classifiers of two places: the second name follows the first after و (بلدتي الفوعة وكفريا).
DUAL_CUES = word_keys("بلدتي قريتي مخيمي معسكري مدينتي")
#: Classifiers of several places: a list of names follows (قرى الحويجة، الزاب والعباسي).
PLURAL_CUES = word_keys("قرى بلدات أحياء مخيمات مناطق")
#: Feminine classifiers, and plurals (which take feminine adjectives): an indefinite word ending
#: in ة after them is an adjective (منطقة عازلة، بلدات علوية).
FEMININE_CUES = word_keys("قرية بلدة مديرية منطقة ناحية قاعدة ضاحية قرى بلدات أحياء مخيمات مناطق")
#: First words of compound toponyms: never a name alone (أم حوش، باب توما، تل أبيض، خان شيخون).
TOPONYM_HEADS = word_keys(
    "أم ام أبو ابو باب خان تل عين دير دار كفر بيت بئر بير رأس راس جسر بني عرب مزرعة خربة وادي جبل سهل نهر"
)
#: Words after a facility's name that describe it (قاعدة العند الجوية): outside the name's span.
DESCRIPTORS = word_keys("الدولي الدولية الجوية الجوي العسكري العسكرية البحرية البحري")
#: Written forms that are words, never the place their letters spell: آب (August) is not إب.
FALSE_FRIENDS = frozenset({"آب", "أب"})
