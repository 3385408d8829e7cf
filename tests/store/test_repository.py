"""The storage contract, for every backend (rasid.store)."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from rasid.errors import StoreError
from rasid.model import Document, Edit, Extraction
from rasid.repair.language_model import LanguageModel
from rasid.repair.pipeline import repair_text
from rasid.store import DocumentFilter, Repository
from rasid.store.migrations import LATEST


def document(text: str, model: LanguageModel, source: str = "article.txt", **extraction: object) -> Document:
    return Document(
        source,
        "text/plain",
        Extraction(text=text, **extraction),  # type: ignore[arg-type]
        repair_text(text, model=model),
    )


RAQQA = "قالت مصادر محلية إن طائرات التحالف قصفت مواقع التنظيم بالرقة ودير الزور شرق الفرات."
IDLIB = "وشنت الطائرات غارات على ريف وإدلب الجنوبي، فيما تواصلت المعارك في محيط حماة."
DAMAGED = "وقال الوزير ف بيان إن القوات تمنت من السيطرة عل المدينة الت كانت تحت سيطرة التنظيم."


def test_migrated_to_latest(repository: Repository) -> None:
    assert repository.schema_version() == LATEST


def test_save_and_get_keep_everything(repository: Repository, model: LanguageModel) -> None:
    original = document(DAMAGED, model, title="عنوان", author="كاتب", published="2021-01-05", url="https://x.test/a")
    result = repository.save(original)
    assert result.created
    stored = repository.get(result.id)
    assert stored is not None
    assert stored.original_text == DAMAGED
    assert stored.text == original.text
    assert stored.edits == original.repair.edits
    assert stored.summary.title == "عنوان" and stored.author == "كاتب" and stored.url == "https://x.test/a"
    assert stored.diagnosis["damaged"] == original.repair.diagnosis.damaged
    assert repository.get(result.id + 1000) is None


def test_same_content_is_stored_once(repository: Repository, model: LanguageModel) -> None:
    first = repository.save(document(RAQQA, model, source="a.txt"))
    second = repository.save(document(RAQQA + "\n", model, source="copy.txt"))
    assert not second.created and second.id == first.id
    assert repository.count() == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الرقة", "raqqa"),  # finds بالرقة
        ("رقة", "raqqa"),
        ("إدلب", "idlib"),  # finds وإدلب
        ("ادلب", "idlib"),  # hamza ignored
        ('"شرق الفرات"', "raqqa"),  # phrase
        ("حماه", "idlib"),  # teh marbuta unified
    ],
)
def test_arabic_aware_search(repository: Repository, model: LanguageModel, query: str, expected: str) -> None:
    ids = {
        "raqqa": repository.save(document(RAQQA, model, source="raqqa.txt")).id,
        "idlib": repository.save(document(IDLIB, model, source="idlib.txt")).id,
    }
    page = repository.search(query)
    assert [hit.summary.id for hit in page.items] == [ids[expected]]
    assert "[[" in page.items[0].snippet


def test_phrase_must_be_contiguous(repository: Repository, model: LanguageModel) -> None:
    repository.save(document(RAQQA, model))
    assert repository.search('"الفرات شرق"').total == 0


@pytest.mark.parametrize("query", ['" OR 1=1 --', "NEAR(a b)", "*", "a:b", "'; DROP TABLE documents; --", '"""', ""])
def test_query_syntax_is_escaped(repository: Repository, model: LanguageModel, query: str) -> None:
    repository.save(document(RAQQA, model))
    repository.search(query)  # must not raise
    assert repository.count() == 1


def test_search_finds_repaired_text(repository: Repository, model: LanguageModel) -> None:
    repository.save(document(DAMAGED, model))
    assert repository.search("على").total == 1  # the damaged form عل was repaired


def test_list_filters_and_pagination(repository: Repository, model: LanguageModel) -> None:
    for number in range(5):
        repository.save(
            document(f"{RAQQA} {number}", model, source=f"feed/{number}.txt", published=f"2021-01-0{number + 1}")
        )
    page = repository.list(limit=2)
    assert page.total == 5 and len(page.items) == 2
    assert repository.list(DocumentFilter(source_contains="feed/3")).total == 1
    assert repository.list(DocumentFilter(published_from="2021-01-04")).total == 2
    assert repository.list(DocumentFilter(source_contains="%")).total == 0


def test_concurrent_writers(repository: Repository, model: LanguageModel) -> None:
    documents = [document(f"{IDLIB} رقم {number}", model, source=f"{number}.txt") for number in range(12)]
    threads = [threading.Thread(target=repository.save, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert repository.count() == 12


def test_a_failed_save_leaves_nothing_behind(repository: Repository, model: LanguageModel) -> None:
    good = document(RAQQA, model)
    # an edit the schema refuses (reason is NOT NULL) makes the save fail after the document row is written
    bad_edit = Edit(0, 1, "ق", "ق", None, 0.5)  # type: ignore[arg-type]
    broken = replace(good, repair=replace(good.repair, edits=(bad_edit,)))
    with pytest.raises(StoreError):
        repository.save(broken)
    assert repository.count() == 0
    assert repository.search("الرقة").total == 0
    assert repository.save(good).created  # the store is still usable, and the content was not half-saved


def test_every_edit_is_kept_in_order(repository: Repository, model: LanguageModel) -> None:
    saved = document(DAMAGED, model)
    assert len(saved.repair.edits) >= 3
    stored = repository.get(repository.save(saved).id)
    assert stored is not None
    assert [edit.start for edit in stored.edits] == [edit.start for edit in saved.repair.edits]
    assert stored.summary.edit_count == len(saved.repair.edits)


def _with_places(text: str, model: LanguageModel, source: str = "places.txt") -> Document:
    from rasid.pipeline import with_places
    from rasid.places.gazetteer import load_gazetteer

    return with_places(document(text, model, source=source), load_gazetteer())


def test_places_are_stored_with_the_document(repository: Repository, model: LanguageModel) -> None:
    saved = _with_places(RAQQA, model)
    assert saved.places
    stored = repository.get(repository.save(saved).id)
    assert stored is not None
    assert stored.places == saved.places


def test_places_of_the_collection_and_their_mentions(repository: Repository, model: LanguageModel) -> None:
    first = repository.save(_with_places(RAQQA, model, "a.txt")).id
    repository.save(_with_places(IDLIB, model, "b.txt"))
    counts = {count.place.name_en: count for count in repository.places()}
    assert "Deir ez-Zor" in counts and counts["Deir ez-Zor"].documents == 1
    assert repository.places(DocumentFilter(source_contains="b.txt"))[0].place.country == "SY"
    mentions = list(repository.mentions(DocumentFilter(document_id=first)))
    assert {m.document.id for m in mentions} == {first}
    assert all(m.mention.surface in m.sentence for m in mentions)


def test_replace_places(repository: Repository, model: LanguageModel) -> None:
    identifier = repository.save(document(RAQQA, model)).id  # stored without places
    stored = repository.get(identifier)
    assert stored is not None and stored.places == ()
    mentions = _with_places(RAQQA, model).places
    repository.replace_places(identifier, mentions)
    repository.replace_places(identifier, mentions)  # twice: replaced, not doubled
    stored = repository.get(identifier)
    assert stored is not None and stored.places == mentions
    assert list(repository.document_ids()) == [identifier]
