"""Normalise Arabic words the way readers search: one form for the index and for queries.

Search terms are word *stems* for matching purposes, not linguistic stems:

* diacritics and tatweel are dropped;
* alef variants (أ إ آ ٱ) become ا, alef maksura ى becomes ي, teh marbuta ة becomes ه;
* attached prefixes are stripped: the conjunctions و and ف, the prepositions ب ك ل,
  the article ال and their combinations (وال، بال، فال، كال، لل، وبال ...). After the article
  at least two letters must remain; after a bare conjunction or preposition at least three,
  so that short words which merely begin with one of those letters (بلد، ولد، كتب) stay whole
  and do not find each other.

"بالرقة" and "الرقة" both become "رقه", so either finds the other; "وإدلب" is found by
"إدلب". Because the index and the query go through the same function, a word always
finds itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rasid.repair.tokens import word_key

_ALEF_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_WORD = re.compile(
    r"[\u0620-\u065f\u0670-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\u08a0-\u08ff]+|[0-9A-Za-z\u0660-\u0669]+"
)
#: Prefixes stripped from the front of a word, longest first.
PREFIXES = tuple(
    sorted(
        {
            "ال",
            "وال",
            "فال",
            "بال",
            "كال",
            "لل",
            "ولل",
            "فلل",
            "وبال",
            "فبال",
            "وكال",
            "و",
            "ف",
            "ب",
            "ك",
            "ل",
            "وب",
            "ول",
            "وك",
            "فب",
            "فل",
            "فك",
        },
        key=len,
        reverse=True,
    )
)
MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Term:
    """A search term and the span of the word it came from."""

    start: int
    end: int
    stem: str


def normalize_word(word: str) -> str:
    """Drop diacritics and tatweel, unify alef, yeh and teh marbuta, lower-case Latin.

    >>> normalize_word("إِدْلِب") == "ادلب"
    True
    """
    return word_key(word).translate(_ALEF_VARIANTS).lower()


def stem(word: str) -> str:
    """The search stem of one word: normalised, attached prefixes stripped.

    >>> stem("بالرقة") == stem("الرقة") == stem("رقة")
    True
    >>> stem("وإدلب") == stem("إدلب")
    True
    """
    normalized = normalize_word(word)
    if not normalized or normalized[0].isascii():
        return normalized
    for prefix in PREFIXES:
        minimum = MIN_STEM if prefix.endswith(("ال", "لل")) else MIN_STEM + 1
        if normalized.startswith(prefix) and len(normalized) - len(prefix) >= minimum:
            return normalized[len(prefix) :]
    return normalized


def iter_terms(text: str) -> Iterator[Term]:
    """Every word of ``text`` as a search term, with its span."""
    for match in _WORD.finditer(text):
        value = stem(match.group())
        if value:
            yield Term(match.start(), match.end(), value)


def index_text(text: str) -> str:
    """The text as the full-text index sees it: stems separated by spaces."""
    return " ".join(term.stem for term in iter_terms(text))


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search query: phrases (word sequences that must appear together) to match."""

    phrases: tuple[tuple[str, ...], ...]

    @property
    def stems(self) -> frozenset[str]:
        """Every stem the query looks for."""
        return frozenset(stem for phrase in self.phrases for stem in phrase)


def parse_query(text: str) -> Query:
    """Split a user's query into phrases: "quoted words" stay together, other words stand alone.
    Every other character is only a separator, so nothing a user types reaches the index's own
    query language.

    >>> [list(p) for p in parse_query('الرقة "شرق الفرات"').phrases] == [["رقه"], ["شرق", "فرات"]]
    True
    """
    phrases: list[tuple[str, ...]] = []
    for number, part in enumerate(text.split('"')):
        stems = [term.stem for term in iter_terms(part)]
        if number % 2 == 1 and stems:
            phrases.append(tuple(stems))
        else:
            phrases.extend((value,) for value in stems)
    return Query(tuple(phrases))


def fts5_query(query: Query) -> str:
    """The query in SQLite FTS5 syntax: every phrase quoted, all of them required."""
    return " AND ".join('"' + " ".join(phrase).replace('"', '""') + '"' for phrase in query.phrases)


def snippet(text: str, query: Query, width: int = 30) -> str:
    """A window of about ``width`` words of ``text`` around the densest matches, with each
    matching word wrapped in ``[[`` ``]]`` (shells turn the marks into HTML or terminal colour)."""
    terms = list(iter_terms(text))
    if not terms:
        return ""
    wanted = query.stems
    hits = [index for index, term in enumerate(terms) if term.stem in wanted]
    if not hits:
        start_index = 0
    else:
        best = max(hits, key=lambda h: sum(1 for other in hits if h <= other < h + width))
        start_index = max(0, best - width // 4)
    window = terms[start_index : start_index + width]
    begin, end = window[0].start, window[-1].end
    pieces: list[str] = []
    position = begin
    for term in window:
        if term.stem in wanted:
            pieces.append(text[position : term.start])
            pieces.append(f"[[{text[term.start : term.end]}]]")
            position = term.end
    pieces.append(text[position:end])
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text.rstrip()) else ""
    return prefix + "".join(pieces).replace("\n", " ") + suffix
