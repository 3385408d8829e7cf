"""Places the gazetteer does not list, found by the classifier noun in front of them.

Conflict reporting names neighbourhoods, villages, districts and camps that no gazetteer has:
«حي جوبر»، «قرية أم حوش»، «مديرية مشرعة وحدنان». The classifier says a place follows; the
training corpus says whether the word after it is a name (it mostly follows a classifier:
الكرادة) or a common word (صغيرة، البيانات، وقت), and how far a name runs (مشرعة وحدنان).
Such a place has no coordinates of its own: the recognizer shows it at the listed place it is
said to be in (see :func:`rasid.places.recognize.find_places`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rasid.places.cues import (
    CLASSIFIERS,
    DIRECTIONS,
    DUAL_CUES,
    FEMININE_CUES,
    GENERIC_NOUNS,
    MODIFIERS,
    ORGANISATION_HEADS,
    PERSON_MARKERS,
    PLURAL_CUES,
    STRONG_UNLISTED_CUES,
    TOPONYM_HEADS,
    UNLISTED_CUES,
    word_keys,
)
from rasid.places.gazetteer import Gazetteer
from rasid.places.names import Split, prefix_splits

#: Words that never begin a place name: function words, and words that say what kind of thing follows.
_NOT_A_NAME = (
    word_keys(
        "في من إلى الى عن على حتى نحو عبر بين داخل خارج قرب بعد قبل منذ مع عند لدى تحت فوق حول ضد "
        "التي الذي الذين اللتين التابعة التابع المجاورة المجاور المحيطة المذكورة نفسها نفسه ذاتها ذاته "
        "هذه هذا تلك ذلك كل بعض أي أخرى اخرى آخر واحدة واحد ثانية أول أولى كبيرة صغيرة جديدة"
    )
    | GENERIC_NOUNS
    | MODIFIERS
    | DIRECTIONS
    | ORGANISATION_HEADS
    | PERSON_MARKERS
    | frozenset(UNLISTED_CUES)
) - TOPONYM_HEADS
#: Words that end a name that runs on: function words only (بغداد الجديدة runs on, في does not).
_FUNCTION_WORDS = word_keys(
    "في من إلى الى عن على حتى نحو عبر بين داخل خارج قرب بعد قبل منذ مع عند لدى تحت فوق حول ضد "
    "التي الذي الذين التابعة التابع و أو ثم"
)
_TANWEEN = re.compile("[\u064b-\u064d]")
_ARABIC_WORD = re.compile("^[\u0621-\u064a\u0660-\u0669\u064b-\u0652\u0670\u0671]+$")
#: Weak classifiers after which a word the corpus hardly knows is still a name (منطقة الكرادة);
#: after the others (قضاء، ناحية، قاعدة، معسكر) it is as likely an inflected common word.
_RARE_NAME_CUES = word_keys("منطقة سجن")
_NEIGHBOURHOODS = "احياء"
#: Clitic prefixes a common word may carry where a name was expected (بمسميات، لمقار).
_CLITICS = ("وب", "ول", "فب", "ب", "ل", "ك")
#: A phrase continues past a word when at least this share of that word's runs after a
#: classifier go on with the next word (مشرعة → مشرعة وحدنان).
RUN_ON_SHARE = 0.5
#: How many names a list after a plural classifier may run to (قرى ...، ...، ... و...).
MAX_LIST = 12
MIN_RUN_ON = 3


class TokenLike(Protocol):
    """A word of the text: where it is, how it is written and its name key."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def key(self) -> str: ...


@dataclass(frozen=True, slots=True)
class UnlistedName:
    """A name found after a classifier: its tokens (inclusive), classifier key, kind and belief."""

    first: int
    last: int
    cue: str
    kind: str
    belief: float
    skip: int = 0  # letters of the first token before the name (the و of وكفريا)


def cue_of(word: str, splits: Callable[[str], Sequence[Split]]) -> str | None:
    """The classifier of unlisted places ``word`` is, with or without a clitic prefix
    (بمنطقة، وقرية), but not with the article (المنطقة names nothing), and written with its
    ة (بلده is "his country", not بلدة)."""
    for split in splits(word):
        if split.key in UNLISTED_CUES and "ال" not in split.prefix:
            if split.key.endswith("ه") and not word.endswith("ة"):
                return None
            if split.key == _NEIGHBOURHOODS and not word[len(split.prefix) :].startswith("أ"):
                return None  # إحياء، احياء: reviving
            return split.key
    return None


def _is_name_word(token: TokenLike) -> bool:
    return (
        (len(token.key) >= 3 or token.key in TOPONYM_HEADS)
        and token.key not in _NOT_A_NAME
        and _ARABIC_WORD.match(token.text) is not None
        and not _TANWEEN.search(token.text)
    )


def _looks_like_name(key: str, cue: str, gazetteer: Gazetteer) -> bool:
    """Whether the corpus uses ``key``, right after classifier ``cue``, as a name."""
    after, total, definite = gazetteer.word_counts(key)
    # An adjective agreeing with the classifier (منطقة عازلة، قاعدة جوية) is as often written with
    # the article (المنطقة العازلة); a name (مديرية مشرعة) hardly ever is.
    adjective = cue in FEMININE_CUES and not key.startswith("ال") and key.endswith("ه")
    if adjective and (definite >= max(5, 0.2 * total) or (total >= 30 and key not in gazetteer.cue_names)):
        return False
    share = (after + 1) / (total + 2)
    if after >= 3 and share >= 0.25:
        return True
    if cue in STRONG_UNLISTED_CUES:
        return total < 20 or share >= 0.2
    return cue in _RARE_NAME_CUES and total < 5


def unlisted_names(
    text: str,
    tokens: Sequence[TokenLike],
    taken: set[int],
    gazetteer: Gazetteer,
    splits: Callable[[str], Sequence[Split]],
) -> list[UnlistedName]:
    """Names after a classifier that no gazetteer match covers (``taken``: token indices matched)."""
    found: list[UnlistedName] = []
    index = 0
    while index < len(tokens) - 1:
        token, following = tokens[index], tokens[index + 1]
        cue = None if index in taken else cue_of(token.text, splits)
        if cue is None or text[token.end : following.start].strip():
            index += 1
            continue
        name = _first_name(text, tokens, index + 1, cue, taken, gazetteer)
        if name is not None:
            found.append(name)
        last = name.last if name is not None else _taken_end(index + 1, taken)
        items = 1 if cue in DUAL_CUES else MAX_LIST if cue in PLURAL_CUES else 0
        while items and last is not None:
            items -= 1
            item, end = _list_item(text, tokens, last + 1, cue, taken, gazetteer)
            if item is not None:
                found.append(item)
            if end is None:
                break
            last = end
        index = (last if last is not None else index) + 1
    return found


def _first_name(
    text: str, tokens: Sequence[TokenLike], first: int, cue: str, taken: set[int], gazetteer: Gazetteer
) -> UnlistedName | None:
    word = tokens[first]
    if first in taken or not _is_name_word(word):
        return None
    if word.key.startswith("و") and word.key not in TOPONYM_HEADS:
        return None  # a conjunction: بلدة ... ورسالته، أحياء وميادين
    if _clitic_and_common(word.key, gazetteer):
        return None
    last = name_end(text, tokens, first, taken, gazetteer, dual=cue in DUAL_CUES)
    if word.key in TOPONYM_HEADS:
        if last == first:
            return None  # a head alone (تل، باب) is a common noun
    elif not _looks_like_name(word.key, cue, gazetteer):
        return None
    belief = 0.6 if cue in STRONG_UNLISTED_CUES else 0.45
    return UnlistedName(first, last, cue, UNLISTED_CUES[cue], belief)


def distinctive(name: str, gazetteer: Gazetteer) -> bool:
    """Whether an unlisted name (a name key) is rare or mostly a name in the corpus, so that its
    other occurrences in the same document name the same place (الفوعة), unlike a common word
    that a classifier once made a name (منطقة الشرق)."""
    after, total, _ = gazetteer.word_counts(name.split(" ")[0])
    return total < 20 or (after >= 2 and (after + 1) / (total + 2) >= 0.25)


def _clitic_and_common(key: str, gazetteer: Gazetteer) -> bool:
    """A common word behind a clitic prefix (بمسميات = ب + مسميات), not a name: the word without
    the prefix is frequent, and more so than the word itself (unlike باب، بريدة)."""
    whole = gazetteer.word_counts(key)[1]
    for clitic in _CLITICS:
        if key.startswith(clitic):
            rest = gazetteer.word_counts(key[len(clitic) :])[1]
            if rest >= 20 and rest > 2 * whole:
                return True
    return False


def _seen_as_name(key: str, gazetteer: Gazetteer) -> bool:
    """A word joined by و to a list of places is one too if the corpus has seen it after a
    classifier, or hardly knows it (a verb such as تسعد it knows)."""
    after, total, _ = gazetteer.word_counts(key)
    return after >= 1 or total < 5


def _taken_end(first: int, taken: set[int]) -> int | None:
    """The last token of the listed name that begins at ``first`` (None if none does)."""
    if first not in taken:
        return None
    while first + 1 in taken:
        first += 1
    return first


def _list_item(
    text: str, tokens: Sequence[TokenLike], index: int, cue: str, taken: set[int], gazetteer: Gazetteer
) -> tuple[UnlistedName | None, int | None]:
    """The next name of a list after a dual or plural classifier, joined by و or a comma
    (بلدتي الفوعة **و**كفريا، قرى الحويجة**،** الزاب **و**العباسي), and the last token it takes
    (None where the list ends). A listed place in the list is passed over, not reported again."""
    if index >= len(tokens):
        return None, None
    between = text[tokens[index - 1].end : tokens[index].start].strip()
    token = tokens[index]
    joined = token.text.startswith("و") and token.key.startswith("و")
    if between not in ("", "،", ",") or (cue in DUAL_CUES and (between or not joined)) or not (between or joined):
        return None, None
    if index in taken:
        return None, _taken_end(index, taken)
    # وكفريا is و + كفريا, ووادي is و + وادي, but وادي itself is a head, not و + ادي
    skip = 1 if joined and token.key not in TOPONYM_HEADS and len(token.key) > 3 else 0
    if skip and token.key[1:] in _NOT_A_NAME:
        return None, None
    if not skip and not between:
        return None, None
    word = _Word(token.start + skip, token.end, token.text[skip:], token.key[skip:])
    if not _is_name_word(word):
        return None, None
    last = index
    if word.key in TOPONYM_HEADS:
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or index + 1 in taken or text[token.end : following.start].strip():
            return None, None
        if not _is_name_word(following) and following.key not in TOPONYM_HEADS:
            return None, None
        last = index + 1
    elif cue not in DUAL_CUES and (
        not _looks_like_name(word.key, cue, gazetteer)
        or _clitic_and_common(word.key, gazetteer)
        or (skip and not _seen_as_name(word.key, gazetteer))
    ):
        return None, None
    return UnlistedName(index, last, cue, UNLISTED_CUES[cue], 0.6 if cue in STRONG_UNLISTED_CUES else 0.45, skip), last


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    text: str
    key: str


def runs_on(
    text: str,
    tokens: Sequence[TokenLike],
    first: int,
    last: int,
    gazetteer: Gazetteer,
    splits: Callable[[str], Sequence[Split]],
) -> bool:
    """Whether a listed name at tokens ``first..last``, after a classifier, is only the start of a
    longer unlisted one (مديرية مشرعة وحدنان, not the village مشرعة)."""
    cue = cue_of(tokens[first - 1].text, splits) if first else None
    if cue is None:
        return False
    return name_end(text, tokens, first, set(), gazetteer, dual=cue in DUAL_CUES) > last


def name_end(
    text: str, tokens: Sequence[TokenLike], first: int, taken: set[int], gazetteer: Gazetteer, dual: bool = False
) -> int:
    """The last token of the name that begins at ``first``: a compound toponym takes its second
    word (باب توما), and the corpus says where a name runs on (مشرعة وحدنان، خان بني سعد). After
    a dual classifier a word with و starts the second name (بلدتي الفوعة وكفريا)."""
    last = first
    words = [tokens[first].key]
    while last + 1 < len(tokens) and len(words) < 3:
        following = tokens[last + 1]
        if (
            last + 1 in taken
            or text[tokens[last].end : following.start].strip()
            or following.key in _FUNCTION_WORDS
            or (dual and following.key.startswith("و"))
            or following.key in DIRECTIONS  # مخمور شرق الموصل
            or any(split.key in CLASSIFIERS for split in prefix_splits(following.text))  # المار بولاية
            or _ARABIC_WORD.match(following.text) is None
            or _TANWEEN.search(following.text)
        ):
            break
        phrase = " ".join([*words, following.key])
        seen = gazetteer.cue_phrases.get(phrase, 0)
        base = gazetteer.cue_phrases.get(" ".join(words), 0) if len(words) > 1 else gazetteer.word_counts(words[0])[0]
        head = len(words) == 1 and words[0] in TOPONYM_HEADS
        if not head and (seen < MIN_RUN_ON or seen < RUN_ON_SHARE * base):
            break
        words.append(following.key)
        last += 1
    return last
