"""The writer's spelling habits (rasid.repair.spelling) and their use in restoration."""

from __future__ import annotations

import math
from dataclasses import replace

from rasid.repair.chars import HAMZA_ALEFS
from rasid.repair.damage import PROFILES
from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.pipeline import repair_text
from rasid.repair.restore import RestoreConfig, Restorer
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG
from rasid.repair.shaping import drop_glyphs
from rasid.repair.spelling import DOTLESS_YEH, bare, dotless_habit, spelling_habit, spelling_roles
from rasid.repair.tokens import token_keys

WITH_HAMZA = (
    "قال مسؤولون أن الاتحاد الأوروبي أكد أنه سيواصل دعم الأمن في المنطقة، وأضاف أن الأمر يتطلب إجراءات أكثر. "
    "وأشار إلى أن الأزمة الإنسانية تزداد سوءا، وأن الأمم المتحدة أعلنت أنها ستعقد اجتماعا الأسبوع المقبل."
)
WITHOUT_HAMZA = bare(WITH_HAMZA)
LAM_ALEF = PROFILES["lam-alef"].lost


def test_habit_is_read_from_the_text(model: LanguageModel) -> None:
    kept = spelling_habit(token_keys(WITH_HAMZA), model)
    left_off = spelling_habit(token_keys(WITHOUT_HAMZA), model)
    assert math.exp(kept.log_share) < 0.1 < 0.5 < math.exp(left_off.log_share)
    assert kept.evidence == left_off.evidence > 5
    # a text with no alef to go by keeps the prior: hamza written
    assert math.exp(spelling_habit(token_keys("قال مسؤولون في المنطقة"), model).log_share) < 0.1


def test_roles_pair_bare_spellings_with_their_standard(model: LanguageModel) -> None:
    roles = {role.index: role.standard for role in spelling_roles(["الاوروبي", "الأوروبي", "المنطقة"], model)}
    assert roles == {0: "الأوروبي", 1: None}


def test_restored_words_follow_the_writers_habit(model: LanguageModel) -> None:
    # lam-alef loss turns both الأوروبي and الاوروبي into اوروبي: only the writer's other
    # alefs (اعلنت، واضاف) say which one this writer wrote
    damaged = drop_glyphs(WITHOUT_HAMZA, LAM_ALEF)
    repaired = apply_edits(damaged, Restorer(model, LAM_ALEF).edits(damaged))
    for word in ("الاوروبي", "الامن", "الامر", "الامم"):
        assert word in repaired.split()
    assert not HAMZA_ALEFS & set(repaired)  # no word is given a hamza this writer never writes
    standard_only = Restorer(model, LAM_ALEF, RestoreConfig(spelling=None))
    assert "الامن" not in apply_edits(damaged, standard_only.edits(damaged)).split()
    # and a writer who writes hamza gets it back
    damaged = drop_glyphs(WITH_HAMZA, LAM_ALEF)
    assert apply_edits(damaged, Restorer(model, LAM_ALEF).edits(damaged)) == WITH_HAMZA


def test_habit_is_read_alike_from_a_repaired_text(model: LanguageModel) -> None:
    # Found by hypothesis: الى restored in the first pass must not count as the writer's bare
    # alef in the second, or the second pass restores more الى (repair must be idempotent).
    config = replace(DEFAULT_REPAIR_CONFIG, lost_classes=PROFILES["seed-glyphs"].lost)
    once = repair_text("في Ø§Ù„ في Ø§Ù„ Ø§Ù„ ", config, model)
    assert repair_text(once.text, config, model).edits == ()


def test_a_different_hamza_is_still_hamza_kept(model: LanguageModel) -> None:
    # إنه is not أنه spelt without hamza: it is another word, written with hamza
    habit = spelling_habit(["إنه", "وإن", "إلى"], model)
    assert math.exp(habit.log_share) < 0.1


DOTLESS = "أكد المصدر العسكرى الذى تحدث فى المؤتمر أن الجيش السعودى سيبقى فى مواقعه"
SEED_GLYPHS = PROFILES["seed-glyphs"].lost


def test_dotless_habit_is_read_from_isolated_final_yeh(model: LanguageModel) -> None:
    dotless = dotless_habit(token_keys(DOTLESS), model)
    assert dotless.left_off == 5 and dotless.kept == 0  # العسكرى، الذى، فى twice، السعودى (سيبقى is standard)
    assert math.exp(dotless.log_share) > 0.5
    dotted_text = DOTLESS.replace("\N{ARABIC LETTER ALEF MAKSURA} ", "\N{ARABIC LETTER YEH} ")
    assert math.exp(dotless_habit(token_keys(dotted_text), model).log_share) < 0.01


def test_dotless_roles_pair_a_dotless_yeh_with_its_standard(model: LanguageModel) -> None:
    roles = spelling_roles(["ف", "في", "فى", "على"], model, habits=frozenset({DOTLESS_YEH}))
    assert {(role.index, role.standard, role.habit) for role in roles} == {
        (1, None, DOTLESS_YEH),
        (2, "في", DOTLESS_YEH),
    }
    # على is the standard word, not a dotless علي (the name Ali): no role
    assert spelling_roles(["في", "فى"], model) == ()  # the hamza habit alone has nothing to say


def test_restoration_follows_a_dotless_writer(model: LanguageModel) -> None:
    damaged = drop_glyphs(DOTLESS, SEED_GLYPHS)
    assert apply_edits(damaged, Restorer(model, SEED_GLYPHS).edits(damaged)) == DOTLESS
    standard = DOTLESS.replace("ى ", "ي ").replace("سيبقي", "سيبقى")
    damaged = drop_glyphs(standard, SEED_GLYPHS)
    assert apply_edits(damaged, Restorer(model, SEED_GLYPHS).edits(damaged)) == standard
    # a loss that leaves alef maksura intact shows the writer's فى: nothing to decide
    assert Restorer(model, PROFILES["heh-medial"].lost).index.habits == frozenset()


def test_words_the_lexicon_lacks_show_the_dotless_habit(model: LanguageModel) -> None:
    # النووى، التجارى، الإدارى are no lexicon words, so restoration may insert letters into
    # them; their isolated final yeh is still the writer's, and says فى.
    dotless = "وقال المدير الإدارى فى الشركة إن البرنامج النووى والقطاع التجارى فى المنطقة يحتاجان إلى دعم"
    restorer = Restorer(model, SEED_GLYPHS)
    assert all(model.count(word) == 0 for word in ("الإدارى", "النووى", "التجارى"))
    damaged = drop_glyphs(dotless, SEED_GLYPHS)
    assert apply_edits(damaged, restorer.edits(damaged)) == dotless
    # a final yeh after a joining letter is a lost glyph here (فكي); after reh it survives
    assert not restorer.index.shows_final_yeh("فكي") and restorer.index.shows_final_yeh("البرى")
    standard = dotless.replace("ى ", "ي ").replace("إلي", "إلى")
    damaged = drop_glyphs(standard, SEED_GLYPHS)
    assert apply_edits(damaged, restorer.edits(damaged)) == standard
