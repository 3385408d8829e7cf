"""Versioned schema migrations, one list per database dialect.

Migration ``n`` (1-based) takes a store from version ``n - 1`` to ``n``; a store
records its version in ``schema_migrations``. Migrations only ever append: a
released migration is never edited.
"""

from __future__ import annotations

SQLITE: tuple[str, ...] = (
    # 1: documents, their edits, and the full-text index of stems.
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        media_type TEXT NOT NULL,
        title TEXT,
        author TEXT,
        published TEXT,
        url TEXT,
        original_text TEXT NOT NULL,
        text TEXT NOT NULL,
        diagnosis TEXT NOT NULL,
        extraction TEXT NOT NULL,
        edit_count INTEGER NOT NULL,
        words INTEGER NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_published ON documents (published);
    CREATE TABLE edits (
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        reason TEXT NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (document_id, position)
    );
    CREATE VIRTUAL TABLE search USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 0');
    """,
    # 2: the places each document names.
    """
    CREATE TABLE place_mentions (
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        surface TEXT NOT NULL,
        place_id TEXT NOT NULL,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        kind TEXT NOT NULL,
        feature TEXT NOT NULL,
        country TEXT,
        admin1 TEXT,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        bbox TEXT,
        population INTEGER NOT NULL,
        confidence REAL NOT NULL,
        alternatives TEXT NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        cue TEXT,
        PRIMARY KEY (document_id, position)
    );
    CREATE INDEX place_mentions_place ON place_mentions (place_id);
    """,
)

POSTGRES: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        id BIGSERIAL PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        media_type TEXT NOT NULL,
        title TEXT,
        author TEXT,
        published TEXT,
        url TEXT,
        original_text TEXT NOT NULL,
        text TEXT NOT NULL,
        diagnosis JSONB NOT NULL,
        extraction JSONB NOT NULL,
        edit_count INTEGER NOT NULL,
        words INTEGER NOT NULL,
        ingested_at TEXT NOT NULL,
        search_vector TSVECTOR NOT NULL
    );
    CREATE INDEX documents_published ON documents (published);
    CREATE INDEX documents_search ON documents USING GIN (search_vector);
    CREATE TABLE edits (
        document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        reason TEXT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (document_id, position)
    );
    """,
    """
    CREATE TABLE place_mentions (
        document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        surface TEXT NOT NULL,
        place_id TEXT NOT NULL,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        kind TEXT NOT NULL,
        feature TEXT NOT NULL,
        country TEXT,
        admin1 TEXT,
        lat DOUBLE PRECISION NOT NULL,
        lon DOUBLE PRECISION NOT NULL,
        bbox JSONB,
        population BIGINT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        alternatives JSONB NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        cue TEXT,
        PRIMARY KEY (document_id, position)
    );
    CREATE INDEX place_mentions_place ON place_mentions (place_id);
    """,
)

LATEST = len(SQLITE)
assert len(POSTGRES) == LATEST, "both dialects must have the same migrations"
