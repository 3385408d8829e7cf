"""Find the place names in repaired Arabic text and resolve each to a gazetteer entry.

Three steps:

1. *Match*: every run of words that is a name in the gazetteer, longest first, each word
   allowed a clitic prefix on the first word only (وبالرقة → الرقة). Organisation names
   (قوات سوريا الديمقراطية) are matched first and hide the places inside them.
2. *Filter*: a match is kept when it is a place here, not a word that happens to be spelled
   like one. Evidence for: a classifier or direction before it (مدينة، ريف، شرق), a list of
   places it belongs to (إدلب وحماة وحلب), a name the corpus mostly uses for the place.
   Evidence against: an organisation or street head before it (جامعة دمشق), a person marker
   (أبو بكر البغدادي), an adjective reading (طائرة سورية), a construct reading (حماة الوطن),
   a name the corpus mostly uses as a common word.
3. *Resolve*: among the entries a name may refer to, choose by the cue (محافظة → governorate),
   the kind and size of the place, and the document: the countries named or already resolved,
   and the places near them.
4. *Unlisted*: a name after a classifier that the gazetteer lacks (حي جوبر، مديرية مشرعة وحدنان)
   is a place of feature ``unlisted``, shown at the listed place it is said to be in: the nearest
   town or division named in its sentence, else before it (see :mod:`rasid.places.unlisted`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rasid.model import Alternative, Place, PlaceMention, Span
from rasid.places.cues import (
    ADMIN1_CUES,
    CLASSIFIERS,
    DESCRIPTORS,
    FALSE_FRIENDS,
    GENERIC_NOUNS,
    LOCATIVE_CUES,
    MODIFIERS,
    ORGANISATION_HEADS,
    ORGANISATIONS,
    PERSON_MARKERS,
    SINGLE_CLASSIFIERS,
    TOPONYM_HEADS,
    TOWN_CUES,
)
from rasid.places.gazetteer import Gazetteer
from rasid.places.gazetteer_build import REGION as REGION_COUNTRIES
from rasid.places.names import WORD, Split, name_key, prefix_splits
from rasid.places.unlisted import UnlistedName, distinctive, runs_on, unlisted_names

#: The countries whose conflicts rasid is about; their places win close calls.
FOCUS = frozenset({"SY", "IQ", "YE"})
_SENTENCE_END = re.compile(r"[.!?؟\n]+")
_CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = frozenset(
    name_key(word) for word in ["في", "من", "إلى", "الى", "عن", "على", "حتى", "نحو", "عبر", "بين", "داخل"]
)
SON = frozenset({name_key("بن"), name_key("ابن")})
TANWEEN = re.compile("[\u064b-\u064d]")


@dataclass(frozen=True, slots=True)
class PlacesConfig:
    """Place-finding settings.

    Attributes:
        min_confidence: mentions less likely than this are dropped.
        alternatives: how many other candidates a mention keeps.
        common_word_share: a one-word name that the corpus uses after a classifier less often
            than this, though it is frequent, is a common word unless a classifier precedes it.
        common_word_occurrences: how frequent a name must be for that test to apply.
        unlisted: also report places the gazetteer lacks that a classifier introduces
            (حي جوبر), shown at the listed place they are in.
    """

    min_confidence: float = 0.3
    alternatives: int = 3
    common_word_share: float = 0.1
    common_word_occurrences: int = 30
    unlisted: bool = True


DEFAULT_PLACES_CONFIG = PlacesConfig()


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    key: str
    bare: str  # the key without a conjunction (و، ف): what cue lists are compared with


@dataclass(slots=True)
class _Match:
    first: int  # token index
    last: int  # token index, inclusive
    start: int
    end: int
    key: str
    prefix: str
    cue: str | None = None
    places: tuple[Place, ...] = ()
    belief: float = 0.0  # how sure we are that it names a place at all
    needs_support: bool = False  # a place only if listed with places (إدلب وحماة)
    scores: list[float] = field(default_factory=list)


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in WORD.finditer(text):
        key = name_key(match.group())
        bare = key
        for conjunction in _CONJUNCTIONS:
            if key.startswith(conjunction) and len(key) > 3:
                bare = key[1:]
                break
        tokens.append(_Token(match.start(), match.end(), match.group(), key, bare))
    return tokens


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    """Only spaces between two words: a name never runs across punctuation."""
    return not text[left.end : right.start].strip()


_ORGANISATIONS_BY_FIRST_WORD: dict[str, list[list[str]]] = {}
for _name in ORGANISATIONS:
    _words = _name.split(" ")
    _ORGANISATIONS_BY_FIRST_WORD.setdefault(_words[0], []).append(_words)


def _organisation_spans(text: str, tokens: Sequence[_Token]) -> set[int]:
    """Indices of tokens inside fixed organisation names."""
    blocked: set[int] = set()
    for index, token in enumerate(tokens):
        for split in _splits(token.text):
            for words in _ORGANISATIONS_BY_FIRST_WORD.get(split.key, ()):
                end = index + len(words)
                if end > len(tokens):
                    continue
                rest_ok = all(tokens[index + k].key == words[k] for k in range(1, len(words)))
                joined = all(_adjacent(text, tokens[index + k], tokens[index + k + 1]) for k in range(len(words) - 1))
                if rest_ok and joined:
                    blocked.update(range(index, end))
    return blocked


@lru_cache(maxsize=65536)
def _splits(word: str) -> tuple[Split, ...]:
    return tuple(prefix_splits(word))


def _match_names(text: str, tokens: Sequence[_Token], gazetteer: Gazetteer) -> list[_Match]:
    first_words = gazetteer.first_words()
    blocked = _organisation_spans(text, tokens)
    matches: list[_Match] = []
    index = 0
    while index < len(tokens):
        if index in blocked:
            index += 1
            continue
        best: _Match | None = None
        head_prefix = _head_prefix(tokens[index].text)
        for split in _splits(tokens[index].text):
            unsplittable = tokens[index].key in gazetteer.unsplittable
            if split.key not in first_words or (split.prefix and unsplittable) or len(split.prefix) > head_prefix:
                continue
            words = [split.key]
            last = index
            for following in range(index + 1, min(len(tokens), index + gazetteer.max_words)):
                if following in blocked or not _adjacent(text, tokens[following - 1], tokens[following]):
                    break
                words.append(tokens[following].key)
            # longest name first; for one length, the reading with the shortest prefix
            for length in range(len(words), 0, -1):
                key = " ".join(words[:length])
                if key in gazetteer.index:
                    last = index + length - 1
                    if best is None or last > best.last:
                        start = tokens[index].start + split.offset
                        best = _Match(index, last, start, tokens[last].end, key, split.prefix)
                    break
        if best is None:
            index += 1
            continue
        best.places = gazetteer.lookup(best.key)
        _trim_classifier(best, tokens)
        _take_old_city(text, best, tokens, blocked)
        matches.append(best)
        index = best.last + 1
    return matches


def _after_head(text: str, match: _Match, tokens: Sequence[_Token]) -> bool:
    """A name right after a toponym head is part of another place: كفر داعل is not داعل."""
    if match.first == 0 or match.prefix or match.cue is not None:
        return False
    before = tokens[match.first - 1]
    return before.bare in TOPONYM_HEADS and _adjacent(text, before, tokens[match.first])


_OLD = name_key("القديمة")


def _take_old_city(text: str, match: _Match, tokens: Sequence[_Token], blocked: set[int]) -> None:
    """حلب القديمة is one name, the old city of حلب: the span takes القديمة, the place stays the city."""
    after = match.last + 1
    if (
        after < len(tokens)
        and after not in blocked
        and tokens[after].key == _OLD
        and _adjacent(text, tokens[match.last], tokens[after])
        and any(place.kind == "populated" for place in match.places)
    ):
        match.last = after
        match.end = tokens[after].end


@lru_cache(maxsize=65536)
def _head_prefix(word: str) -> int:
    """The longest prefix a reading of ``word`` may strip: none inside a toponym head, so that
    باب stays باب (not ب + إب) and ودير is و + دير."""
    for split in _splits(word):
        if split.key in TOPONYM_HEADS:
            return len(split.prefix)
    return 99


def _trim_classifier(match: _Match, tokens: Sequence[_Token]) -> None:
    """A name written with its classifier (محافظة الرقة، قاعدة العند) keeps the classifier out of
    its span, as cue; ريف دمشق is a governorate's official name and keeps it."""
    words = match.key.split(" ")
    if len(words) < 2 or words[0] not in CLASSIFIERS or match.key == name_key("ريف دمشق"):
        return
    match.cue = words[0]
    match.first += 1
    match.start = tokens[match.first].start
    if match.last > match.first and words[-1] in DESCRIPTORS:
        # قاعدة العند الجوية، مطار دمشق الدولي: the name is العند، دمشق
        match.last -= 1
        match.end = tokens[match.last].end


def _is_major(place: Place) -> bool:
    """A place the news names without introducing it: a country, a division, a terrain or facility
    the project curated, a capital or a big city."""
    return (
        place.kind not in ("populated", "district")
        or not place.id.startswith("geonames:")
        or place.feature in ("PPLC", "PPLA")
        or place.population >= 100_000
    )


def _belief(match: _Match, tokens: Sequence[_Token], text: str, gazetteer: Gazetteer, config: PlacesConfig) -> float:
    """How likely the match names a place at all (0 to drop it). Sets ``needs_support`` when the
    match is a place only if a list of places it belongs to says so."""
    before = tokens[match.first - 1] if match.first > 0 else None
    after = tokens[match.last + 1] if match.last + 1 < len(tokens) else None
    if before is not None and not _adjacent(text, before, tokens[match.first]):
        before = None
    if after is not None and not _adjacent(text, tokens[match.last], after):
        after = None
    if match.cue is None and before is not None and before.bare in LOCATIVE_CUES:
        match.cue = before.bare
    strong = match.cue is not None
    introduced = strong or (before is not None and before.bare in PREPOSITIONS) or match.prefix.endswith(("ب", "ل"))
    if before is not None and before.bare in ORGANISATION_HEADS:
        return 0.0
    if not strong and before is not None and (before.bare in PERSON_MARKERS or before.key in gazetteer.given_names):
        return 0.0  # part of a person's name: أبو بكر البغدادي، علي عمران
    if after is not None and after.key in SON:
        return 0.0  # a given name: سالم بن ...
    key = name_key(text[match.start : match.end])
    if (key in GENERIC_NOUNS or match.key in GENERIC_NOUNS) and match.cue not in SINGLE_CLASSIFIERS:
        return 0.0  # المدينة، للمدينة
    if text[match.start : match.end] in FALSE_FRIENDS or match.key in TOPONYM_HEADS:
        return 0.0  # آب is August, not إب; تل alone is a hill
    places = match.places
    countries = any(place.kind == "country" for place in places)
    # An adjective, not the country: طائرة سورية، القوات السعودية، جنسيات سورية، غير سورية. It
    # agrees with its noun in definiteness (بقيادة السعودية is the country).
    if (
        not strong
        and before is not None
        and countries
        and key.endswith("ه")
        and not match.prefix
        and (
            before.key == "غير"
            or (before.key.endswith(("ه", "ات")) and before.key.startswith("ال") == key.startswith("ال"))
        )
    ):
        return 0.0
    if strong:
        return 0.97
    if TANWEEN.search(text[match.start : match.end]):
        return 0.0  # names take no tanween: دومًا is "always", not Douma
    use = gazetteer.use(match.key) if " " not in match.key else None
    major = any(_is_major(place) for place in places)
    occurrences, share = (use.occurrences, use.locative_share) if use is not None else (0, 1.0)
    common = occurrences >= config.common_word_occurrences and share < config.common_word_share
    very_common = occurrences >= 100 and share < 0.02
    if not major and common:
        return 0.0
    # A construct noun, not a place: حماة الوطن، تدمر المدينة.
    if (
        after is not None
        and after.key.startswith("ال")
        and after.key not in MODIFIERS
        and share < 0.35
        and not countries
    ):
        return 0.0
    preposition = before is not None and before.bare in PREPOSITIONS
    introduced = preposition or match.prefix.endswith(("ب", "ل"))
    capital = any(place.feature == "PPLC" for place in places)
    person_like = use is not None and occurrences >= 20 and use.in_person_name >= 0.1 * occurrences
    foreign = all(place.country not in REGION_COUNTRIES for place in places)
    towns_only = all(place.kind in ("populated", "district") and place.id.startswith("geonames:") for place in places)
    focus = any(place.country in FOCUS for place in places)
    if countries:
        needs_support = False
    elif capital:
        needs_support = occurrences >= 300 and share < 0.005 and not introduced
    elif very_common:
        needs_support = True  # a common word first: a place only in a list of places
    elif not towns_only:
        needs_support = False  # a division, or terrain the project curated
    elif common or person_like or foreign or not (major or focus):
        needs_support = not (preposition if (common or person_like) else introduced)
    else:
        needs_support = False
    if needs_support:
        match.needs_support = True
        return 0.0
    if len(match.key.replace(" ", "")) <= 2:
        return 0.5
    if " " in match.key:
        return 0.93
    return 0.9 if major else 0.75


def _apply_lists(matches: list[_Match], tokens: Sequence[_Token], text: str) -> None:
    """A name joined by و to a place is a place too: إدلب وحماة وحلب."""
    for _ in range(2):
        for left, right in itertools.pairwise(matches):
            joined = (
                right.first == left.last + 1
                and right.prefix.startswith("و")
                and _adjacent(text, tokens[left.last], tokens[right.first])
            )
            if not joined:
                continue
            for one, other in ((left, right), (right, left)):
                if other.belief >= 0.75 and (one.needs_support or 0 < one.belief < 0.75):
                    one.belief = max(one.belief, 0.8)
                    one.needs_support = False


def _prior(place: Place, cue: str | None) -> float:
    score = 0.5 * math.log10(place.population + 10)
    score += {"country": 3.0, "admin1": 1.0, "populated": 0.0, "district": -0.5}.get(place.kind, 2.0)
    if place.feature == "PPLC":
        score += 1.5
    elif place.feature == "PPLA":
        score += 0.5
    if place.country in FOCUS:
        score += 1.0
    if cue in ADMIN1_CUES:
        score += 5.0 if place.kind == "admin1" else -1.0
    elif cue in TOWN_CUES:
        score += 1.5 if place.kind in ("populated", "district") else -2.0
    return score


def _distance_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _resolve(matches: list[_Match]) -> None:
    """Score every candidate of every kept match, in two rounds: the second uses the places the
    first round settled (their countries, divisions and positions) as context."""
    for match in matches:
        match.scores = [_prior(place, match.cue) for place in match.places]
    for _ in range(2):
        settled = [match.places[_best(match)] for match in matches if match.places]
        countries = Counter(place.country for place in settled if place.country)
        admins = Counter(place.admin1 for place in settled if place.admin1)
        total = sum(countries.values()) or 1
        for match in matches:
            if len(match.places) < 2:
                continue
            base = [_prior(place, match.cue) for place in match.places]
            for number, place in enumerate(match.places):
                others = [p for p in settled if p is not place]
                context = 3.0 * (countries[place.country] - (place in settled)) / total if place.country else 0.0
                if place.admin1 and admins[place.admin1] - (place in settled) > 0:
                    context += 1.0
                if any(_distance_km(place, other) < 150 for other in others if other.kind != "country"):
                    context += 1.0
                base[number] += context
            match.scores = base


def _best(match: _Match) -> int:
    return max(range(len(match.places)), key=lambda number: match.scores[number]) if match.scores else 0


def _sentence(text: str, start: int) -> Span:
    begin = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.end() <= start:
            begin = boundary.end()
        else:
            return Span(begin, boundary.end())
    return Span(begin, len(text))


def find_places(
    text: str, gazetteer: Gazetteer, config: PlacesConfig = DEFAULT_PLACES_CONFIG
) -> tuple[PlaceMention, ...]:
    """The places ``text`` names, in order, each with its span, entry, alternatives and confidence.

    Text that names no place gives an empty tuple.
    """
    tokens = _tokens(text)
    matches = _match_names(text, tokens, gazetteer)
    matches = [match for match in matches if not _after_head(text, match, tokens)]
    if config.unlisted:
        matches = [m for m in matches if not runs_on(text, tokens, m.first, m.last, gazetteer, _splits)]
    for match in matches:
        match.belief = _belief(match, tokens, text, gazetteer, config)
    _apply_lists(matches, tokens, text)
    kept = [match for match in matches if match.belief > 0]
    _resolve(kept)
    mentions: list[PlaceMention] = []
    for match in kept:
        peak = max(match.scores)
        weights = [math.exp(score - peak) for score in match.scores]
        total = sum(weights)
        order = sorted(range(len(match.places)), key=lambda number: -weights[number])
        chosen = order[0]
        confidence = match.belief * weights[chosen] / total
        if confidence < config.min_confidence:
            continue
        alternatives = tuple(
            Alternative(
                match.places[number].id,
                match.places[number].name,
                match.places[number].name_en,
                match.places[number].country,
                round(weights[number] / total, 4),
            )
            for number in order[1 : 1 + config.alternatives]
        )
        mentions.append(
            PlaceMention(
                start=match.start,
                end=match.end,
                surface=text[match.start : match.end],
                place=match.places[chosen],
                confidence=round(confidence, 4),
                alternatives=alternatives,
                sentence=_sentence(text, match.start),
                cue=match.cue,
            )
        )
    if config.unlisted:
        taken = {index for match in matches for index in range(match.first, match.last + 1)}
        unlisted: list[PlaceMention] = []
        for name in unlisted_names(text, tokens, taken, gazetteer, _splits):
            mention = _unlisted_mention(text, tokens, name, mentions)
            if mention is not None and mention.confidence >= config.min_confidence:
                unlisted.append(mention)
        mentions.extend(unlisted)
        mentions.extend(_repeated(text, tokens, mentions, unlisted, gazetteer))
        mentions.sort(key=lambda mention: mention.start)
    return tuple(mentions)


def _repeated(
    text: str,
    tokens: Sequence[_Token],
    found: Sequence[PlaceMention],
    unlisted: Sequence[PlaceMention],
    gazetteer: Gazetteer,
) -> list[PlaceMention]:
    """Other occurrences, without a classifier, of the unlisted places a classifier introduced:
    once a text has said «بلدتي الفوعة وكفريا», «سكان الفوعة» names the same place."""
    places: dict[str, PlaceMention] = {}
    for mention in unlisted:
        key = name_key(mention.surface)
        if key not in places and distinctive(key, gazetteer):
            places[key] = mention
    if not places:
        return []
    covered = [(mention.start, mention.end) for mention in found]
    repeated: list[PlaceMention] = []
    for index, token in enumerate(tokens):
        if any(start < token.end and token.start < end for start, end in covered):
            continue
        hit = _known_name_at(tokens, index, places)
        if hit is None:
            continue
        start, last, source = hit
        end = tokens[last].end
        repeated.append(
            PlaceMention(
                start=start,
                end=end,
                surface=text[start:end],
                place=source.place,
                confidence=round(source.confidence * 0.85, 4),
                alternatives=(),
                sentence=_sentence(text, start),
                cue=None,
            )
        )
        covered.append((start, end))
    return repeated


def _known_name_at(
    tokens: Sequence[_Token], index: int, places: dict[str, PlaceMention]
) -> tuple[int, int, PlaceMention] | None:
    """Whether one of ``places`` (by name key) is written at token ``index``, with or without a
    clitic prefix: (start offset, last token, the mention that introduced it)."""
    for split in _splits(tokens[index].text):
        for key, source in places.items():
            words = key.split(" ")
            last = index + len(words) - 1
            if words[0] != split.key or last >= len(tokens):
                continue
            if all(tokens[index + k].key == words[k] for k in range(1, len(words))):
                return tokens[index].start + split.offset, last, source
    return None


#: Kinds of listed place an unlisted one can be shown at, best first.
_CONTAINER_KINDS = ("populated", "district", "admin1", "country")


def _unlisted_mention(
    text: str, tokens: Sequence[_Token], name: UnlistedName, found: Sequence[PlaceMention]
) -> PlaceMention | None:
    """A mention of an unlisted place, placed at the listed place it is in (None if the document
    names none to place it at)."""
    start, end = tokens[name.first].start + name.skip, tokens[name.last].end
    sentence = _sentence(text, start)
    container = _container(start, sentence, found)
    if container is None:
        return None
    surface = text[start:end]
    place = Place(
        id=f"unlisted:{name_key(surface).replace(' ', '_')}:{container.id}",
        name=surface,
        name_en=f"not in the gazetteer; shown at {container.name_en or container.name}",
        kind=name.kind,
        feature="unlisted",
        country=container.country,
        admin1=container.admin1,
        lat=container.lat,
        lon=container.lon,
    )
    return PlaceMention(
        start=start,
        end=end,
        surface=surface,
        place=place,
        confidence=name.belief,
        alternatives=(),
        sentence=sentence,
        cue=name.cue,
    )


def _container(start: int, sentence: Span, found: Sequence[PlaceMention]) -> Place | None:
    """The listed place an unlisted one at ``start`` is in: a town or division named in its sentence
    (the nearest, towns first), else the last one named before it, else the first after it; only
    then a country, which says little («بقيادة السعودية ... مديرية مدغل» is in Yemen's Marib)."""
    listed = [m for m in found if m.place.feature != "unlisted" and m.place.kind in _CONTAINER_KINDS]
    local = [m for m in listed if m.place.kind != "country"]
    in_sentence = [m for m in local if sentence.start <= m.start < sentence.end]
    if in_sentence:
        best = min(in_sentence, key=lambda m: (_CONTAINER_KINDS.index(m.place.kind), abs(m.start - start)))
        return best.place
    before = [m for m in local if m.start < start]
    if before:
        return before[-1].place
    if local:
        return local[0].place
    countries = [m for m in listed if sentence.start <= m.start < sentence.end] or listed
    return min(countries, key=lambda m: abs(m.start - start)).place if countries else None
