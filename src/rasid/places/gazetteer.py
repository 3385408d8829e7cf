"""The gazetteer rasid resolves place names against, as built by ``rasid build-gazetteer``.

One JSON file holds the places, the names that point to them (by :func:`name_key`) and, for
each one-word name, how the training corpus uses it: how often it occurs and how often a
locative word (في، مدينة، محافظة، شرق ...) comes right before it. A name the corpus mostly
uses otherwise (حماة "protectors", الصور "the pictures") needs local evidence to count as a place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rasid.errors import ModelError
from rasid.model import Place

GAZETTEER_FORMAT = 2
DEFAULT_GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "gazetteer.json"


@dataclass(frozen=True, slots=True)
class NameUse:
    """How the training corpus uses a one-word name: occurrences, those after a locative word, and
    those inside a person's name (after a given name, or before بن)."""

    occurrences: int
    after_locative: int
    in_person_name: int = 0

    @property
    def locative_share(self) -> float:
        """Smoothed share of occurrences that come after a locative word."""
        return (self.after_locative + 1) / (self.occurrences + 2)


@dataclass(slots=True)
class Gazetteer:
    """Places, and the index from name keys to them."""

    places: tuple[Place, ...]
    index: dict[str, tuple[int, ...]]
    uses: dict[str, NameUse] = field(default_factory=dict)
    max_words: int = 1
    sources: tuple[str, ...] = ()
    given_names: frozenset[str] = frozenset()
    unsplittable: frozenset[str] = frozenset()
    #: per word seen after a classifier of unlisted places: (times after one, occurrences,
    #: occurrences with the article)
    cue_names: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    #: two- and three-word runs seen after such a classifier, with how often
    cue_phrases: dict[str, int] = field(default_factory=dict)
    #: occurrences of the other frequent words of the corpus
    frequent_words: dict[str, int] = field(default_factory=dict)
    _first_words: frozenset[str] | None = None

    def lookup(self, key: str) -> tuple[Place, ...]:
        """The places a name key may refer to (empty if none)."""
        return tuple(self.places[index] for index in self.index.get(key, ()))

    def use(self, key: str) -> NameUse | None:
        """How the corpus uses a one-word name, if it was counted."""
        return self.uses.get(key)

    def word_counts(self, key: str) -> tuple[int, int, int]:
        """How the training corpus uses a word (a name key): times after a classifier of unlisted
        places, occurrences, occurrences with the article (zeros where it was not counted)."""
        return self.cue_names.get(key) or (0, self.frequent_words.get(key, 0), 0)

    def first_words(self) -> frozenset[str]:
        """The first word of every name: a cheap test before trying longer names."""
        if self._first_words is None:
            self._first_words = frozenset(key.split(" ", 1)[0] for key in self.index)
        return self._first_words


def _place(row: dict[str, object]) -> Place:
    bbox = row.get("bbox")
    return Place(
        id=str(row["id"]),
        name=str(row["name"]),
        name_en=str(row["name_en"]),
        kind=str(row["kind"]),
        feature=str(row["feature"]),
        country=row.get("country") or None,  # type: ignore[arg-type]
        admin1=row.get("admin1") or None,  # type: ignore[arg-type]
        lat=float(row["lat"]),  # type: ignore[arg-type]
        lon=float(row["lon"]),  # type: ignore[arg-type]
        bbox=tuple(bbox) if bbox else None,  # type: ignore[arg-type]
        population=int(row.get("population") or 0),  # type: ignore[call-overload]
    )


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load the gazetteer built by ``make gazetteer`` (or the file at ``path``).

    Raises:
        ModelError: the file is missing, unreadable or of another format version.
    """
    return _load(path or DEFAULT_GAZETTEER)


@lru_cache(maxsize=4)
def _load(path: Path) -> Gazetteer:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no gazetteer at {path}: build it with `make gazetteer` (rasid build-gazetteer)") from None
    except (OSError, ValueError) as error:
        raise ModelError(f"cannot read the gazetteer {path}: {error}") from None
    if data.get("format") != GAZETTEER_FORMAT:
        raise ModelError(
            f"the gazetteer {path} has format {data.get('format')}, this rasid reads {GAZETTEER_FORMAT}: rebuild it "
            "with `make gazetteer`"
        )
    places = tuple(_place(row) for row in data["places"])
    index = {key: tuple(ids) for key, ids in data["index"].items()}
    uses = {key: NameUse(*(int(number) for number in counts)) for key, counts in data.get("uses", {}).items()}
    max_words = max((key.count(" ") + 1 for key in index), default=1)
    return Gazetteer(
        places,
        index,
        uses,
        max_words,
        tuple(data.get("sources", ())),
        frozenset(data.get("given_names", ())),
        frozenset(data.get("unsplittable", ())),
        {key: (int(counts[0]), int(counts[1]), int(counts[2])) for key, counts in data.get("cue_names", {}).items()},
        {key: int(count) for key, count in data.get("cue_phrases", {}).items()},
        {key: int(count) for key, count in data.get("frequent_words", {}).items()},
    )
