"""The embedded store: one SQLite file, WAL mode, FTS5 over search stems."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rasid.errors import StoreError
from rasid.model import Document, Edit, PlaceMention
from rasid.search.normalize import fts5_query, index_text, parse_query, snippet
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
from rasid.store.migrations import LATEST, SQLITE

_INSERT_MENTION = insert_mention_sql("?")
_PLACE = "m.place_id, m.name, m.name_en, m.kind, m.feature, m.country, m.admin1, m.lat, m.lon, m.bbox, m.population"


def _summary(row: sqlite3.Row | tuple[Any, ...]) -> DocumentSummary:
    return DocumentSummary(*tuple(row)[:8])


def _where(filters: DocumentFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    values: list[Any] = []
    if filters.source_contains:
        clauses.append("d.source LIKE ? ESCAPE '\\'")
        escaped = filters.source_contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        values.append(f"%{escaped}%")
    if filters.media_type:
        clauses.append("d.media_type = ?")
        values.append(filters.media_type)
    if filters.published_from:
        clauses.append("d.published >= ?")
        values.append(filters.published_from)
    if filters.published_to:
        clauses.append("d.published <= ?")
        values.append(filters.published_to)
    if filters.repaired_only:
        clauses.append("d.edit_count > 0")
    if filters.document_id is not None:
        clauses.append("d.id = ?")
        values.append(filters.document_id)
    return (" AND ".join(clauses) if clauses else "1 = 1"), values


class SQLiteRepository:
    """Documents in one SQLite file. Safe to share between threads: each thread gets its own
    connection; writes are serialised by SQLite (WAL mode lets readers go on meanwhile)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._target, self._uri = path, False
        self._keeper: sqlite3.Connection | None = None
        if path == ":memory:":
            # One shared in-memory database for every thread, alive while the repository is.
            self._target, self._uri = f"file:rasid-{id(self)}?mode=memory&cache=shared", True
            self._keeper = sqlite3.connect(self._target, uri=True, check_same_thread=False)
        else:
            folder = Path(path).expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreError(f"cannot open the database {path}: folder {folder} does not exist", stage="store")
        self._migrate()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            try:
                connection = sqlite3.connect(
                    self._target, timeout=30, isolation_level=None, check_same_thread=False, uri=self._uri
                )
                connection.execute("PRAGMA foreign_keys = ON")
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open the database {self.path}: {exc}", stage="store") from exc
            self._local.connection = connection
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _migrate(self) -> None:
        try:
            with self._transaction() as connection:
                connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL)")
                current = connection.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0
                if current > LATEST:
                    raise StoreError(
                        f"the database {self.path} has schema version {current}, newer than this rasid "
                        f"({LATEST}); upgrade rasid",
                        stage="store",
                    )
                for version in range(current + 1, LATEST + 1):
                    for statement in SQLITE[version - 1].split(";"):
                        if statement.strip():
                            connection.execute(statement)
                    connection.execute("INSERT INTO schema_migrations (version) VALUES (?)", (version,))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the database {self.path}: {exc}", stage="store") from exc

    def schema_version(self) -> int:
        """The schema version the store is migrated to."""
        return int(self._connection().execute("SELECT max(version) FROM schema_migrations").fetchone()[0])

    def save(self, document: Document) -> SaveResult:
        """Store a document in one transaction, unless the same content is already stored."""
        row = document_row(document)
        try:
            with self._transaction() as connection:
                existing = connection.execute(
                    "SELECT id FROM documents WHERE content_hash = ?", (row.content_hash,)
                ).fetchone()
                if existing is not None:
                    return SaveResult(int(existing[0]), created=False)
                cursor = connection.execute(
                    "INSERT INTO documents (content_hash, source, media_type, title, author, published, url, "
                    "original_text, text, diagnosis, extraction, edit_count, words, ingested_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    ),
                )
                identifier = int(cursor.lastrowid or 0)
                connection.executemany(
                    'INSERT INTO edits (document_id, position, start, "end", before, after, reason, confidence) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (identifier, position, e.start, e.end, e.before, e.after, e.reason, e.confidence)
                        for position, e in enumerate(row.edits)
                    ],
                )
                connection.execute(
                    "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
                    (identifier, index_text(row.title or ""), index_text(row.text)),
                )
                connection.executemany(
                    _INSERT_MENTION,
                    [(identifier, *mention_row(position, m)) for position, m in enumerate(document.places)],
                )
                return SaveResult(identifier, created=True)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot store {document.source_id}: {exc}", stage="store", source_id=document.source_id
            ) from exc

    def get(self, document_id: int) -> StoredDocument | None:
        """A stored document, or None."""
        connection = self._connection()
        row = connection.execute(
            f"SELECT {SUMMARY_SQL}, d.content_hash, d.author, d.url, d.original_text, d.text, d.diagnosis, "
            "d.extraction FROM documents d WHERE d.id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            return None
        edits = tuple(
            Edit(*edit)
            for edit in connection.execute(
                'SELECT start, "end", before, after, reason, confidence FROM edits '
                "WHERE document_id = ? ORDER BY position",
                (document_id,),
            )
        )
        places = tuple(
            mention_from_row(mention)
            for mention in connection.execute(
                f"SELECT {MENTION_SQL} FROM place_mentions m WHERE m.document_id = ? ORDER BY m.position",
                (document_id,),
            )
        )
        return StoredDocument(
            _summary(row),
            row[8],
            row[9],
            row[10],
            row[11],
            row[12],
            edits,
            json.loads(row[13]),
            json.loads(row[14]),
            places,
        )

    def replace_places(self, document_id: int, mentions: Sequence[PlaceMention]) -> None:
        """Replace the places of a stored document (one transaction)."""
        try:
            with self._transaction() as connection:
                connection.execute("DELETE FROM place_mentions WHERE document_id = ?", (document_id,))
                connection.executemany(
                    _INSERT_MENTION, [(document_id, *mention_row(position, m)) for position, m in enumerate(mentions)]
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store the places of document {document_id}: {exc}", stage="store") from exc

    def places(self, filters: DocumentFilter = NO_FILTER, limit: int = 5000) -> list[PlaceCount]:
        """The places the matching documents name, most named first."""
        where, values = _where(filters)
        rows = self._connection().execute(
            f"SELECT {_PLACE}, count(*) AS mentions, count(DISTINCT m.document_id) FROM place_mentions m "
            f"JOIN documents d ON d.id = m.document_id WHERE {where} "
            "GROUP BY m.place_id ORDER BY mentions DESC, m.place_id LIMIT ?",
            [*values, limit],
        )
        return [PlaceCount(place_from_row(row[:11]), int(row[11]), int(row[12])) for row in rows]

    def mentions(self, filters: DocumentFilter = NO_FILTER) -> Iterator[StoredMention]:
        """Every place mention of the matching documents, with its document and sentence."""
        where, values = _where(filters)
        rows = self._connection().execute(
            f"SELECT {SUMMARY_SQL}, {MENTION_SQL}, substr(d.text, m.sentence_start + 1, "
            "m.sentence_end - m.sentence_start) FROM place_mentions m "
            f"JOIN documents d ON d.id = m.document_id WHERE {where} ORDER BY d.id, m.position",
            values,
        )
        for row in rows:
            yield StoredMention(_summary(row), mention_from_row(row[8:28]), str(row[28]).strip())

    def document_ids(self) -> list[int]:
        """The ids of every stored document, oldest first."""
        return [int(row[0]) for row in self._connection().execute("SELECT id FROM documents ORDER BY id")]

    def list(self, filters: DocumentFilter = NO_FILTER, limit: int = 50, offset: int = 0) -> Page:
        """Documents, newest first."""
        where, values = _where(filters)
        connection = self._connection()
        total = connection.execute(f"SELECT count(*) FROM documents d WHERE {where}", values).fetchone()[0]
        rows = connection.execute(
            f"SELECT {SUMMARY_SQL} FROM documents d WHERE {where} ORDER BY d.id DESC LIMIT ? OFFSET ?",
            [*values, limit, offset],
        ).fetchall()
        return Page(tuple(_summary(row) for row in rows), int(total))

    def search(self, query: str, filters: DocumentFilter = NO_FILTER, limit: int = 20, offset: int = 0) -> Page:
        """Documents matching the query (Arabic-aware, phrases in quotes), best first."""
        parsed = parse_query(query)
        if not parsed.phrases:
            return Page((), 0)
        where, values = _where(filters)
        match = fts5_query(parsed)
        connection = self._connection()
        total = connection.execute(
            f"SELECT count(*) FROM search JOIN documents d ON d.id = search.rowid WHERE search MATCH ? AND {where}",
            [match, *values],
        ).fetchone()[0]
        rows = connection.execute(
            f"SELECT {SUMMARY_SQL}, bm25(search, 2.0, 1.0) AS score, d.text FROM search "
            f"JOIN documents d ON d.id = search.rowid WHERE search MATCH ? AND {where} "
            "ORDER BY score LIMIT ? OFFSET ?",
            [match, *values, limit, offset],
        ).fetchall()
        hits = tuple(SearchHit(_summary(row), -float(row[8]), snippet(row[9], parsed)) for row in rows)
        return Page(hits, int(total))

    def count(self) -> int:
        """Number of stored documents."""
        return int(self._connection().execute("SELECT count(*) FROM documents").fetchone()[0])

    def close(self) -> None:
        """Close this thread's connection (and an in-memory database)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None
