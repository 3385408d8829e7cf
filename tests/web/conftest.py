"""A web app over a small SQLite store holding the seed and the sample documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rasid.collection import add_files
from rasid.places.gazetteer import load_gazetteer
from rasid.repair.language_model import LanguageModel
from rasid.store import Repository, open_repository
from rasid.web.app import WebConfig, create_app

ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = ROOT.parent / "shared" / "seed" / "000_135ca1c0598dfef5.txt"
SAMPLES = sorted((ROOT / "samples" / "documents").iterdir())


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, model: LanguageModel) -> Iterator[Repository]:
    repository = open_repository(str(tmp_path_factory.mktemp("web") / "rasid.db"))
    report = add_files([SEED_PATH, *SAMPLES], repository, model, gazetteer=load_gazetteer())
    assert not report.failures
    yield repository
    repository.close()


@pytest.fixture(scope="module")
def client(store: Repository, model: LanguageModel) -> Iterator[TestClient]:
    app = create_app(store, model, config=WebConfig(max_upload_bytes=64 * 1024), gazetteer=load_gazetteer())
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def seed_id(client: TestClient) -> int:
    items = client.get("/api/documents", params={"source": SEED_PATH.name}).json()["items"]
    assert len(items) == 1
    return int(items[0]["id"])
