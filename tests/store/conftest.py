"""One storage test suite, run against SQLite and PostgreSQL.

PostgreSQL is used when ``RASID_TEST_POSTGRES_URL`` points at a server (``make test``
starts one on loopback with ``scripts/start_postgres.sh``); otherwise its tests are
reported as skipped, never as passed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from rasid.store import Repository, open_repository


def postgres_url() -> str | None:
    return os.environ.get("RASID_TEST_POSTGRES_URL") or None


@pytest.fixture(params=["sqlite", "postgres"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repository]:
    """A fresh, empty store of each kind."""
    if request.param == "sqlite":
        store = open_repository(f"sqlite:///{tmp_path / 'rasid.db'}")
        yield store
        store.close()
        return
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set RASID_TEST_POSTGRES_URL (make test starts one)")
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {url} is not reachable: {exc}")
    separator = "&" if "?" in url else "?"
    store = open_repository(f"{url}{separator}options={quote(f'-csearch_path={schema}')}")
    yield store
    store.close()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")
