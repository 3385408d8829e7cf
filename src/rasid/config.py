"""Settings of the command-line and service shells, and where they come from.

Library functions take explicit config values; only the shells call
:func:`load_settings`, which reads environment variables (and later a TOML
file). Every setting is documented here and in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rasid.errors import ConfigurationError
from rasid.places.gazetteer import DEFAULT_GAZETTEER
from rasid.repair.language_model import default_model_dir

#: Environment variable → (setting name, description). Tested against the README.
ENVIRONMENT = {
    "RASID_MODEL_DIR": ("model_dir", "directory of the repair language model (default: the one `make model` builds)"),
    "RASID_MAX_BYTES": ("max_bytes", "largest input accepted, in bytes (default 1 GiB)"),
    "RASID_CHUNK_CHARS": (
        "chunk_chars",
        "inputs longer than this are repaired in chunks of this size (default 2,000,000 characters)",
    ),
    "RASID_GAZETTEER": ("gazetteer", "the gazetteer file (default: the one `make gazetteer` builds)"),
    "RASID_DATABASE_URL": (
        "database_url",
        "the store: sqlite:///PATH or postgresql://... (default: SQLite at $XDG_DATA_HOME/rasid/rasid.db, "
        "that is ~/.local/share/rasid/rasid.db)",
    ),
}


def default_database_url(environ: Mapping[str, str] | None = None) -> str:
    """SQLite in the user's data folder (XDG), created on first use."""
    environ = os.environ if environ is None else environ
    base = Path(environ.get("XDG_DATA_HOME") or Path(environ.get("HOME", ".")) / ".local" / "share")
    return f"sqlite:///{base / 'rasid' / 'rasid.db'}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Shell settings.

    Attributes:
        model_dir: the repair language model's directory.
        max_bytes: inputs larger than this are refused with a clear error.
        chunk_chars: inputs longer than this are streamed through repair chunk by chunk,
            in bounded memory, with the glyph loss detected on the first chunk.
        database_url: the store (SQLite file or PostgreSQL).
        gazetteer: the gazetteer file places are resolved against.
    """

    model_dir: Path = field(default_factory=default_model_dir)
    max_bytes: int = 1 << 30
    chunk_chars: int = 2_000_000
    database_url: str = field(default_factory=default_database_url)
    gazetteer: Path = DEFAULT_GAZETTEER


def _positive_int(name: str, value: str) -> int:
    try:
        number = int(value.replace("_", "").replace(",", ""))
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, got {value!r}") from exc
    if number <= 0:
        raise ConfigurationError(f"{name} must be positive, got {number}")
    return number


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment (``os.environ`` by default), defaults elsewhere.

    Raises:
        ConfigurationError: a variable has an invalid value.
    """
    environ = os.environ if environ is None else environ
    settings = Settings()
    model_dir = environ.get("RASID_MODEL_DIR")
    max_bytes = environ.get("RASID_MAX_BYTES")
    chunk_chars = environ.get("RASID_CHUNK_CHARS")
    database_url = environ.get("RASID_DATABASE_URL")
    gazetteer = environ.get("RASID_GAZETTEER")
    return Settings(
        gazetteer=Path(gazetteer) if gazetteer else settings.gazetteer,
        database_url=database_url or default_database_url(environ),
        model_dir=Path(model_dir) if model_dir else settings.model_dir,
        max_bytes=_positive_int("RASID_MAX_BYTES", max_bytes) if max_bytes else settings.max_bytes,
        chunk_chars=_positive_int("RASID_CHUNK_CHARS", chunk_chars) if chunk_chars else settings.chunk_chars,
    )
