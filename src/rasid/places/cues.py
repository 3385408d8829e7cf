"""The words around a name that say what it is: classifier nouns, organisation heads, person markers.

These are small closed classes of Arabic words, written here as they are spelled and compared
by :func:`rasid.places.names.name_key`.
"""

from __future__ import annotations

from rasid.places.names import name_key


def _keys(words: str) -> frozenset[str]:
    return frozenset(name_key(word) for word in words.split())


#: Generic nouns written in front of a name and kept out of its span (مدينة حلب → حلب).
CLASSIFIERS = _keys(
    "مدينة محافظة ولاية قرية بلدة حي منطقة قضاء ناحية مديرية قاعدة ميناء مطار سجن معسكر موقع ريف "
    "مدينتي بلدتي قريتي محافظتي مناطق أحياء قرى بلدات"
)
#: Classifiers for one place (مدينة العين), not several (مناطق المدينة).
SINGLE_CLASSIFIERS = _keys("مدينة محافظة ولاية قرية بلدة حي قضاء ناحية مديرية")
#: Classifiers that make the name a first-level division (محافظة حلب، ريف حلب).
ADMIN1_CUES = _keys("محافظة محافظتي ولاية ريف")
#: Classifiers that make the name a town (مدينة حلب).
TOWN_CUES = _keys("مدينة بلدة قرية حي مدينتي بلدتي قريتي قضاء ناحية مديرية مطار ميناء")
#: Words that, right before a name, mark it as a place without being part of it.
DIRECTIONS = _keys(
    "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي أطراف محيط ضواحي قرب باتجاه أهالي سكان وسط داخل خارج عمق "
    "جنوبي شرقي عاصمة جبهة جبهات"
)
LOCATIVE_CUES = CLASSIFIERS | DIRECTIONS
#: Nouns that head the proper name of an institution or a street: a place right after them is part
#: of that name (جامعة دمشق، صحيفة الرياض، شارع بغداد).
ORGANISATION_HEADS = _keys(
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
PERSON_MARKERS = _keys("أبو أبي أبا بن ابن بنت الشيخ السيد الأمير الملك الرئيس العقيد اللواء العميد")
#: Common nouns that a gazetteer also spells as some place: a place only after a classifier (مدينة العين).
GENERIC_NOUNS = _keys(
    "المدينة البلاد المنطقة العاصمة الجنوب الشمال الشرق الغرب المملكة الدولة الحكومة السوق الجديد الجديدة "
    "جديدة مدينة دولة سنة بن ابن أبو العين الحي الخبر التحالف الاتحاد السجن المصدر الصورة الصور الثورة "
    "الجزيرة"
)
#: Modifiers that may follow a place name without making it a construct noun (حلب الشرقية).
MODIFIERS = _keys(
    "الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية الكبرى الصغرى القديمة الجديدة الكبير "
    "المحتلة المحاصرة الأشرف المنورة المكرمة المقدسة الدولي العربية الشهباء الفيحاء"
)
