"""Where a restored letter's diacritics go.

A font that loses a letter's glyph keeps the marks drawn over it: the extracted text
holds them after the marks of the letter before (تمكّن → تمّن). Putting the letter back
means deciding which of those marks are its own. Two sources say so: what a letter can
carry (:func:`marks_kept_before`), and how the corpus diacritises the restored word
(its :data:`DiacritisedForms`, counted by the model build), which settles most of the
cases the first leaves open (إنَّما, not إنمَّا, with medial meem lost).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from rasid.repair.chars import TEH_MARBUTA, YEH
from rasid.repair.shaping import GlyphClass, lost_positions
from rasid.repair.tokens import word_key

TANWEEN = frozenset("\u064b\u064c\u064d")  # fathatan, dammatan, kasratan
SHADDA = "\u0651"
#: The harakat: tanween, the short vowels, shadda and sukun.
HARAKAT = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
_VOWELS = HARAKAT - {SHADDA}  # one of these per letter: a vowel, a tanween or sukun
_CASE_VOWELS = frozenset("\u064f\u0650")  # damma, kasra: never on the letter before teh marbuta
_ALEF = "\u0627"
_SUKUN = "\u0652"
_LAM = "\u0644"
#: Letters that never carry shadda: the alefs and alef maksura.
_NO_SHADDA = frozenset("\u0627\u0623\u0625\u0622\u0649")
#: A word's start up to the definite article's lam (ال, and with a prefix before it).
_ARTICLES = frozenset(
    ("\u0627\u0644", *(prefix + "\u0627\u0644" for prefix in "\u0648\u0641\u0628\u0643"), "\u0644\u0644")
)
#: A word's start up to the definite article's alef (ا, and with a prefix before it).
_ARTICLE_ALEFS = frozenset(article[:-1] for article in _ARTICLES if article.endswith("\u0627\u0644"))
#: Per word key: the diacritised spellings the corpus has of it, with their counts.
DiacritisedForms = dict[str, tuple[tuple[str, int], ...]]
#: Spellings kept per word by the model build: enough for the usual variants (with and
#: without a case ending, with and without shadda), not every writer's whim.
FORMS_PER_WORD = 4
DIACRITISED_FILE = "diacritics.txt"
#: Ways of sharing out a word's marks worth comparing with the corpus (a word with many lost
#: letters, each after several marks, keeps the rule's way).
_MAX_OPTIONS = 64


def marks_kept_before(cluster: Sequence[str], lost_letter: str, at_end: bool = False) -> int:
    """How many of ``cluster``, the marks after a letter that a lost ``lost_letter`` followed,
    are that letter's own (the rest were the lost letter's). ``at_end``: the lost letters end
    the word (and a tanween among the marks was already moved after them).

    A letter carries one vowel (or sukun, or tanween) and one shadda: past that, marks are the
    lost letter's. Tanween ends a word, so on a letter inside one it is the lost letter's,
    unless that is the alef tanween is written before (شيئًا). Inside a word a shadda, and the
    vowel with it, go to the lost letter: in the training corpus a letter lost mid-word under
    the seed, heh, teh marbuta and meem losses carried a lone shadda 1,212 times against 523 for
    the letter before, and a shadda with its vowel 286 times against 206. At the end of a word
    a lone shadda is a final yeh's (the nisba ending ـيّ: 319 against 182) and stays before teh
    marbuta and alef maksura (قوّة, حتّى); the letter before teh marbuta takes fatha, so a lone
    kasra or damma there is the teh marbuta's case ending. Any other lone vowel stays: no
    better than a coin toss.

    >>> fatha, shadda = "\\u064e", "\\u0651"
    >>> marks_kept_before([fatha, fatha], "\\u0643"), marks_kept_before([shadda], "\\u0643")
    (1, 0)
    >>> marks_kept_before([shadda], "\\u064a", at_end=True), marks_kept_before([shadda], "\\u0649", at_end=True)
    (0, 1)
    """
    vowel = shadda = False
    for number, mark in enumerate(cluster):
        if mark == SHADDA:
            if shadda:
                return number
            shadda = True
        else:
            if vowel:
                return number
            vowel = True
    if at_end:
        alone = cluster[0] if len(cluster) == 1 else ""
        if (lost_letter == YEH and alone == SHADDA) or (lost_letter == TEH_MARBUTA and alone in _CASE_VOWELS):
            return 0
        return len(cluster)
    if lost_letter != _ALEF and any(mark in TANWEEN for mark in cluster):
        return 0
    if SHADDA in cluster:
        return 0
    return len(cluster)


#: Decides, for the marks after a letter that lost letters followed, how many are its own, and
#: whether the rest go after the last lost letter of the run rather than its first:
#: (cluster, the first lost letter, whether the lost letters end the word) → (count, after last).
Splitter = Callable[[Sequence[str], str, bool], tuple[int, bool]]


def _by_rule(cluster: Sequence[str], lost_letter: str, at_end: bool) -> tuple[int, bool]:
    return marks_kept_before(cluster, lost_letter, at_end), False


def _insert(surface: str, original_key: str, missing: frozenset[int], share: Splitter) -> str:
    """``surface`` with the letters of ``original_key`` at ``missing`` put back, each run of them
    taking the marks ``share`` does not leave on the letter before."""
    output: list[str] = []
    tanween: list[str] = []
    moved: list[str] = []  # the lost letters' own marks, taken off the letter before them
    surface_index = 0
    end_lost_from = len(original_key)
    while end_lost_from - 1 in missing:
        end_lost_from -= 1
    for position, char in enumerate(original_key):
        if position in missing:
            after_last = False
            if position == end_lost_from:
                while output and output[-1] in TANWEEN:
                    tanween.append(output.pop())
            if position - 1 not in missing:
                cluster = _trailing_marks(output)
                kept, after_last = share(cluster, char, position == end_lost_from)
                if original_key[:position] in _ARTICLES and SHADDA not in cluster:
                    # The article's lam carries no vowel: only a sukun can be its own (a shadda
                    # says the lam is no article's: الَّتي).
                    kept = int(cluster[:1] == [_SUKUN])
                elif char == _LAM and original_key[:position] in _ARTICLE_ALEFS:
                    # Nor does its alef (one diacritised article in 8,954 in the corpus marks it): the
                    # marks are those of the letter after the lam (والإِنساني).
                    kept, after_last = 0, True
                elif SHADDA in cluster and "".join(output[-len(cluster) - 1 : -len(cluster)]) in _NO_SHADDA:
                    kept = min(kept, cluster.index(SHADDA))  # an alef is never doubled
                moved = output[len(output) - len(cluster) + kept :]
                del output[len(output) - len(moved) :]
            output.append(char)
            if not after_last or position + 1 not in missing:
                output.extend(moved)
                moved = []
            continue
        while surface_index < len(surface) and surface[surface_index] != char:
            output.append(surface[surface_index])
            surface_index += 1
        if surface_index < len(surface):
            output.append(surface[surface_index])
            surface_index += 1
        while surface_index < len(surface) and not word_key(surface[surface_index]):
            output.append(surface[surface_index])
            surface_index += 1
    output.extend(reversed(tanween))
    output.append(surface[surface_index:])
    return "".join(output)


def _trailing_marks(output: list[str]) -> list[str]:
    """The harakat at the end of ``output``: the marks of its last letter (empty when a tatweel
    or anything else comes between, which then keeps them all)."""
    start = len(output)
    while start and output[start - 1] in HARAKAT:
        start -= 1
    return output[start:]


@lru_cache(maxsize=65536)
def transfer_letters(
    surface: str,
    original_key: str,
    lost: frozenset[GlyphClass],
    forms: tuple[tuple[str, int], ...] = (),
) -> str:
    """Insert into ``surface`` the letters that ``original_key`` has and the surface lost,
    keeping the surface's diacritics and tatweel with the letters they belong to.

    A lost letter's own marks were left on the letter before it, after that letter's own.
    Where ``forms`` (the corpus's diacritised spellings of ``original_key``, with counts) agree
    with one way of sharing them out more than with :func:`marks_kept_before`'s, that way
    is taken (for a run of lost letters, the marks may also follow its last letter: إلاّ).
    Tanween marks the end of a word, so when the restored letters end the word, a tanween
    that the loss left on the letter before them moves after them (فعً → فعلاً: the لا key of
    an Arabic keyboard types the ligature's two letters at once, and the tanween comes after,
    even from writers who put it before a lone alef).

    >>> fi = "\N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH}"
    >>> kasra = "\N{ARABIC KASRA}"
    >>> transfer_letters(fi[0] + kasra, fi, frozenset([GlyphClass.parse("yeh.final")])) == fi[0] + kasra + fi[1]
    True
    """
    missing = frozenset(int(position) for position in lost_positions(original_key, lost))
    if not missing:
        return surface
    default = _insert(surface, original_key, missing, _by_rule)
    if not forms or not HARAKAT.intersection(surface):
        return default
    # Every other way of sharing the marks out: record how many marks each run of lost letters
    # finds before it, then replay each share; a run of two letters or more may take its marks
    # after its last letter.
    sizes: list[int] = []

    def record(cluster: Sequence[str], letter: str, at_end: bool) -> tuple[int, bool]:
        sizes.append(len(cluster))
        return len(cluster), False

    _insert(surface, original_key, missing, record)
    starts = sorted(position for position in missing if position - 1 not in missing)
    choices = [
        [(kept, last) for kept in range(size + 1) for last in ((False, True) if long and kept < size else (False,))]
        for size, long in zip(sizes, (start + 1 in missing for start in starts), strict=True)
    ]
    if math.prod(len(choice) for choice in choices) > _MAX_OPTIONS:
        return default
    options = [default]
    for shares in itertools.product(*choices):
        option = _insert(surface, original_key, missing, _replay(shares))
        if option not in options and _letters_can_hold(option):
            options.append(option)
    return _best_supported(options, forms)


def _replay(shares: Sequence[tuple[int, bool]]) -> Splitter:
    """A :data:`Splitter` that gives ``shares``, one per run of lost letters, in order."""
    given = iter(shares)
    return lambda cluster, letter, at_end: next(given)


def _best_supported(options: list[str], forms: tuple[tuple[str, int], ...]) -> str:
    """The option (the first is the default) whose marks the corpus's ``forms`` support most.

    Every option has the same marks, shared out differently; a form supports an option by
    each of them it has on the same letter, on the letters where the options differ (a
    writer marks some letters and not others, so a form seldom has them all). A form with no
    marks there says nothing. Ties keep the default.
    """
    if len(options) == 1:
        return options[0]
    units = [letter_marks(option) for option in options]
    if any(unit is None or len(unit) != len(units[0] or ()) for unit in units):
        return options[0]
    letters = range(len(units[0] or ()))
    differ = [i for i in letters if len({unit[i] for unit in units if unit is not None}) > 1]
    support = [0] * len(options)
    for form, count in forms:
        marks = letter_marks(form)
        if marks is None or len(marks) != len(letters) or not any(marks[i] for i in differ):
            continue
        for number, unit in enumerate(units):
            if unit is not None:
                support[number] += count * sum(len(unit[i] & marks[i]) for i in differ)
    best = max(range(len(options)), key=lambda number: (support[number], number == 0))
    return options[best]


def _letters_can_hold(word: str) -> bool:
    """True when no letter of ``word`` carries two vowels or two shaddas."""
    vowels = shaddas = 0
    for char in word:
        if char == SHADDA:
            shaddas += 1
        elif char in _VOWELS:
            vowels += 1
        elif word_key(char):
            vowels = shaddas = 0
        if vowels > 1 or shaddas > 1:
            return False
    return True


def letter_marks(word: str) -> tuple[frozenset[str], ...] | None:
    """The harakat on each letter of ``word``, in order (None when marks come before any letter).

    >>> [sorted(marks) for marks in letter_marks("\\u0645\\u064f\\u0643\\u0651")]
    [['ُ'], ['ّ']]
    """
    letters: list[set[str]] = []
    for char in word:
        if char in HARAKAT:
            if not letters:
                return None
            letters[-1].add(char)
        elif word_key(char):
            letters.append(set())
    return tuple(frozenset(marks) for marks in letters)


def count_diacritised(words: Iterable[str], counts: Counter[str]) -> None:
    """Add to ``counts`` every word of ``words`` that carries harakat (as written)."""
    for word in words:
        if not HARAKAT.isdisjoint(word):
            counts[word] += 1


def write_diacritised(path: Path, counts: Counter[str], per_word: int = FORMS_PER_WORD) -> int:
    """Write the commonest ``per_word`` diacritised spellings of each word, as ``form<TAB>count``
    lines; returns how many were written."""
    by_key: dict[str, list[tuple[int, str]]] = {}
    for form, count in counts.items():
        by_key.setdefault(word_key(form), []).append((-count, form))
    lines = [f"{form}\t{-negative}" for key in sorted(by_key) for negative, form in sorted(by_key[key])[:per_word]]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return len(lines)


def read_diacritised(path: Path) -> DiacritisedForms:
    """The spellings :func:`write_diacritised` wrote, by word key.

    Raises:
        ValueError: a line is not ``form<TAB>count``.
    """
    by_key: dict[str, list[tuple[str, int]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        form, tab, count = line.partition("\t")
        if not tab or not count.isdigit():
            raise ValueError(f"{path.name} line {number}: expected 'form<TAB>count'")
        by_key.setdefault(word_key(form), []).append((form, int(count)))
    return {key: tuple(forms) for key, forms in by_key.items()}
