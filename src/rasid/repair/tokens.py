"""Split text into the tokens the language model and the restorer work on.

A token is an Arabic word (letters with their marks and tatweel), a number, a
Latin word, or one punctuation character. Lookup keys drop diacritics and
tatweel, so ``فِي`` and ``في`` are the same word to the model while the text
keeps its marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

ARABIC_LETTER_RANGES = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
)
ARABIC_MARK_RANGES = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08ca-\u08ff"
TATWEEL_RANGE = "\u0640"
DIGIT_RANGES = "0-9\u0660-\u0669\u06f0-\u06f9"

ARABIC_WORD = re.compile(f"[{ARABIC_LETTER_RANGES}{ARABIC_MARK_RANGES}{TATWEEL_RANGE}]+")
TOKEN_PATTERN = re.compile(
    f"(?P<word>[{ARABIC_LETTER_RANGES}{ARABIC_MARK_RANGES}{TATWEEL_RANGE}]+)"
    f"|(?P<number>[{DIGIT_RANGES}]+(?:[.,\u066b\u066c][{DIGIT_RANGES}]+)*)"
    r"|(?P<latin>[A-Za-z\u00c0-\u024f]+)"
    r"|(?P<other>\S)"
)
#: Deleted from a word to make its lookup key: diacritics, Quranic marks and tatweel.
IGNORED_IN_KEYS = str.maketrans(
    {
        chr(c): None
        for c in [
            *range(0x0610, 0x061B),
            *range(0x064B, 0x0660),
            0x0670,
            0x0640,
            *range(0x06D6, 0x06DD),
            *range(0x06DF, 0x06E5),
            0x06E7,
            0x06E8,
            *range(0x06EA, 0x06EE),
        ]
    }
)

#: Any character that :data:`IGNORED_IN_KEYS` deletes: most words have none, and looking for
#: one costs a fraction of translating the word.
_IGNORED_CHAR = re.compile("[" + "".join(re.escape(chr(code)) for code in IGNORED_IN_KEYS) + "]")

NUMBER_KEY = "<num>"
LATIN_KEY = "<lat>"


class Token(NamedTuple):
    """One token: its span in the text, its kind and its lookup key.

    A named tuple rather than a frozen dataclass: just as immutable, and made twice as fast,
    which counts for the one made per token of every text.
    """

    start: int
    end: int
    kind: str  # "word", "number", "latin" or "other"
    key: str


def word_key(word: str) -> str:
    """Return the lookup key of an Arabic word: the word without diacritics or tatweel.

    >>> word_key("\\N{ARABIC LETTER FEH}\\N{ARABIC KASRA}\\N{ARABIC LETTER YEH}")
    'في'
    """
    return word.translate(IGNORED_IN_KEYS)


SHAPE_JOINER = "|"


def word_shape(key: str) -> str:
    """A coarse class of a word: its first two and last two letters (short words stand for
    themselves). Shapes carry the affixes that agreement and syntax depend on (ال, و,
    ية, ات, ين...), so a model over shapes generalises to words seen rarely or never.

    >>> word_shape("abcdef"), word_shape("abc")
    ('ab|ef', 'abc')
    """
    if len(key) <= 3 or key.startswith("<"):
        return key
    return key[:2] + SHAPE_JOINER + key[-2:]


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield the tokens of ``text`` in order.

    >>> [t.key for t in iter_tokens("في 2019، قال")]
    ['في', '<num>', '،', 'قال']
    """
    # word_key inlined and the span read once: this runs once per token of every text.
    ignored, has_ignored = IGNORED_IN_KEYS, _IGNORED_CHAR.search
    for match in TOKEN_PATTERN.finditer(text):
        kind = match.lastgroup or "other"
        start, end = match.span()
        if kind == "word":
            key = match.group()
            if has_ignored(key):
                key = key.translate(ignored)
                if not key:  # a stray mark or tatweel on its own
                    kind, key = "other", match.group()
        elif kind == "number":
            key = NUMBER_KEY
        elif kind == "latin":
            key = LATIN_KEY
        else:
            key = match.group()
        yield Token(start, end, kind, key)


def token_keys(text: str) -> list[str]:
    """Lookup keys of every token in ``text`` (the language model's view of it)."""
    return [token.key for token in iter_tokens(text)]
