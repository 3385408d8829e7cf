"""Shell settings from the environment (rasid.config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.config import load_settings
from rasid.errors import ConfigurationError


def test_defaults() -> None:
    settings = load_settings({})
    assert settings.max_bytes == 1 << 30
    assert settings.model_dir.name == "language_model"


def test_environment_overrides() -> None:
    settings = load_settings({"RASID_MODEL_DIR": "/tmp/m", "RASID_MAX_BYTES": "1_000", "RASID_CHUNK_CHARS": "5000"})
    assert settings.model_dir == Path("/tmp/m")
    assert settings.max_bytes == 1000 and settings.chunk_chars == 5000


@pytest.mark.parametrize("value", ["lots", "-5", "0"])
def test_bad_values_are_refused(value: str) -> None:
    with pytest.raises(ConfigurationError, match="RASID_MAX_BYTES"):
        load_settings({"RASID_MAX_BYTES": value})
