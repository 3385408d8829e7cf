"""Add files to a store: read, repair, and save each one in its own transaction.

A crash or an interrupt loses nothing already saved, and leaves nothing half
saved. Files that cannot be read are reported, not fatal: the rest are stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rasid.errors import InputError
from rasid.ingest import DEFAULT_READ_CONFIG, ReadConfig
from rasid.pipeline import read_document
from rasid.places.gazetteer import Gazetteer
from rasid.places.recognize import find_places
from rasid.repair.language_model import LanguageModel
from rasid.store import Repository

Progress = Callable[[int, int, Path], None]


@dataclass(slots=True)
class CollectionReport:
    """What adding files did: ids of new documents, files already stored, and failures."""

    stored: list[int] = field(default_factory=list)
    already_stored: list[Path] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)


def add_files(
    paths: Iterable[Path],
    repository: Repository,
    model: LanguageModel,
    config: ReadConfig = DEFAULT_READ_CONFIG,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
) -> CollectionReport:
    """Read, repair and store every file (with its places, given a ``gazetteer``); report the
    outcome of each. A file already stored keeps its text, and gets its places found again.

    Raises:
        StoreError: the store itself fails (a full disk, a lost connection): stopping is right.
    """
    files = list(paths)
    report = CollectionReport()
    for number, path in enumerate(files, start=1):
        if progress is not None:
            progress(number, len(files), path)
        try:
            document = read_document(path, model, config, gazetteer=gazetteer)
        except InputError as error:
            report.failures.append((path, error.reason))
            continue
        result = repository.save(document)
        if result.created:
            report.stored.append(result.id)
            continue
        report.already_stored.append(path)
        if gazetteer is not None:
            # Stored before, perhaps with an older gazetteer.
            _find_places_again(repository, result.id, gazetteer)
    return report


def _find_places_again(repository: Repository, document_id: int, gazetteer: Gazetteer) -> int | None:
    """Replace a stored document's places with those found now, in its text as stored (a newer
    repair may give another text, and other offsets); None if the document is gone."""
    stored = repository.get(document_id)
    if stored is None:
        return None
    mentions = find_places(stored.text, gazetteer)
    repository.replace_places(document_id, mentions)
    return len(mentions)


def refresh_places(
    repository: Repository, gazetteer: Gazetteer, progress: Callable[[int, int, int], None] | None = None
) -> int:
    """Find the places of every stored document again (after the gazetteer changed, or for
    documents stored before places were found); returns the number of mentions stored."""
    ids = list(repository.document_ids())
    total = 0
    for number, document_id in enumerate(ids, start=1):
        found = _find_places_again(repository, document_id, gazetteer)
        if found is None:
            continue  # deleted meanwhile
        total += found
        if progress is not None:
            progress(number, len(ids), document_id)
    return total
