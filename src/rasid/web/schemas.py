"""Response shapes of the HTTP API (Pydantic), documented in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    """One error: HTTP status, a stable code and a message for humans."""

    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one shape every error response has."""

    error: ErrorBody


class DocumentSummaryOut(BaseModel):
    """A document in a list."""

    id: int
    source: str
    media_type: str
    title: str | None
    published: str | None
    words: int
    edit_count: int
    ingested_at: str


class EditOut(BaseModel):
    """One change repair made: offsets into the original text."""

    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float


class PlaceOut(BaseModel):
    """A gazetteer entry. Areas carry their extent in ``bbox`` (west, south, east, north)."""

    id: str
    name: str
    name_en: str
    kind: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    bbox: list[float] | None
    population: int


class AlternativeOut(BaseModel):
    """Another place a mention could name."""

    place_id: str
    name: str
    name_en: str
    country: str | None
    probability: float


class SpanOut(BaseModel):
    """A range of the repaired text."""

    start: int
    end: int


class PlaceMentionOut(BaseModel):
    """A place named in the repaired text, ``text[start:end]``."""

    start: int
    end: int
    surface: str
    place: PlaceOut
    confidence: float
    alternatives: list[AlternativeOut]
    sentence: SpanOut
    cue: str | None


class PlaceCountOut(BaseModel):
    """A place of the collection and how often it is named."""

    place: PlaceOut
    mentions: int
    documents: int


class PlaceList(BaseModel):
    """The places the matching documents name, most named first."""

    total: int
    items: list[PlaceCountOut]


class DocumentOut(DocumentSummaryOut):
    """A stored document with everything kept."""

    content_hash: str
    author: str | None
    url: str | None
    original_text: str
    text: str
    edits: list[EditOut]
    diagnosis: dict[str, Any]
    extraction: dict[str, Any]
    places: list[PlaceMentionOut]


class DocumentList(BaseModel):
    """A page of documents."""

    total: int
    items: list[DocumentSummaryOut]


class SearchHitOut(BaseModel):
    """A search result; ``snippet`` marks matching words with ``[[`` and ``]]``."""

    document: DocumentSummaryOut
    score: float
    snippet: str


class SearchResults(BaseModel):
    """A page of search results."""

    query: str
    total: int
    items: list[SearchHitOut]


class SavedDocument(BaseModel):
    """The outcome of an upload."""

    id: int
    created: bool = Field(description="false when the same content was already stored")


class Health(BaseModel):
    """The service is up; how many documents it holds."""

    status: str
    documents: int
    schema_version: int
