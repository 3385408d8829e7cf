"""Glyph-loss detection (rasid.repair.detect)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rasid.repair.damage import PROFILES, SEED_CLASSES
from rasid.repair.detect import (
    DEFAULT_DETECT_CONFIG,
    DetectConfig,
    _explained_by_doubled_letter,
    detect_glyph_loss,
    parse_glyph_classes,
    poisson_lower_tail,
)
from rasid.repair.language_model import LanguageModel
from rasid.repair.shaping import drop_glyphs

CLEAN = (
    "قال التحالف الدولي في بيان إن طائراته نفذت غارات على مواقع للتنظيم في البادية السورية، "
    "وأضاف البيان أن الغارات استهدفت مخازن للسلاح والذخيرة قرب مدينة تدمر، وأسفرت عن تدمير عدد من "
    "الآليات التي كان التنظيم يستخدمها في هجماته على القوات الحكومية. ولم يصدر تعليق فوري من الحكومة "
    "السورية على هذه الغارات، لكن مصادر محلية أكدت أن الاشتباكات لا تزال مستمرة في المنطقة الواقعة "
    "بين تدمر والسخنة، وأن عددا من المدنيين نزحوا إلى القرى المجاورة خلال الأيام الماضية. "
) * 3


def test_seed_loses_exactly_its_three_classes(model: LanguageModel, seed_text: str) -> None:
    report = detect_glyph_loss(seed_text, model)
    assert report.lost_classes == parse_glyph_classes(SEED_CLASSES)
    assert report.evidence == "strong"
    for evidence in report.lost:
        assert evidence.observed == 0
        assert evidence.expected > 10
        assert evidence.confidence > 0.99
        assert evidence.examples


def test_clean_text_has_no_loss(model: LanguageModel) -> None:
    report = detect_glyph_loss(CLEAN, model)
    assert report.lost == ()
    assert report.script == "arabic"


def test_other_losses_are_found(model: LanguageModel) -> None:
    for names in (["heh.medial"], ["teh_marbuta.final"], ["meem.medial"]):
        classes = parse_glyph_classes(names)
        assert detect_glyph_loss(drop_glyphs(CLEAN, classes), model).lost_classes == classes


def test_lam_alef_ligatures_are_lost_together(model: LanguageModel) -> None:
    # CLEAN has لا and لأ but no لإ or لآ: once the text shows its ligatures gone, the ones it is
    # too short to show are taken as gone too (a font that maps none of them loses all).
    text = CLEAN + "وبالإضافة إلى ذلك قال الآمر إن الأمر لا يحتمل التأجيل. "
    lost = PROFILES["lam-alef"].lost
    report = detect_glyph_loss(drop_glyphs(text, lost), model)
    assert report.lost_classes == lost
    assert all(evidence.observed == 0 and evidence.confidence > 0.5 for evidence in report.lost)
    # with its ligatures intact, none is reported, however rare
    assert detect_glyph_loss(text, model).lost == ()


# One short paragraph (60 words): each lam-alef ligature alone is too rare in it to show its loss.
SHORT_NEWS = (
    "قال مسؤولون محليون إن الأهالي في القرى الجنوبية عادوا إلى منازلهم خلال الأسبوع الماضي بعد أن هدأت "
    "الاشتباكات، لكن الطرق ما زالت مغلقة أمام قوافل الإغاثة. وأضافوا أن الأطفال لا يذهبون إلى المدارس منذ "
    "شهرين، وأن المستشفى الوحيد في المنطقة يعمل بطاقة محدودة بسبب نقص الوقود والأدوية. ودعا المسؤولون "
    "المنظمات الدولية إلى التدخل العاجل لإيصال المساعدات قبل حلول فصل الشتاء."
)


def test_lam_alef_ligatures_are_judged_as_one_loss(model: LanguageModel) -> None:
    # Judged one by one, only two ligatures had enough evidence here, and plain لا, the sign that
    # brings the rest, had too little; judged together (one font, one loss), all are found.
    lost = PROFILES["lam-alef"].lost
    assert detect_glyph_loss(drop_glyphs(SHORT_NEWS, lost), model).lost_classes == lost
    assert detect_glyph_loss(SHORT_NEWS, model).lost == ()


# News written without hamza on alef (اشخاص، الاقل، اكثر), as many writers do.
WITHOUT_HAMZA = (
    "قال شهود عيان ان اشخاص مسلحين هاجموا سوقا شعبيا في شمال المدينة امس، واسفر الهجوم عن مقتل عشرة اشخاص على الاقل "
    "واصابة اكثر من ثلاثين اخرين. واكد مسؤول امني ان اجهزة الامن فتحت تحقيقا في احداث الامس، وان اعضاء في الشرطة "
    "اعتقلوا اشخاصا يشتبه في صلتهم بالهجوم. وتشهد المنطقة منذ اشهر اعمال عنف متكررة، وسط اجواء من التوتر بين ابناء "
    "القبائل، فيما دعت احزاب المعارضة الى اجراء حوار وطني شامل لانهاء الازمة. "
) * 4


def test_text_without_hamza_has_not_lost_hamza_ligatures(model: LanguageModel) -> None:
    # No لأ in the whole text, but no أ either: the writer's habit, not a font's loss
    # (احداث is not الأحداث with its ligature gone).
    assert detect_glyph_loss(WITHOUT_HAMZA, model).lost == ()


def test_a_writer_who_mostly_leaves_hamza_off_has_not_lost_hamza_glyphs(model: LanguageModel) -> None:
    # One أ (وأكد) among many bare alefs where the standard has hamza (انه، اصبح، اكثر): the writer's
    # habit explains the missing لأ, and اسعار is not الأسعار with its ligature gone.
    text = (
        "قال انه اصبح اكثر قلقا من اي وقت مضى، واضاف ان الامور اخذت منحى اخر بعد ان اعلنت الحكومة انها لن "
        "تتراجع. وأكد اخرون ان المدينة اصبحت اكثر امنا، لكن اهالي الاحياء الفقيرة اشاروا الى ان اسعار الخبز "
        "ارتفعت، وان اغلب الاسر اضطرت الى اقتراض المال. وقالت امراة انها اضطرت ان تبيع اثاث منزلها. "
    )
    assert detect_glyph_loss(text * 2, model).lost == ()


def test_ligature_loss_is_still_found_where_the_writer_uses_hamza(model: LanguageModel) -> None:
    lost = parse_glyph_classes(["lam_alef_with_hamza_above.isolated", "lam_alef_with_hamza_above.final"])
    text = CLEAN + "وقال الأمين العام إن الأمم المتحدة تتابع الأوضاع في الأحياء الشرقية بقلق. " * 3
    assert lost & detect_glyph_loss(drop_glyphs(text, lost), model).lost_classes


def test_second_loss_needs_less_evidence_once_one_is_found(model: LanguageModel) -> None:
    # One short paragraph with the seed's damage: final yeh and medial kaf show plainly, and
    # once they do, the two words that lost final alef maksura are enough for it too.
    seed_classes = parse_glyph_classes(SEED_CLASSES)
    text = drop_glyphs(CLEAN[:300], seed_classes)
    assert detect_glyph_loss(text, model).lost_classes == seed_classes
    alone = replace(DEFAULT_DETECT_CONFIG, companion_prior=DEFAULT_DETECT_CONFIG.prior)
    assert detect_glyph_loss(text, model, alone).lost_classes < seed_classes


def test_short_text_says_evidence_is_weak(model: LanguageModel) -> None:
    report = detect_glyph_loss("قال الوزير إن الوضع مستقر", model)
    assert report.evidence in ("weak", "insufficient")
    assert "words" in report.note


def test_persian_is_not_diagnosed_as_arabic(model: LanguageModel) -> None:
    report = detect_glyph_loss("وزارت امور خارجه ایران روز یکشنبه اعلام کرد که گفتگوها ادامه خواهد یافت", model)
    assert report.script == "non_arabic"
    assert report.lost == ()


def test_text_without_arabic(model: LanguageModel) -> None:
    assert detect_glyph_loss("Only English here, 123.", model).script == "none"


def test_poisson_tail() -> None:
    assert poisson_lower_tail(0, 0.0) == 1.0
    assert abs(poisson_lower_tail(3, 3.0) - 0.6472) < 1e-4


def test_letters_a_lost_neighbour_left_in_a_lost_form_do_not_hide_the_loss(model: LanguageModel) -> None:
    # يحيى without its final alef maksura reads يحي, and لكي without its kaf reads لي: their
    # medial yeh now looks final, as if final yeh survived. It did not: the font drew it medial.
    text = CLEAN[: len(CLEAN) // 3] + "وقال يحيى إن يحيى كان هناك لكي يرى ما جرى، ثم غادر يحيى المكان. "
    seed = parse_glyph_classes(SEED_CLASSES)
    damaged = drop_glyphs(text, seed)
    assert "يحي " in damaged
    assert parse_glyph_classes(["yeh.final"]) <= detect_glyph_loss(damaged, model).lost_classes


def test_letters_two_lost_neighbours_left_in_a_lost_form_do_not_hide_the_loss(model: LanguageModel) -> None:
    # البلجيكي loses its medial kaf and its final yeh and reads البلجي: no common word loses one
    # glyph to give it, but one loses two of the classes the text lacks.
    text = (
        CLEAN[: len(CLEAN) // 3]
        + "وقال المهاجم البلجيكي إن اللاعب البلجيكي انتقل، ثم عاد البلجيكي البلجيكي إلى ناديه. "
    )
    seed = parse_glyph_classes(SEED_CLASSES)
    damaged = drop_glyphs(text, seed)
    assert "البلجي " in damaged
    assert parse_glyph_classes(["yeh.final"]) <= detect_glyph_loss(damaged, model).lost_classes


def test_a_single_word_shows_a_second_loss_in_a_short_damaged_text(model: LanguageModel) -> None:
    # Twenty-five words with one medial kaf (الكويت → الويت): once final yeh is judged lost,
    # that one word is the whole evidence for kaf, and it is strong (الويت is no word).
    text = (
        "وصل وزير الخارجية إلى الكويت في زيارة رسمية التقى خلالها عددا من المسؤولين، وبحث معهم "
        "العلاقات الثنائية والأوضاع في المنطقة التي تشهد توترا منذ أشهر."
    )
    damaged = drop_glyphs(text, PROFILES["seed-glyphs"].lost)
    assert detect_glyph_loss(damaged, model).lost_classes == PROFILES["seed-glyphs"].lost
    cap = DEFAULT_DETECT_CONFIG.word_cap
    capped = replace(DEFAULT_DETECT_CONFIG, companion_word_cap=cap, unknown_word_cap=cap)
    assert not parse_glyph_classes(["kaf.medial"]) & detect_glyph_loss(damaged, model, capped).lost_classes
    # A clean text that lacks a class keeps the lower cap: it has no companion.
    assert detect_glyph_loss(text, model).lost_classes == frozenset()


def test_a_token_that_is_no_word_may_say_more_than_a_word(model: LanguageModel) -> None:
    # الممة is no word; one lost medial heh makes it المهمة. Its evidence is capped at 8 nats
    # (unknown_word_cap), not at the 6 of a token that is itself a word.
    heh = parse_glyph_classes(["heh.medial"])
    text = "قال المسؤول إن المهمة ستستأنف في جنيف، وإن الطرفين أبديا استعدادا لمناقشة المقترحات الجديدة دون شروط مسبقة."
    damaged = drop_glyphs(text, heh)
    assert "الممة" in damaged and model.count("الممة") == 0

    def log_odds(config: DetectConfig) -> float:
        report = detect_glyph_loss(damaged, model, config)
        return next(e.log_odds for e in report.lost + report.suspicious if e.glyph_class in heh)

    capped = replace(DEFAULT_DETECT_CONFIG, unknown_word_cap=DEFAULT_DETECT_CONFIG.word_cap)
    assert log_odds(DEFAULT_DETECT_CONFIG) - log_odds(capped) == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("lost_class", "added", "shown"),
    [
        # With initial teh lost, تتميز reads تميز: its medial teh turns initial, as if initial teh
        # survived. تميز is a word as common as تتميز, so only the doubled letter explains it.
        (
            "teh.initial",
            "وتتميز المدينة بموقعها، وتتطلب حمايتها قوات كبيرة تتراوح أعدادها بين ألف وألفين، "
            "وتتم عمليات التفتيش يوميا، وتتحول الطرق إلى ساحات قتال حين تتقدم القوات. ",
            ("وتميز", "وتطلب"),
        ),
        # With initial lam lost every لل word keeps a lam in the lost form (للتنظيم reads لتنظيم):
        # a long text has more such survivors than a lost class may keep, and they do not hide
        # the loss.
        (
            "lam.initial",
            "وقال المتحدث للصحفيين إن للقوات الحكومية خطة للهجوم على مواقع للتنظيم، وإن للمدنيين ممرات "
            "للخروج، وإن للأمم المتحدة دورا للمساعدة، وإن للمنظمات الدولية مكاتب للإغاثة في المنطقة. ",
            ("لتنظيم",),
        ),
    ],
    ids=["doubled-teh", "lam-survivors-scale-with-the-text"],
)
def test_letters_a_lost_glyph_shifted_into_its_form_do_not_hide_the_loss(
    model: LanguageModel, lost_class: str, added: str, shown: tuple[str, ...]
) -> None:
    lost = parse_glyph_classes([lost_class])
    damaged = drop_glyphs(CLEAN + added, lost)
    assert all(fragment in damaged for fragment in shown)
    assert detect_glyph_loss(damaged, model).lost_classes == lost


def test_doubled_letter_words_explain_survivors_only_when_not_rare(model: LanguageModel) -> None:
    teh, meem = parse_glyph_classes(["teh.initial"]), parse_glyph_classes(["meem.initial"])
    (teh_initial,), (meem_initial,) = teh, meem
    assert _explained_by_doubled_letter("تميز", 0, teh_initial, model)
    # ممن is a word, but a text's every من is not one of it that lost a meem.
    assert not _explained_by_doubled_letter("من", 0, meem_initial, model)
