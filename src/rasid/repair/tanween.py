"""What a word written with tanween cannot be restored to.

Tanween (ً ٌ ٍ) marks an indefinite noun, so a token that carries it was written
without the article: واسمًا cannot have been والاسمًا, whatever the language model
prefers. Fathatan is written on a word's final alef, or on the few letters that take no
alef after it (مدرسةً، ماءً): a token that ends in it on any other letter lost its end
(فضً was فضلاً). A defective noun drops its final yeh under kasratan or dammatan (أراضٍ, محامٍ),
so neither can such a token have lost one. These are rules of the script, not of the
corpus; restoration gives the candidates they exclude a penalty rather than dropping
them, so a writer's slip costs a word, not a crash.

An attached pronoun rules tanween out as well: مكتبًا cannot have been مكتبهًا. Its
letters are those of many words' own endings before the tanween's alef (توجيهًا، وجهًا),
so a candidate is taken for a word with the pronoun ها only when what comes before the
ها is a common word.
"""

from __future__ import annotations

from collections.abc import Callable

from rasid.repair.marks import SHADDA, TANWEEN

#: Log-probability added to a candidate that the token's tanween rules out: far past what the
#: language models ever weigh against each other (a window's scores differ by 25 nats at times).
EXCLUDED_LOGPROB = -100.0
#: Word starts that are the definite article (with the conjunctions and prepositions
#: written before it).
_ARTICLE_STARTS = tuple(prefix + "\u0627\u0644" for prefix in ("", "\u0648", "\u0641", "\u0628", "\u0643"))
_YEH = "\u064a"
_HA = "\u0647\u0627"
#: How often the corpus must have a word for it + ها to be taken for it with the pronoun (on the
#: development split, heh-medial words wrong: 100 → 0.353 / 0.325%, 20 → 0.348 / 0.316%, 5 → 0.346 /
#: 0.312% but fewer restored in half A).
MIN_STEM_COUNT = 20
_FATHATAN = "\u064b"
#: Letters fathatan sits on at a word's end: alef itself, and teh marbuta, hamza and alef
#: maksura, which take no alef after it (مدرسةً، ماءً، هدىً).
_FATHATAN_WITHOUT_ALEF = frozenset("\u0627\u0629\u0621\u0649\u0623")
_CASE_TANWEEN = frozenset("\u064c\u064d")  # dammatan, kasratan: what a defective noun takes


def has_tanween(surface: str) -> bool:
    """True when the token as written carries a tanween."""
    return not TANWEEN.isdisjoint(surface)


def excluded_by_tanween(surface: str, key: str, candidate: str, count: Callable[[str], int]) -> bool:
    """True when ``candidate`` cannot be the original of the token ``surface`` (lookup key
    ``key``) because of the tanween the token carries. ``count``: a word's corpus count.

    >>> counts = {"مكتب": 900, "توجي": 0}.get
    >>> count = lambda word: counts(word, 0)
    >>> excluded_by_tanween("واسمًا", "واسما", "والاسما", count), excluded_by_tanween("واسمًا", "واسما", "واسما", count)
    (True, False)
    >>> excluded_by_tanween("مكتبًا", "مكتبا", "مكتبها", count), excluded_by_tanween("توجيًا", "توجيا", "توجيها", count)
    (True, False)
    >>> excluded_by_tanween("أراضٍ", "أراض", "أراضي", count), excluded_by_tanween("عربٍّ", "عرب", "عربي", count)
    (True, False)
    >>> excluded_by_tanween("فضً", "فض", "فض", count), excluded_by_tanween("مدرسةً", "مدرسة", "مدرسة", count)
    (True, False)
    """
    if not has_tanween(surface):
        return False
    if surface.endswith(_FATHATAN) and candidate[-1] not in _FATHATAN_WITHOUT_ALEF:
        # Fathatan ends a word on its alef, or on the few letters written without one: ending
        # on any other letter, the token lost its last letters (فضً was فضلاً).
        return True
    if candidate == key:
        return False
    if candidate.startswith(_ARTICLE_STARTS) and not key.startswith(_ARTICLE_STARTS):
        return True
    if candidate.endswith(_HA) and not key.endswith(_HA) and count(candidate[: -len(_HA)]) >= MIN_STEM_COUNT:
        # A common word with the pronoun ها (مفهومها), where the tanween's alef would have been
        # after its own ending (توجيهًا, وجهًا: توجي and وج are no words).
        return True
    # A yeh put back at the end of a word whose last letter carries dammatan or kasratan
    # without shadda (the nisba ending doubles it: عربيٍّ).
    return candidate == key + _YEH and surface[-1:] in _CASE_TANWEEN and SHADDA not in surface[-3:]
