"""Build the gazetteer from GeoNames and the project's curated supplement.

Sources:

* ``cities500.txt.xz`` (GeoNames): populated places, with their Arabic alternate names;
* ``admin1CodesASCII.txt.xz`` (GeoNames): the codes and English names of first-level divisions;
* ``data/gazetteer/supplement.tsv`` (this project): countries, governorates, terrain, crossings,
  camps and the towns that GeoNames lacks or names only in Latin letters, each with a source;
* a news corpus, to learn how each one-word name is used (see :mod:`rasid.places.gazetteer`).

Every source row is checked: a malformed row, a duplicate, or coordinates out of range stop the
build with a message naming the file, line and row.
"""

from __future__ import annotations

import json
import lzma
import os
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rasid.errors import GazetteerSourceError
from rasid.model import Place
from rasid.places.cues import UNLISTED_CUES
from rasid.places.gazetteer import GAZETTEER_FORMAT
from rasid.places.names import WORD, name_key, prefix_splits

Progress = Callable[[str], None]

#: Countries whose towns are all kept: the conflicts rasid follows and their neighbours.
REGION = frozenset(["SY", "IQ", "YE", "SA", "JO", "LB", "PS", "IL", "TR", "IR", "KW", "QA", "BH", "AE", "OM"])
#: The rest of the Arab world and its neighbours: towns from this size up.
NEAR_REGION = frozenset(["EG", "LY", "TN", "DZ", "MA", "SD", "SS", "SO", "DJ", "MR", "ER", "CY", "AF", "PK"])
NEAR_REGION_MIN_POPULATION = 50_000
#: Elsewhere only large places are kept: the news names capitals and big cities, not villages.
WORLD_MIN_POPULATION = 300_000
#: In Iran GeoNames' Arabic-script names are mostly Persian spellings of small places, which
#: collide with Arabic words; keep only towns of some size there.
SMALL_PLACE_MIN_POPULATION = {"IR": 20_000}
#: A word followed this often by بن is a given name (محمد بن سلمان).
GIVEN_NAME_MIN_COUNT = 5
#: Letters of Persian and Urdu that Arabic does not use: names spelled with them are not Arabic names.
NON_ARABIC_LETTERS = frozenset("پچژگکیۀہھےڈڑںٹ")

SUPPLEMENT_COLUMNS = (
    "id",
    "name_ar",
    "variants_ar",
    "name_en",
    "feature",
    "country",
    "admin1",
    "geonameid",
    "lat",
    "lon",
    "bbox",
    "population",
    "source",
)
REQUIRED_SUPPLEMENT_COLUMNS = frozenset(SUPPLEMENT_COLUMNS) - {"geonameid"}
#: Coarse kind of each supplement feature.
KIND_OF_FEATURE = {
    "country": "country",
    "admin1": "admin1",
    "admin2": "district",
    "district": "district",
    "populated": "populated",
    "town": "populated",
    "village": "populated",
    "city": "populated",
    "mountain": "terrain",
    "range": "terrain",
    "desert": "terrain",
    "plain": "terrain",
    "valley": "terrain",
    "island": "terrain",
    "feature": "terrain",
    "region": "region",
    "river": "water",
    "riverbank": "water",
    "lake": "water",
    "sea": "water",
    "gulf": "water",
    "crossing": "facility",
    "camp": "facility",
    "dam": "facility",
    "airport": "facility",
    "base": "facility",
    "oilfield": "facility",
    "port": "facility",
}
#: Words that, right before a name, say a place follows (normalised as name keys): classifier
#: nouns and directions. Prepositions (في، من) are not among them: they precede as many words
#: that are not places (في بيان، في إطار).
LOCATIVE_WORDS = frozenset(
    name_key(word)
    for word in [
        "مدينة",
        "بلدة",
        "قرية",
        "محافظة",
        "ولاية",
        "ريف",
        "منطقة",
        "حي",
        "قضاء",
        "ناحية",
        "مديرية",
        "مخيم",
        "مطار",
        "ميناء",
        "معبر",
        "جبل",
        "جبال",
        "صحراء",
        "عمق",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "شمالي",
        "جنوبي",
        "شرقي",
        "غربي",
        "أطراف",
        "محيط",
        "ضواحي",
        "عاصمة",
        "قرب",
        "باتجاه",
        "أهالي",
        "سكان",
        "مدينتي",
        "بلدتي",
    ]
)


@dataclass(slots=True)
class BuildReport:
    """What the build made."""

    places: int = 0
    names: int = 0
    from_geonames: int = 0
    from_supplement: int = 0
    seconds: float = 0.0
    kinds: Counter[str] = field(default_factory=Counter)


def _open_text(path: Path) -> Iterator[str]:
    opener = lzma.open if path.suffix == ".xz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            yield from handle
    except FileNotFoundError:
        raise GazetteerSourceError(f"{path}: no such file") from None
    except (OSError, lzma.LZMAError, UnicodeDecodeError) as error:
        raise GazetteerSourceError(f"{path}: cannot read: {error}") from None


def _coordinate(value: str, low: float, high: float, what: str, where: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise GazetteerSourceError(f"{where}: {what} {value!r} is not a number") from None
    if not low <= number <= high or number != number:
        raise GazetteerSourceError(f"{where}: {what} {number} is out of range [{low:g}, {high:g}]")
    return number


def arabic_names(values: Iterable[str]) -> list[str]:
    """The values that are Arabic names: Arabic letters and spaces, none of Persian or Urdu."""
    names: list[str] = []
    for value in values:
        value = value.strip()
        words = WORD.findall(value)
        if not words or " ".join(words) != " ".join(value.split()):
            continue  # Latin letters, digits or punctuation: not an Arabic name
        if NON_ARABIC_LETTERS.intersection(unicodedata.normalize("NFKC", value)):
            continue
        if value not in names:
            names.append(value)
    return names


@dataclass(slots=True)
class _Entry:
    place: Place
    names: list[str]
    source: str


def read_admin1(path: Path) -> dict[str, str]:
    """Admin1 codes (``SY.04``) and their English names."""
    codes: dict[str, str] = {}
    for number, line in enumerate(_open_text(path), start=1):
        fields = line.rstrip("\n").split("\t")
        where = f"{path.name}:{number}"
        if len(fields) != 4:
            raise GazetteerSourceError(f"{where}: expected 4 tab-separated columns, found {len(fields)}")
        if fields[0] in codes:
            raise GazetteerSourceError(f"{where}: duplicate admin1 code {fields[0]}")
        codes[fields[0]] = fields[1]
    return codes


def read_cities(path: Path, admin1: dict[str, str]) -> dict[int, tuple[Place, list[str]]]:
    """Every row of cities500 with its Arabic names (rows without any are kept, for alias rows).

    Raises:
        GazetteerSourceError: a malformed row, a duplicate geonameid or coordinates out of range.
    """
    cities: dict[int, tuple[Place, list[str]]] = {}
    for number, line in enumerate(_open_text(path), start=1):
        fields = line.rstrip("\n").split("\t")
        where = f"{path.name}:{number}"
        if len(fields) != 19:
            raise GazetteerSourceError(f"{where}: expected 19 tab-separated columns, found {len(fields)}")
        try:
            geonameid = int(fields[0])
        except ValueError:
            raise GazetteerSourceError(f"{where}: geonameid {fields[0]!r} is not a number") from None
        where = f"{where} (geonameid {geonameid}, {fields[1]})"
        if geonameid in cities:
            raise GazetteerSourceError(f"{where}: duplicate geonameid {geonameid}")
        lat = _coordinate(fields[4], -90, 90, "latitude", where)
        lon = _coordinate(fields[5], -180, 180, "longitude", where)
        code = fields[7]
        country = fields[8] or None
        admin = f"{country}.{fields[10]}" if country and fields[10] else None
        place = Place(
            id=f"geonames:{geonameid}",
            name="",
            name_en=fields[1],
            kind="district" if code == "PPLX" else "populated",
            feature=code,
            country=country,
            admin1=admin if admin in admin1 else None,
            lat=lat,
            lon=lon,
            population=int(fields[14] or 0),
        )
        cities[geonameid] = (place, arabic_names(fields[3].split(",")))
    return cities


def _keep_city(place: Place) -> bool:
    if place.feature == "PPLC":
        return True
    if place.country in REGION:
        return place.population >= SMALL_PLACE_MIN_POPULATION.get(place.country, 0)
    if place.country in NEAR_REGION:
        return place.population >= NEAR_REGION_MIN_POPULATION
    return place.population >= WORLD_MIN_POPULATION


def read_supplement(
    path: Path, admin1: dict[str, str], cities: dict[int, tuple[Place, list[str]]]
) -> tuple[list[_Entry], dict[int, list[str]]]:
    """The curated places, and the Arabic names that alias rows add to GeoNames places.

    Raises:
        GazetteerSourceError: a malformed or duplicate row, coordinates out of range, an
            unknown admin1 code or geonameid, a bbox that does not contain its point.
    """
    lines = _open_text(path)
    header_line = next(lines, "")
    header = header_line.rstrip("\n").split("\t")
    missing = REQUIRED_SUPPLEMENT_COLUMNS.difference(header)
    if missing:
        raise GazetteerSourceError(f"{path.name}:1: header lacks the columns {', '.join(sorted(missing))}")
    entries: list[_Entry] = []
    aliases: dict[int, list[str]] = {}
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, str, str], int] = {}
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        values = line.rstrip("\n").split("\t")
        if len(values) != len(header):
            raise GazetteerSourceError(
                f"{path.name}:{number}: expected {len(header)} tab-separated columns, found {len(values)}"
            )
        row = dict(zip(header, (value.strip() for value in values), strict=True))
        where = f"{path.name}:{number} ({row['id'] or '?'}, {row['name_ar'] or '?'})"
        if not row["id"] or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", row["id"]):
            raise GazetteerSourceError(f"{where}: id must be a lowercase ASCII slug")
        if row["id"] in seen_ids:
            raise GazetteerSourceError(f"{where}: duplicate id {row['id']} (first on line {seen_ids[row['id']]})")
        seen_ids[row["id"]] = number
        if not row["source"]:
            raise GazetteerSourceError(f"{where}: every row needs a source")
        names = arabic_names([row["name_ar"], *row["variants_ar"].split("|")])
        if not names or names[0] != row["name_ar"]:
            raise GazetteerSourceError(f"{where}: name_ar must be an Arabic name")
        feature = row["feature"]
        if feature not in KIND_OF_FEATURE:
            raise GazetteerSourceError(
                f"{where}: unknown feature {feature!r}; one of {', '.join(sorted(KIND_OF_FEATURE))}"
            )
        duplicate_key = (name_key(row["name_ar"]), row["country"], feature)
        if duplicate_key in seen_names:
            raise GazetteerSourceError(
                f"{where}: duplicate of line {seen_names[duplicate_key]} (same name, country and feature)"
            )
        seen_names[duplicate_key] = number
        lat = _coordinate(row["lat"], -90, 90, "latitude", where)
        lon = _coordinate(row["lon"], -180, 180, "longitude", where)
        if row["admin1"] and row["admin1"] not in admin1:
            raise GazetteerSourceError(f"{where}: unknown admin1 code {row['admin1']}")
        if row["country"] and not re.fullmatch(r"[A-Z]{2}", row["country"]):
            raise GazetteerSourceError(f"{where}: country must be an ISO 3166 alpha-2 code, not {row['country']!r}")
        bbox = _bbox(row["bbox"], lat, lon, where) if row["bbox"] else None
        geonameid = row.get("geonameid", "")
        if geonameid:
            if not geonameid.isdigit() or int(geonameid) not in cities:
                raise GazetteerSourceError(f"{where}: geonameid {geonameid} is not in cities500")
            city = cities[int(geonameid)][0]
            if abs(city.lat - lat) > 0.05 or abs(city.lon - lon) > 0.05:
                raise GazetteerSourceError(
                    f"{where}: alias of geonameid {geonameid}, but its point differs from GeoNames' "
                    f"({city.lat}, {city.lon})"
                )
            aliases.setdefault(int(geonameid), []).extend(names)
            continue
        try:
            population = int(row["population"] or 0)
        except ValueError:
            raise GazetteerSourceError(f"{where}: population {row['population']!r} is not a whole number") from None
        place = Place(
            id=f"rasid:{row['id']}",
            name=row["name_ar"],
            name_en=row["name_en"],
            kind=KIND_OF_FEATURE[feature],
            feature=feature,
            country=row["country"] or None,
            admin1=row["admin1"] or (row["admin1"] if feature == "admin1" else None) or None,
            lat=lat,
            lon=lon,
            bbox=bbox,
            population=population,
        )
        entries.append(_Entry(place, names, row["source"]))
    return entries, aliases


def _bbox(value: str, lat: float, lon: float, where: str) -> tuple[float, float, float, float]:
    parts = value.split(",")
    if len(parts) != 4:
        raise GazetteerSourceError(f"{where}: bbox must be west,south,east,north")
    west = _coordinate(parts[0], -180, 180, "bbox west", where)
    south = _coordinate(parts[1], -90, 90, "bbox south", where)
    east = _coordinate(parts[2], -180, 180, "bbox east", where)
    north = _coordinate(parts[3], -90, 90, "bbox north", where)
    if not (west < east and south < north):
        raise GazetteerSourceError(f"{where}: bbox {value} is not west < east, south < north")
    if not (west <= lon <= east and south <= lat <= north):
        raise GazetteerSourceError(f"{where}: the point ({lat}, {lon}) is outside its bbox {value}")
    return (west, south, east, north)


@dataclass(slots=True)
class NameStatistics:
    """How a corpus uses the gazetteer's one-word names.

    Attributes:
        uses: per name key, [occurrences, after a locative word, in a person's name].
        given_names: words often followed by بن: given names.
        unsplittable: written words that look like prefix + name but are words of their own,
            more frequent than the name itself (بنوك is not ب + نوك, كرم is not ك + رم).
        cue_names: per word that follows a classifier of unlisted places (حي، قرية، منطقة ...),
            [times after such a classifier, occurrences, occurrences with the article]: a name
            mostly follows one, a common word (صغيرة، البيانات) mostly does not, and an adjective
            (عازلة) is as often written with the article (العازلة).
        cue_phrases: two- and three-word runs after such a classifier, seen at least twice
            (مشرعة وحدنان، باب توما), with how often: where a name runs on past its first word.
        frequent_words: occurrences of the other words seen at least
            :data:`FREQUENT_WORD_COUNT` times: a frequent word never seen after a classifier is
            not a name there (بلدة تقع).
    """

    uses: dict[str, list[int]]
    given_names: list[str]
    unsplittable: list[str]
    cue_names: dict[str, list[int]] = field(default_factory=dict)
    cue_phrases: dict[str, int] = field(default_factory=dict)
    frequent_words: dict[str, int] = field(default_factory=dict)


_SON = frozenset({name_key("بن"), name_key("ابن")})


#: How often a word must occur for the gazetteer to keep its count (see ``frequent_words``).
FREQUENT_WORD_COUNT = 30


def count_name_uses(corpus: Iterable[Path], keys: set[str], progress: Progress | None = None) -> NameStatistics:
    """Count how the corpus uses each one-word name key.

    A word counts for the name it is (لبنان for لبنان), or else for the name it is with a clitic
    prefix stripped (بالرقة for الرقه): one name per word, as the recognizer reads it.
    """
    counts: dict[str, list[int]] = {}
    memo: dict[str, str] = {}
    before_son: Counter[str] = Counter()
    previous_words: dict[str, Counter[str]] = {}
    forms: Counter[str] = Counter()
    bare: Counter[str] = Counter()
    words: Counter[str] = Counter()
    cue_memo: dict[str, bool] = {}
    after_cue: Counter[str] = Counter()
    phrases: Counter[str] = Counter()
    for path in corpus:
        for line_number, line in enumerate(_open_text(path)):
            if progress is not None and line_number and line_number % 50_000 == 0:
                progress(f"counted name uses in {line_number:,} lines of {path.name}")
            previous = ""
            pending = ""  # the name the previous word was, to see whether بن follows it
            line_words = WORD.findall(line)
            line_keys: list[str] = []
            for word in line_words:
                key = name_key(word) if len(word) < 16 else ""
                line_keys.append(key)
                words[key] += 1
                if key in _SON:
                    before_son[previous] += 1
                    if pending:
                        counts[pending][2] += 1
                found = memo.get(word)
                if found is None:
                    found = memo[word] = next((s.key for s in prefix_splits(word) if s.key in keys), "")
                pending = ""
                if found:
                    pair = counts.setdefault(found, [0, 0, 0])
                    pair[0] += 1
                    if previous in LOCATIVE_WORDS:
                        pair[1] += 1
                    previous_words.setdefault(found, Counter())[previous] += 1
                    if key == found:
                        bare[found] += 1
                    else:
                        forms[key] += 1
                    pending = found
                previous = _strip_conjunction(key)
            _count_after_cues(line_words, line_keys, cue_memo, after_cue, phrases)
    # A given name is followed by بن often, and by other words not much more (so not إلى، أن، الله).
    given = {
        word
        for word, count in before_son.items()
        if word and count >= GIVEN_NAME_MIN_COUNT and count >= 0.05 * words[word] and len(word) > 2
    }
    for found, befores in previous_words.items():
        counts[found][2] += sum(count for word, count in befores.items() if word in given)
    unsplittable = sorted(form for form, count in forms.items() if count > 3 * bare[_split_key(form, keys)] + 3)
    cue_names = {word: [count, words[word], words["ال" + word]] for word, count in after_cue.items()}
    cue_phrases = {phrase: count for phrase, count in phrases.items() if count >= 2}
    frequent = {
        word: count for word, count in words.items() if count >= FREQUENT_WORD_COUNT and word and word not in after_cue
    }
    return NameStatistics(counts, sorted(given), unsplittable, cue_names, cue_phrases, frequent)


def _count_after_cues(
    line_words: list[str], line_keys: list[str], memo: dict[str, bool], after_cue: Counter[str], phrases: Counter[str]
) -> None:
    """Count the words, and two- and three-word runs, that follow a classifier of unlisted places."""
    for index in range(len(line_words) - 1):
        word = line_words[index]
        is_cue = memo.get(word)
        if is_cue is None:
            is_cue = memo[word] = len(word) < 12 and any(
                split.key in UNLISTED_CUES and "ال" not in split.prefix for split in prefix_splits(word)
            )
        if not is_cue or not line_keys[index + 1]:
            continue
        after_cue[line_keys[index + 1]] += 1
        run = line_keys[index + 1 : index + 4]
        if len(run) >= 2:
            phrases[" ".join(run[:2])] += 1
        if len(run) == 3:
            phrases[" ".join(run)] += 1


def _split_key(form: str, keys: set[str]) -> str:
    return next((s.key for s in prefix_splits(form) if s.key in keys), "")


def _strip_conjunction(key: str) -> str:
    for prefix in ("وب", "و", "ف", "ب"):
        if key.startswith(prefix) and key[len(prefix) :] in LOCATIVE_WORDS:
            return key[len(prefix) :]
    return key


def _has_lone_letter(name: str) -> bool:
    return any(len(word) == 1 for word in name.split())


def build_gazetteer(
    geonames: Path,
    supplement: Path,
    out: Path,
    corpus: Iterable[Path] = (),
    progress: Progress | None = None,
) -> BuildReport:
    """Build the gazetteer file at ``out`` (written atomically) and report what it holds.

    ``geonames`` is the folder with ``cities500.txt.xz`` and ``admin1CodesASCII.txt.xz``.

    Raises:
        GazetteerSourceError: a source row is malformed, duplicated or out of range.
    """
    began = time.perf_counter()
    say = progress or (lambda message: None)
    admin1 = read_admin1(geonames / "admin1CodesASCII.txt.xz")
    cities = read_cities(geonames / "cities500.txt.xz", admin1)
    say(f"read {len(cities):,} GeoNames places and {len(admin1):,} admin1 codes")
    entries, aliases = read_supplement(supplement, admin1, cities)
    say(f"read {len(entries):,} supplement places and {sum(map(len, aliases.values())):,} alias names")
    report = BuildReport()
    all_entries: list[_Entry] = []
    for geonameid, (place, names) in cities.items():
        extra = aliases.get(geonameid, [])
        names = names + [name for name in extra if name not in names]
        if not names or not (extra or _keep_city(place)):
            continue
        # The display name: an alias row's name (the spelling news uses) or GeoNames' first Arabic
        # name that has no one-letter word: Arabic writes no name with a lone letter, so «د مشق»
        # is a spacing slip in the source (Damascus's first Arabic name), and «دمشق» is shown.
        display = extra[0] if extra else next((name for name in names if not _has_lone_letter(name)), names[0])
        all_entries.append(_Entry(_with_name(place, display), names, f"GeoNames cities500 {geonameid}"))
        report.from_geonames += 1
    all_entries.extend(entries)
    report.from_supplement = len(entries)
    index: dict[str, list[int]] = {}
    for number, entry in enumerate(all_entries):
        report.kinds[entry.place.kind] += 1
        for name in entry.names:
            key = name_key(name)
            if key and number not in index.setdefault(key, []):
                index[key].append(number)
    report.places = len(all_entries)
    report.names = len(index)
    one_word = {key for key in index if " " not in key}
    statistics = count_name_uses(corpus, one_word, progress)
    places = [
        {
            **_with_name(entry.place, _most_used_name(entry, statistics.uses)).to_json(),
            "source": entry.source,
            "names": entry.names,
        }
        for entry in all_entries
    ]
    say(
        f"counted the uses of {len(statistics.uses):,} one-word names in the corpus; "
        f"{len(statistics.given_names):,} given names, "
        f"{len(statistics.unsplittable):,} words that are not prefix + name"
    )
    document = {
        "format": GAZETTEER_FORMAT,
        "sources": [
            "GeoNames cities500 and admin1 codes (CC BY 4.0, https://www.geonames.org)",
            "rasid supplement (data/gazetteer/supplement.tsv; each row cites its source): Natural Earth (public "
            "domain), country reference points from npm world-countries (ODbL 1.0), Wikipedia coordinates",
        ],
        "places": places,
        "index": index,
        "uses": statistics.uses,
        "given_names": statistics.given_names,
        "unsplittable": statistics.unsplittable,
        "cue_names": statistics.cue_names,
        "cue_phrases": statistics.cue_phrases,
        "frequent_words": statistics.frequent_words,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(partial, out)
    report.seconds = time.perf_counter() - began
    return report


def _most_used_name(entry: _Entry, uses: dict[str, list[int]]) -> str:
    """The place's display name: GeoNames' first Arabic name, unless the training corpus never
    writes it and writes another of the place's one-word names (GeoNames' first Arabic name for
    Tripoli is «ترابلس»; the news writes «طرابلس»). Then the other name the corpus writes most,
    undiacritised, and only a spelling of the same name. A name the corpus writes stays, even
    when another is commoner: the commoner one may be a common word too. Only towns of
    :data:`MIN_RENAMED_POPULATION` or more are renamed."""
    shown = entry.place.name
    if " " in shown.strip() or entry.place.population < MIN_RENAMED_POPULATION:
        return shown

    def used(name: str) -> int:
        counts = uses.get(name_key(name))
        return counts[0] if counts and name.isalpha() else 0

    if used(shown):
        return shown
    # Only another spelling of the same name (two letters apart at most): a name further off is
    # as often a common word the corpus writes for itself (عشاق، الجزيرة) as the town's name.
    spellings = [name for name in entry.names if " " not in name.strip() and _letters_apart(name, shown) <= 2]
    best = max(spellings, key=used, default=shown)
    return best if used(best) >= MIN_DISPLAY_USES else shown


def _letters_apart(first: str, second: str) -> int:
    """Edit distance between two words (letters inserted, deleted or replaced)."""
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, 1):
        current = [row]
        for column, other in enumerate(second, 1):
            current.append(min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (char != other)))
        previous = current
    return previous[-1]


#: Occurrences in the corpus a name needs to replace a display name the corpus never writes.
MIN_DISPLAY_USES = 5
#: Only towns this large are renamed: the news writes their names often and in one way, while a
#: village's other names are as often common words (برقية، حربية) as its spellings.
MIN_RENAMED_POPULATION = 50_000


def _with_name(place: Place, name: str) -> Place:
    from dataclasses import replace

    return replace(place, name=name)
