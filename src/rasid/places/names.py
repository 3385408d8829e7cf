"""How place names are compared: one key per spelling, and the clitic prefixes a name can carry.

Keys ignore what Arabic spelling varies on (hamza on alef, ى/ي, ة/ه, diacritics, tatweel,
presentation forms), so that سورية and سوريه, إدلب and ادلب meet. Attached prefixes (و ف ب ل ك
and their combinations, لل for ل + ال) are not part of a name: :func:`prefix_splits` lists the
ways a written word can be prefix + name, and where the name starts in the word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from rasid.search.normalize import normalize_word

#: Arabic words and runs of digits/Latin letters, as the recognizer sees them.
WORD = re.compile(
    r"[\u0620-\u065f\u0670-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+"
)

# Conjunctions first, then one preposition: وب، فل، وك ... (longest first).
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
# Shortest first: when both و|لبنان and ول|بنان name places, the fewer letters taken as prefix,
# the likelier the reading.
PREFIXES = tuple(sorted({c + p for c in _CONJUNCTIONS for p in _PREPOSITIONS} - {""}, key=len))
MIN_NAME_LETTERS = 2


def name_key(text: str) -> str:
    """The comparison key of a name of one or more words.

    >>> name_key("إدلِب") == name_key("ادلب")
    True
    >>> name_key("دير  الزور") == name_key("دير الزّور")
    True
    """
    folded = unicodedata.normalize("NFKC", text) if _has_presentation_forms(text) else text
    return " ".join(normalize_word(word) for word in WORD.findall(folded))


def _has_presentation_forms(text: str) -> bool:
    return any("\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefc" for char in text)


@dataclass(frozen=True, slots=True)
class Split:
    """A written word read as prefix + name: the name's key and where it starts in the word."""

    prefix: str
    key: str
    offset: int


def prefix_splits(word: str) -> Iterator[Split]:
    """Every reading of ``word`` as (clitic prefix, name), the bare word first.

    ل + ال is written لل (للرقة): that reading restores the article, and the name starts
    after the first ل, as annotators mark it (لليمن → ليمن).

    >>> ("وب", "الرقه", 2) in [(s.prefix, s.key, s.offset) for s in prefix_splits("وبالرقة")]
    True
    >>> ("ل", "الرقه", 1) in [(s.prefix, s.key, s.offset) for s in prefix_splits("للرقة")]
    True
    """
    key = name_key(word)
    yield Split("", key, 0)
    if not key:
        return
    # Offsets are counted in the written word, whose letters map one to one onto the key's
    # for the prefix letters (prefix letters carry no diacritics in practice).
    for prefix in PREFIXES:
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix) :]
        if len(rest) < MIN_NAME_LETTERS:
            continue
        offset = _written_offset(word, len(prefix))
        if prefix.endswith("ل") and rest.startswith("ل") and not rest.startswith("ال"):
            # لل + name: ل + ال with the alef dropped (للرقة = ل + الرقة)
            yield Split(prefix, "ا" + rest, offset)
        yield Split(prefix, rest, offset)


def _written_offset(word: str, letters: int) -> int:
    """Index in ``word`` after its first ``letters`` base letters (skipping marks and tatweel)."""
    seen = 0
    for index, char in enumerate(word):
        if seen == letters:
            return index
        if unicodedata.category(char) != "Mn" and char != "\u0640":
            seen += 1
    return len(word)
