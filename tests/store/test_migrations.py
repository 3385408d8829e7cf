"""Versioned migrations (rasid.store.migrations): an older store is brought up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rasid.errors import StoreError
from rasid.store import open_repository
from rasid.store.migrations import LATEST, POSTGRES, SQLITE


def test_both_dialects_have_every_migration() -> None:
    assert len(SQLITE) == len(POSTGRES) == LATEST >= 2


def test_a_version_1_store_is_upgraded_and_keeps_its_documents(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    connection.executescript(SQLITE[0])
    connection.execute("CREATE TABLE schema_migrations (version INTEGER NOT NULL)")
    connection.execute("INSERT INTO schema_migrations VALUES (1)")
    connection.execute(
        "INSERT INTO documents (content_hash, source, media_type, original_text, text, diagnosis, extraction, "
        "edit_count, words, ingested_at) VALUES ('h', 'old.txt', 'text/plain', 'نص', 'نص', '{}', '{}', 0, 1, 'now')"
    )
    connection.commit()
    connection.close()
    repository = open_repository(str(path))
    assert repository.schema_version() == LATEST
    stored = repository.get(1)
    assert stored is not None and stored.text == "نص" and stored.places == ()
    repository.close()


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE schema_migrations (version INTEGER NOT NULL)")
    connection.execute("INSERT INTO schema_migrations VALUES (99)")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="newer than this rasid"):
        open_repository(str(path))
