"""Adding files to a store (rasid.collection)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.collection import add_files
from rasid.repair.language_model import LanguageModel
from rasid.store import open_repository

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples" / "documents").iterdir())


def test_stores_each_file_once_and_lists_failures(tmp_path: Path, model: LanguageModel) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLES[0].read_bytes())
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    missing = tmp_path / "missing.txt"
    repository = open_repository(str(tmp_path / "store.db"))
    seen: list[tuple[int, int]] = []
    report = add_files(
        [*SAMPLES, copy, binary, missing], repository, model, progress=lambda n, total, _: seen.append((n, total))
    )
    assert len(report.stored) == len(SAMPLES)
    assert report.already_stored == [copy]
    assert [path for path, _ in report.failures] == [binary, missing]
    assert all(reason for _, reason in report.failures)
    assert seen[-1] == (len(SAMPLES) + 3, len(SAMPLES) + 3)
    assert repository.count() == len(SAMPLES)
    # a second run stores nothing new
    again = add_files(SAMPLES, repository, model)
    assert again.stored == [] and len(again.already_stored) == len(SAMPLES)
    repository.close()


def test_an_interrupt_keeps_what_was_committed(tmp_path: Path, model: LanguageModel) -> None:
    repository = open_repository(str(tmp_path / "store.db"))

    def interrupt_at_third(number: int, total: int, path: Path) -> None:
        if number == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        add_files(SAMPLES, repository, model, progress=interrupt_at_third)
    assert repository.count() == 2
    for summary in repository.list().items:
        stored = repository.get(summary.id)
        assert stored is not None and stored.text and stored.summary.edit_count == len(stored.edits)
    repository.close()


def test_storing_a_file_again_finds_its_places_again(tmp_path: Path, model: LanguageModel) -> None:
    # Stored without places (an older store, or --no-places), then ingested again with the
    # gazetteer: the document is not stored twice, and its places are there now.
    from rasid.places.gazetteer import load_gazetteer

    sample = next(path for path in SAMPLES if path.name == "marib-front.txt")
    repository = open_repository(str(tmp_path / "store.db"))
    add_files([sample], repository, model)
    assert list(repository.mentions()) == []
    again = add_files([sample], repository, model, gazetteer=load_gazetteer())
    assert again.already_stored == [sample] and repository.count() == 1
    assert any(stored.mention.place.name_en == "Ma'rib" for stored in repository.mentions())
    repository.close()
