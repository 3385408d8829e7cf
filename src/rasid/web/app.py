"""``create_app``: the JSON API and the web page, over a store and the repair model."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, File, HTTPException, Query, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from rasid.errors import InputTooLargeError, UnsupportedSourceError
from rasid.ingest import DEFAULT_READ_CONFIG, HTML, PDF, TEXT, ReadConfig, detect_media_type
from rasid.pipeline import read_document
from rasid.places.gazetteer import Gazetteer
from rasid.places.geojson import feature_collection, mention_feature
from rasid.repair.language_model import LanguageModel
from rasid.store import DocumentFilter, DocumentSummary, Repository
from rasid.web.errors import install_error_handlers
from rasid.web.schemas import (
    DocumentList,
    DocumentOut,
    DocumentSummaryOut,
    EditOut,
    ErrorResponse,
    Health,
    PlaceCountOut,
    PlaceList,
    PlaceMentionOut,
    SavedDocument,
    SearchHitOut,
    SearchResults,
)

STATIC = Path(__file__).parent / "static"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ERRORS: dict[int | str, dict[str, object]] = {status: {"model": ErrorResponse} for status in (400, 404, 413, 415, 422)}

# Query parameter types, at module level so FastAPI can resolve them from their names.
Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]
Source = Annotated[str | None, Query(max_length=500, description="part of the source path or URL")]
MediaType = Annotated[str | None, Query(pattern=r"^(application/pdf|text/html|text/plain)$")]
Day = Annotated[str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")]


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Web settings.

    Attributes:
        max_upload_bytes: uploads larger than this are refused with 413.
        upload_types: media types an upload may have.
    """

    max_upload_bytes: int = 20 * 1024 * 1024
    upload_types: tuple[str, ...] = (PDF, HTML, TEXT)


def _summary(summary: DocumentSummary) -> DocumentSummaryOut:
    return DocumentSummaryOut(
        id=summary.id,
        source=summary.source,
        media_type=summary.media_type,
        title=summary.title,
        published=summary.published,
        words=summary.words,
        edit_count=summary.edit_count,
        ingested_at=summary.ingested_at,
    )


def _filters(
    source: Source = None,
    media_type: MediaType = None,
    published_from: Day = None,
    published_to: Day = None,
    repaired_only: bool = False,
) -> DocumentFilter:
    """The list filters every listing endpoint takes, as a FastAPI dependency."""
    for name, value in (("published_from", published_from), ("published_to", published_to)):
        if value is not None and not DATE.match(value):
            raise HTTPException(status_code=422, detail=f"{name} must be a date like 2021-01-31")
    return DocumentFilter(source, media_type, published_from, published_to, repaired_only)


Filters = Annotated[DocumentFilter, Depends(_filters)]


def create_app(
    repository: Repository,
    model: LanguageModel,
    read_config: ReadConfig = DEFAULT_READ_CONFIG,
    config: WebConfig = WebConfig(),
    gazetteer: Gazetteer | None = None,
) -> FastAPI:
    """The web application: JSON API under ``/api``, the page at ``/``, assets under ``/static``.
    With a ``gazetteer``, uploaded documents get their places found."""
    app = FastAPI(title="rasid", version="0.1.0", description="Repaired, searchable Arabic conflict reporting.")
    install_error_handlers(app)

    @app.get("/api/health", response_model=Health)
    def health() -> Health:
        return Health(status="ok", documents=repository.count(), schema_version=repository.schema_version())

    @app.get("/api/documents", response_model=DocumentList, responses=ERRORS)
    def list_documents(
        filters: Filters,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> DocumentList:
        page = repository.list(filters, limit, offset)
        return DocumentList(total=page.total, items=[_summary(item) for item in page.items])

    @app.get("/api/documents/{document_id}", response_model=DocumentOut, responses=ERRORS)
    def get_document(document_id: Annotated[int, "document id"]) -> DocumentOut:
        if not 0 < document_id < 2**62:
            raise HTTPException(status_code=404, detail=f"no document {document_id}")
        stored = repository.get(document_id)
        if stored is None:
            raise HTTPException(status_code=404, detail=f"no document {document_id}")
        summary = _summary(stored.summary)
        return DocumentOut(
            **summary.model_dump(),
            content_hash=stored.content_hash,
            author=stored.author,
            url=stored.url,
            original_text=stored.original_text,
            text=stored.text,
            edits=[EditOut(**edit.to_json()) for edit in stored.edits],  # type: ignore[arg-type]
            diagnosis=stored.diagnosis,
            extraction=stored.extraction,
            places=[PlaceMentionOut(**mention.to_json()) for mention in stored.places],  # type: ignore[arg-type]
        )

    @app.get("/api/places", response_model=PlaceList, responses=ERRORS)
    def list_places(
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=5000, description="most named places to return")] = 1000,
    ) -> PlaceList:
        counts = repository.places(filters, limit)
        return PlaceList(
            total=len(counts),
            items=[
                PlaceCountOut(place=count.place.to_json(), mentions=count.mentions, documents=count.documents)  # type: ignore[arg-type]
                for count in counts
            ],
        )

    @app.get(
        "/api/places.geojson",
        responses={200: {"content": {"application/geo+json": {}}}, **ERRORS},
        response_class=JSONResponse,
    )
    def export_places(
        filters: Filters,
        document_id: Annotated[int | None, Query(ge=1, description="only this document")] = None,
    ) -> JSONResponse:
        """Every place mention of the matching documents as GeoJSON, with its document and sentence."""
        filters = replace(filters, document_id=document_id)
        features = (
            mention_feature(
                stored.mention,
                stored.sentence,
                {"id": stored.document.id, "source": stored.document.source, "title": stored.document.title},
            )
            for stored in repository.mentions(filters)
        )
        return JSONResponse(feature_collection(features), media_type="application/geo+json")

    @app.get("/api/search", response_model=SearchResults, responses=ERRORS)
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500, description='words, "phrases"')],
        filters: Filters,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> SearchResults:
        page = repository.search(q, filters, limit, offset)
        return SearchResults(
            query=q,
            total=page.total,
            items=[
                SearchHitOut(document=_summary(hit.summary), score=hit.score, snippet=hit.snippet) for hit in page.items
            ],
        )

    @app.post("/api/documents", response_model=SavedDocument, status_code=201, responses=ERRORS)
    def upload(file: Annotated[UploadFile, File(description="a PDF, HTML or text file")]) -> SavedDocument:
        data = file.file.read(config.max_upload_bytes + 1)
        if len(data) > config.max_upload_bytes:
            raise InputTooLargeError(f"uploads are limited to {config.max_upload_bytes:,} bytes")
        name = Path(file.filename or "upload").name
        media_type = detect_media_type(Path(name), data[:4096])
        if media_type not in config.upload_types:
            raise UnsupportedSourceError(f"unsupported upload type {media_type}; send a PDF, HTML or text file")
        with tempfile.TemporaryDirectory(prefix="rasid-upload-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            document = read_document(path, model, read_config, source_id=f"upload:{name}", gazetteer=gazetteer)
        result = repository.save(document)
        return SavedDocument(id=result.id, created=result.created)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
