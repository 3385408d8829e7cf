"""The store: documents with their original and repaired text, edits and diagnosis.

:class:`Repository` is the seam; SQLite (one file, the default) and PostgreSQL (for
teams) implement it, and the same test suite runs against both. All SQL lives in
this package. Each document is written in one transaction, keyed by a hash of its
content, so storing the same content twice stores it once and an interrupted run
never leaves half a document behind.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from rasid.errors import ConfigurationError
from rasid.model import Alternative, Document, Edit, Place, PlaceMention, Span


def content_hash(text: str) -> str:
    """Identity of a document's content: SHA-256 of its text, NFC-normalised, whitespace collapsed."""
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What a list of documents shows."""

    id: int
    source: str
    media_type: str
    title: str | None
    published: str | None
    words: int
    edit_count: int
    ingested_at: str


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document, everything kept: original and repaired text, edits, diagnosis."""

    summary: DocumentSummary
    content_hash: str
    author: str | None
    url: str | None
    original_text: str
    text: str
    edits: tuple[Edit, ...]
    diagnosis: dict[str, Any]
    extraction: dict[str, Any]
    places: tuple[PlaceMention, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A ranked search result with a snippet of the repaired text (matches marked ``[[...]]``)."""

    summary: DocumentSummary
    score: float
    snippet: str


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """Filters for listing and searching documents (all optional, combined with AND)."""

    source_contains: str | None = None
    media_type: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    repaired_only: bool = False
    document_id: int | None = None


NO_FILTER = DocumentFilter()


@dataclass(frozen=True, slots=True)
class SaveResult:
    """The id a document is stored under, and whether this call stored it (False: already there)."""

    id: int
    created: bool


@dataclass(frozen=True, slots=True)
class Page:
    """One page of results and the total number of matches."""

    items: tuple[Any, ...]
    total: int


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """A place of the collection: how often it is named, and in how many documents."""

    place: Place
    mentions: int
    documents: int


@dataclass(frozen=True, slots=True)
class StoredMention:
    """A place mention with the document it is in and the text of its sentence."""

    document: DocumentSummary
    mention: PlaceMention
    sentence: str


class Repository(Protocol):
    """Where documents live. Implementations: :mod:`rasid.store.sqlite`, :mod:`rasid.store.postgres`."""

    def save(self, document: Document) -> SaveResult:
        """Store a document in one transaction, unless the same content is already stored."""

    def get(self, document_id: int) -> StoredDocument | None:
        """A stored document, or None."""

    def list(self, filters: DocumentFilter = NO_FILTER, limit: int = 50, offset: int = 0) -> Page:
        """Documents, newest first."""

    def search(self, query: str, filters: DocumentFilter = NO_FILTER, limit: int = 20, offset: int = 0) -> Page:
        """Documents matching an Arabic-aware query, best first, with snippets."""

    def count(self) -> int:
        """Number of stored documents."""

    def replace_places(self, document_id: int, mentions: Sequence[PlaceMention]) -> None:
        """Replace the places of a stored document (one transaction)."""

    def places(self, filters: DocumentFilter = NO_FILTER, limit: int = 5000) -> Sequence[PlaceCount]:
        """The places the matching documents name, most named first."""

    def mentions(self, filters: DocumentFilter = NO_FILTER) -> Iterator[StoredMention]:
        """Every place mention of the matching documents, with its document and sentence."""

    def document_ids(self) -> Sequence[int]:
        """The ids of every stored document, oldest first."""

    def schema_version(self) -> int:
        """The schema version the store is migrated to."""

    def close(self) -> None:
        """Release connections."""


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document flattened for storage (shared by both backends)."""

    content_hash: str
    source: str
    media_type: str
    title: str | None
    author: str | None
    published: str | None
    url: str | None
    original_text: str
    text: str
    diagnosis: str
    extraction: str
    edit_count: int
    words: int
    edits: Sequence[Edit] = field(default_factory=tuple)


def document_row(document: Document) -> DocumentRow:
    """Flatten a document for storage."""
    extraction = document.extraction
    extraction_json = {
        "encoding": extraction.encoding,
        "pages": [page.to_json() for page in extraction.pages],
        "recovered_glyphs": [glyph.to_json() for glyph in extraction.recovered_glyphs],
        "notes": list(extraction.notes),
    }
    return DocumentRow(
        content_hash=content_hash(document.repair.original),
        source=document.source_id,
        media_type=document.media_type,
        title=extraction.title,
        author=extraction.author,
        published=extraction.published,
        url=extraction.url,
        original_text=document.repair.original,
        text=document.text,
        diagnosis=json.dumps(document.repair.diagnosis.to_json(), ensure_ascii=False),
        extraction=json.dumps(extraction_json, ensure_ascii=False),
        edit_count=len(document.repair.edits),
        words=len(document.text.split()),
        edits=document.repair.edits,
    )


def open_repository(url: str) -> Repository:
    """Open a store: ``sqlite:///path/to/file.db``, a plain file path, or ``postgresql://...``.

    Raises:
        ConfigurationError: an unknown scheme (the message lists the valid ones).
        StoreError: the database cannot be opened or migrated.
    """
    if url.startswith(("postgresql://", "postgres://")):
        from rasid.store.postgres import PostgresRepository

        return PostgresRepository(url)
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
    elif "://" in url:
        raise ConfigurationError(f"unknown database URL {url!r}; use sqlite:///PATH or postgresql://...")
    else:
        path = url
    from rasid.store.sqlite import SQLiteRepository

    return SQLiteRepository(path)


#: Columns of a place mention row, in order (both stores).
MENTION_COLUMNS = (
    "position",
    "start",
    '"end"',
    "surface",
    "place_id",
    "name",
    "name_en",
    "kind",
    "feature",
    "country",
    "admin1",
    "lat",
    "lon",
    "bbox",
    "population",
    "confidence",
    "alternatives",
    "sentence_start",
    "sentence_end",
    "cue",
)
#: SQL shared by both stores: a document summary's columns, a mention row's columns (table alias
#: ``d`` and ``m``).
SUMMARY_SQL = "d.id, d.source, d.media_type, d.title, d.published, d.words, d.edit_count, d.ingested_at"
MENTION_SQL = ", ".join(f"m.{column}" for column in MENTION_COLUMNS)


def insert_mention_sql(placeholder: str) -> str:
    """The INSERT of one mention row, with the driver's parameter placeholder (``?`` or ``%s``)."""
    return (
        f"INSERT INTO place_mentions (document_id, {', '.join(MENTION_COLUMNS)}) "
        f"VALUES ({', '.join([placeholder] * (len(MENTION_COLUMNS) + 1))})"
    )


def mention_row(position: int, mention: PlaceMention) -> tuple[Any, ...]:
    """A place mention flattened for storage, in :data:`MENTION_COLUMNS` order."""
    place = mention.place
    return (
        position,
        mention.start,
        mention.end,
        mention.surface,
        place.id,
        place.name,
        place.name_en,
        place.kind,
        place.feature,
        place.country,
        place.admin1,
        place.lat,
        place.lon,
        json.dumps(list(place.bbox)) if place.bbox else None,
        place.population,
        mention.confidence,
        json.dumps([alternative.to_json() for alternative in mention.alternatives], ensure_ascii=False),
        mention.sentence.start,
        mention.sentence.end,
        mention.cue,
    )


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def place_from_row(row: Sequence[Any]) -> Place:
    """A place from the place columns of a mention row (``place_id`` … ``population``)."""
    bbox = _json(row[9])
    return Place(
        id=row[0],
        name=row[1],
        name_en=row[2],
        kind=row[3],
        feature=row[4],
        country=row[5],
        admin1=row[6],
        lat=float(row[7]),
        lon=float(row[8]),
        bbox=tuple(bbox) if bbox else None,
        population=int(row[10] or 0),
    )


def mention_from_row(row: Sequence[Any]) -> PlaceMention:
    """A place mention from a row in :data:`MENTION_COLUMNS` order."""
    return PlaceMention(
        start=int(row[1]),
        end=int(row[2]),
        surface=row[3],
        place=place_from_row(row[4:15]),
        confidence=float(row[15]),
        alternatives=tuple(Alternative(**item) for item in _json(row[16])),
        sentence=Span(int(row[17]), int(row[18])),
        cue=row[19],
    )
