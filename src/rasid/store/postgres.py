"""The team store: PostgreSQL with full-text search over the same search stems.

Search stems are computed in Python (:mod:`rasid.search.normalize`) exactly as for
SQLite and indexed with the ``simple`` text-search configuration, so both stores
normalise the same way and match the same documents. Queries are always bound
parameters, and user text reaches ``tsquery`` only through ``phraseto_tsquery``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from rasid.errors import StoreError
from rasid.model import Document, Edit, PlaceMention
from rasid.search.normalize import index_text, parse_query, snippet
from rasid.store import (
    MENTION_SQL,
    NO_FILTER,
    SUMMARY_SQL,
    DocumentFilter,
    DocumentSummary,
    Page,
    PlaceCount,
    SaveResult,
    SearchHit,
    StoredDocument,
    StoredMention,
    document_row,
    insert_mention_sql,
    mention_from_row,
    mention_row,
    place_from_row,
)
from rasid.store.migrations import LATEST, POSTGRES

_INSERT_MENTION = insert_mention_sql("%s")
_LOCK_ID = 0x72617369  # advisory lock taken while migrating ("rasi")


def _where(filters: DocumentFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    values: list[Any] = []
    if filters.source_contains:
        clauses.append("strpos(d.source, %s) > 0")
        values.append(filters.source_contains)
    if filters.media_type:
        clauses.append("d.media_type = %s")
        values.append(filters.media_type)
    if filters.published_from:
        clauses.append("d.published >= %s")
        values.append(filters.published_from)
    if filters.published_to:
        clauses.append("d.published <= %s")
        values.append(filters.published_to)
    if filters.repaired_only:
        clauses.append("d.edit_count > 0")
    if filters.document_id is not None:
        clauses.append("d.id = %s")
        values.append(filters.document_id)
    return (" AND ".join(clauses) if clauses else "TRUE"), values


class PostgresRepository:
    """Documents in PostgreSQL, through a small connection pool."""

    def __init__(self, url: str) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        self.url = url
        try:
            self._pool = ConnectionPool(
                url, min_size=1, max_size=8, open=True, timeout=10, kwargs={"autocommit": False}
            )
            self._pool.wait(timeout=10)
        except (psycopg.Error, Exception) as exc:  # the pool raises its own PoolTimeout
            raise StoreError(f"cannot connect to PostgreSQL at {_redact(url)}: {exc}", stage="store") from exc
        self._migrate()

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        import psycopg

        try:
            with self._pool.connection() as connection, connection.cursor() as cursor:
                yield cursor
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL error: {exc}", stage="store") from exc

    def _migrate(self) -> None:
        with self._cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
            cursor.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL)")
            cursor.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
            current = int(cursor.fetchone()[0])
            if current > LATEST:
                raise StoreError(
                    f"the database has schema version {current}, newer than this rasid ({LATEST})", stage="store"
                )
            for version in range(current + 1, LATEST + 1):
                cursor.execute(POSTGRES[version - 1])
                cursor.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))

    def schema_version(self) -> int:
        """The schema version the store is migrated to."""
        with self._cursor() as cursor:
            cursor.execute("SELECT max(version) FROM schema_migrations")
            return int(cursor.fetchone()[0])

    def save(self, document: Document) -> SaveResult:
        """Store a document in one transaction, unless the same content is already stored."""
        row = document_row(document)
        with self._cursor() as cursor:
            cursor.execute(
                "INSERT INTO documents (content_hash, source, media_type, title, author, published, url, "
                "original_text, text, diagnosis, extraction, edit_count, words, ingested_at, search_vector) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')) "
                "ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                (
                    row.content_hash,
                    row.source,
                    row.media_type,
                    row.title,
                    row.author,
                    row.published,
                    row.url,
                    row.original_text,
                    row.text,
                    row.diagnosis,
                    row.extraction,
                    row.edit_count,
                    row.words,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    index_text(row.title or ""),
                    index_text(row.text),
                ),
            )
            inserted = cursor.fetchone()
            if inserted is None:
                cursor.execute("SELECT id FROM documents WHERE content_hash = %s", (row.content_hash,))
                return SaveResult(int(cursor.fetchone()[0]), created=False)
            identifier = int(inserted[0])
            cursor.executemany(
                'INSERT INTO edits (document_id, position, start, "end", before, after, reason, confidence) '
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (identifier, position, e.start, e.end, e.before, e.after, e.reason, e.confidence)
                    for position, e in enumerate(row.edits)
                ],
            )
            cursor.executemany(
                _INSERT_MENTION, [(identifier, *mention_row(position, m)) for position, m in enumerate(document.places)]
            )
            return SaveResult(identifier, created=True)

    def get(self, document_id: int) -> StoredDocument | None:
        """A stored document, or None."""
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT {SUMMARY_SQL}, d.content_hash, d.author, d.url, d.original_text, d.text, d.diagnosis, "
                "d.extraction FROM documents d WHERE d.id = %s",
                (document_id,),
            )
            row = cursor.fetchone()
            if row is None:
                return None
            cursor.execute(
                'SELECT start, "end", before, after, reason, confidence FROM edits '
                "WHERE document_id = %s ORDER BY position",
                (document_id,),
            )
            edits = tuple(Edit(*edit) for edit in cursor.fetchall())
            cursor.execute(
                f"SELECT {MENTION_SQL} FROM place_mentions m WHERE m.document_id = %s ORDER BY m.position",
                (document_id,),
            )
            places = tuple(mention_from_row(mention) for mention in cursor.fetchall())
        diagnosis = row[13] if isinstance(row[13], dict) else json.loads(row[13])
        extraction = row[14] if isinstance(row[14], dict) else json.loads(row[14])
        return StoredDocument(
            DocumentSummary(*row[:8]), row[8], row[9], row[10], row[11], row[12], edits, diagnosis, extraction, places
        )

    def replace_places(self, document_id: int, mentions: Sequence[PlaceMention]) -> None:
        """Replace the places of a stored document (one transaction)."""
        with self._cursor() as cursor:
            cursor.execute("DELETE FROM place_mentions WHERE document_id = %s", (document_id,))
            cursor.executemany(
                _INSERT_MENTION, [(document_id, *mention_row(position, m)) for position, m in enumerate(mentions)]
            )

    def places(self, filters: DocumentFilter = NO_FILTER, limit: int = 5000) -> list[PlaceCount]:
        """The places the matching documents name, most named first."""
        where, values = _where(filters)
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT m.place_id, min(m.name), min(m.name_en), min(m.kind), min(m.feature), min(m.country), "
                "min(m.admin1), min(m.lat), min(m.lon), min(m.bbox::text), max(m.population), count(*) AS mentions, "
                "count(DISTINCT m.document_id) FROM place_mentions m JOIN documents d ON d.id = m.document_id "
                f"WHERE {where} GROUP BY m.place_id ORDER BY mentions DESC, m.place_id LIMIT %s",
                [*values, limit],
            )
            rows = cursor.fetchall()
        return [PlaceCount(place_from_row(row[:11]), int(row[11]), int(row[12])) for row in rows]

    def mentions(self, filters: DocumentFilter = NO_FILTER) -> Iterator[StoredMention]:
        """Every place mention of the matching documents, with its document and sentence."""
        where, values = _where(filters)
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT {SUMMARY_SQL}, {MENTION_SQL}, substr(d.text, m.sentence_start + 1, "
                "m.sentence_end - m.sentence_start) FROM place_mentions m "
                f"JOIN documents d ON d.id = m.document_id WHERE {where} ORDER BY d.id, m.position",
                values,
            )
            rows = cursor.fetchall()
        for row in rows:
            yield StoredMention(DocumentSummary(*row[:8]), mention_from_row(row[8:28]), str(row[28]).strip())

    def document_ids(self) -> list[int]:
        """The ids of every stored document, oldest first."""
        with self._cursor() as cursor:
            cursor.execute("SELECT id FROM documents ORDER BY id")
            return [int(row[0]) for row in cursor.fetchall()]

    def list(self, filters: DocumentFilter = NO_FILTER, limit: int = 50, offset: int = 0) -> Page:
        """Documents, newest first."""
        where, values = _where(filters)
        with self._cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM documents d WHERE {where}", values)
            total = int(cursor.fetchone()[0])
            cursor.execute(
                f"SELECT {SUMMARY_SQL} FROM documents d WHERE {where} ORDER BY d.id DESC LIMIT %s OFFSET %s",
                [*values, limit, offset],
            )
            return Page(tuple(DocumentSummary(*row) for row in cursor.fetchall()), total)

    def search(self, query: str, filters: DocumentFilter = NO_FILTER, limit: int = 20, offset: int = 0) -> Page:
        """Documents matching the query (Arabic-aware, phrases in quotes), best first."""
        parsed = parse_query(query)
        if not parsed.phrases:
            return Page((), 0)
        tsquery = " && ".join(["phraseto_tsquery('simple', %s)"] * len(parsed.phrases))
        phrases = [" ".join(phrase) for phrase in parsed.phrases]
        where, values = _where(filters)
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM documents d WHERE d.search_vector @@ ({tsquery}) AND {where}",
                [*phrases, *values],
            )
            total = int(cursor.fetchone()[0])
            cursor.execute(
                f"SELECT {SUMMARY_SQL}, ts_rank_cd(d.search_vector, q.query) AS score, d.text "
                f"FROM documents d, (SELECT ({tsquery}) AS query) q "
                f"WHERE d.search_vector @@ q.query AND {where} ORDER BY score DESC, d.id DESC LIMIT %s OFFSET %s",
                [*phrases, *values, limit, offset],
            )
            hits = tuple(
                SearchHit(DocumentSummary(*row[:8]), float(row[8]), snippet(row[9], parsed))
                for row in cursor.fetchall()
            )
        return Page(hits, total)

    def count(self) -> int:
        """Number of stored documents."""
        with self._cursor() as cursor:
            cursor.execute("SELECT count(*) FROM documents")
            return int(cursor.fetchone()[0])

    def close(self) -> None:
        """Close the pool."""
        self._pool.close()


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" in url and ":" in url.split("@", 1)[0].split("//", 1)[-1]:
        scheme, rest = url.split("//", 1)
        credentials, host = rest.split("@", 1)
        return f"{scheme}//{credentials.split(':', 1)[0]}:***@{host}"
    return url
