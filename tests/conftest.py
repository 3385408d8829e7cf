"""Shared fixtures: the language model, the seed document and paths to the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.repair.language_model import LanguageModel, load_language_model

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_PATH = SHARED / "seed" / "000_135ca1c0598dfef5.txt"
CASES = ROOT / "tests" / "repair" / "cases"


@pytest.fixture(scope="session")
def model() -> LanguageModel:
    """The project's repair model (built by `make model` from the training corpus)."""
    return load_language_model()


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The damaged op-ed the project started from."""
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_expected() -> str:
    """Our own reading of what the seed's author wrote (see cases/README.md)."""
    return (CASES / "seed_expected.txt").read_text(encoding="utf-8")
