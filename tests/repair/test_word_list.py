"""A word list beside the corpus (rasid.repair.word_list): building, loading, scoring."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from rasid.errors import InputError, ModelError
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.model_build import build_language_model
from rasid.repair.word_list import (
    WORD_LIST_DIR,
    WordListSource,
    load_word_list,
    read_word_list,
    select_listed_words,
)

# Six Arabic words once each (singletons), one of them (قال) listed; الغارات twice.
CORPUS = """قال الوزير إن الغارات استهدفت المدينة.
الغارات تواصلت.
"""


def test_select_keeps_listed_arabic_words_the_corpus_lacks() -> None:
    frequencies = {"قال": 0.5, "البادية": 0.2, "بادية": 0.1, "الباديّة": 0.1, "tank": 0.3, "2021": 0.1}
    vocabulary = ["<unk>", "قال", "الوزير", "إن"]
    listed = select_listed_words(frequencies, vocabulary, [0, 1, 1, 1])
    # Word keys (the shadda dropped) merge; Latin, digits and corpus words are not kept.
    assert listed.words == ("البادية", "بادية")
    assert np.allclose(np.exp(listed.logprobs), [0.75, 0.25])
    # One of the corpus's three singletons is listed: a third of unseen words would be.
    assert (listed.singletons, listed.listed_singletons) == (3, 1)
    assert listed.share == pytest.approx(1 / 3)


def test_share_stays_below_one_when_every_singleton_is_listed() -> None:
    listed = select_listed_words({"قال": 1.0, "البادية": 1.0}, ["قال"], [1])
    assert listed.share < 1.0


@pytest.fixture(scope="module")
def listed_model(tmp_path_factory: pytest.TempPathFactory) -> LanguageModel:
    folder = tmp_path_factory.mktemp("word_list")
    (folder / "corpus.txt").write_text(CORPUS, encoding="utf-8")
    (folder / "words.tsv").write_text("البادية\t30\nقال\t100\nالتحالف\t10\n", encoding="utf-8")
    source = read_word_list(folder / "words.tsv")
    build_language_model([folder / "corpus.txt"], folder / "model", word_list=source)
    return load_language_model(folder / "model")


def test_model_keeps_the_list_in_its_own_folder_with_its_licence(listed_model: LanguageModel) -> None:
    folder = listed_model.directory / WORD_LIST_DIR
    assert (folder / "words.txt").read_text(encoding="utf-8").split() == ["البادية", "التحالف"]
    assert "words.tsv" in (folder / "LICENSE.md").read_text(encoding="utf-8")
    assert WORD_LIST_DIR in (listed_model.directory / "LICENSE.md").read_text(encoding="utf-8")
    manifest = json.loads((listed_model.directory / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["word_list"] == "words.tsv"


def test_listed_words_score_as_the_mixture_says(listed_model: LanguageModel) -> None:
    word_list = listed_model.word_list
    assert word_list is not None
    share = word_list.share  # قال is the corpus's only listed singleton, of six
    assert share == pytest.approx(1 / 6)
    chars = listed_model.char_model.word_logprobs(["البادية", "الجبهة"])
    listed, unlisted = listed_model.unknown_word_logprobs(["البادية", "الجبهة"])
    assert listed == pytest.approx(math.log(share * 0.75 + (1 - share) * math.exp(chars[0])))
    assert unlisted == pytest.approx(math.log(1 - share) + chars[1])
    assert listed_model.unknown_word_logprob("البادية") == pytest.approx(listed)


def test_a_model_without_a_list_scores_by_characters_alone(tmp_path: Path) -> None:
    (tmp_path / "corpus.txt").write_text(CORPUS, encoding="utf-8")
    build_language_model([tmp_path / "corpus.txt"], tmp_path / "model")
    model = load_language_model(tmp_path / "model")
    assert model.word_list is None
    assert model.unknown_word_logprobs(["البادية"]) == model.char_model.word_logprobs(["البادية"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("البادية\n", "line 1"),
        ("البادية\t-3\n", "positive"),
        ("البادية\tkilo\n", "line 1"),
        ("\n\n", "no words"),
    ],
)
def test_malformed_word_lists_are_refused_with_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "words.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_word_list(path)


def test_unreadable_word_lists_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_word_list(tmp_path / "missing.tsv")
    (tmp_path / "latin1.tsv").write_bytes("caf\xe9\t1\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_word_list(tmp_path / "latin1.tsv")


def test_wordfreq_list_is_read_with_its_licence() -> None:
    source = read_word_list("wordfreq")
    assert isinstance(source, WordListSource)
    assert source.frequencies["على"] > source.frequencies["البادية"] > 0
    assert "CC BY-SA 4.0" in source.notice


def test_corrupt_word_list_folders_raise_model_errors(tmp_path: Path) -> None:
    assert load_word_list(tmp_path) is None
    (tmp_path / "manifest.json").write_text('{"share": 2}', encoding="utf-8")
    with pytest.raises(ModelError, match="share"):
        load_word_list(tmp_path)
    (tmp_path / "manifest.json").write_text('{"share": 0.5}', encoding="utf-8")
    (tmp_path / "words.txt").write_text("البادية\nالتحالف\n", encoding="utf-8")
    np.save(tmp_path / "logprobs.npy", np.zeros(1, dtype=np.float32))
    word_list = load_word_list(tmp_path)
    assert word_list is not None
    with pytest.raises(ModelError, match="corrupt"):
        word_list.table()
