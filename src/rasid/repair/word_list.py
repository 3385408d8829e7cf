"""A word list beside the corpus: how likely a word is that the corpus never used.

The model's corpus is small (about 9 million tokens), so names, rare inflections and whole
registers are missing from its lexicon. Restoration and detection score such a word with the
character model alone, which cannot tell a real word the corpus happened to miss (المتكاسل,
لانكشير) from a string of plausible letters. A larger list of the language's words can: by
default wordfreq's Arabic list (about 620,000 words from web, subtitle, Wikipedia and news text).

The probability of a word ``w`` the lexicon lacks becomes a mixture::

    P(w | unknown) = share * P_list(w) + (1 - share) * P_chars(w)

where ``P_list`` is the list's frequency of ``w`` among the listed words the lexicon lacks, and
``share`` is how often an unseen word is one the list holds. ``share`` is estimated when the
model is built, the Good-Turing way: words seen once in the corpus stand for the words not seen
at all, and the share of them that the list holds is the estimate (wordfreq holds 66.5% of the
training corpus's singletons when the development split is left out, and 67.0% of the split's
words unseen in the rest). Nothing is tuned.

Only the listed words the lexicon lacks are kept, in their own folder with the list's licence
(wordfreq's data is CC BY-SA 4.0), separate from the corpus-derived model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rasid.errors import InputError, ModelError
from rasid.repair.tokens import ARABIC_WORD, word_key

#: Folder of a language model that holds its word list.
WORD_LIST_DIR = "word_list"
#: ``--word-list`` value for wordfreq's Arabic list (the default).
WORDFREQ = "wordfreq"
#: ``--word-list`` value for no word list (the character model alone).
NO_WORD_LIST = "none"
#: The most of the unseen words' probability the list may take.
MAX_SHARE = 0.95

WORDFREQ_NOTICE = """This word list is a subset of the Arabic "large" list of wordfreq
(Robyn Speer and contributors, https://github.com/rspeer/wordfreq, version {version}), whose
word frequencies are licensed under Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0):
https://creativecommons.org/licenses/by-sa/4.0/ . wordfreq's own sources are listed in its
README. This subset (the words a rasid model's corpus lacks, written as rasid's word keys, with
their frequencies as logarithms) is distributed under CC BY-SA 4.0 as well.
"""
USER_LIST_NOTICE = """This word list was derived from a list the user supplied ({name}); that list's
own licence applies to it.
"""


@dataclass(frozen=True, slots=True)
class WordListSource:
    """Word frequencies read from a source, with what to say about their licence."""

    frequencies: Mapping[str, float]
    name: str
    notice: str


def read_word_list(source: str | Path) -> WordListSource:
    """Read word frequencies: ``"wordfreq"`` for wordfreq's Arabic list, else a UTF-8 file
    of ``word<TAB>frequency`` lines (any positive numbers: counts or shares).

    Raises:
        ModelError: wordfreq is asked for but not installed.
        InputError: the file is missing, not UTF-8 or has a malformed line.
    """
    if str(source) == WORDFREQ:
        return _read_wordfreq()
    path = Path(source)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"word list not found: {path}", stage="corpus") from None
    except UnicodeDecodeError as error:
        raise InputError(f"word list {path} is not UTF-8 (byte {error.start})", stage="corpus") from None
    except OSError as error:
        raise InputError(f"cannot read word list {path}: {error.strerror}", stage="corpus") from None
    frequencies: dict[str, float] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        word, _, value = line.rstrip("\r").partition("\t")
        try:
            frequency = float(value)
        except ValueError:
            frequency = math.nan
        if not word or not math.isfinite(frequency) or frequency <= 0:
            raise InputError(
                f"{path}, line {number}: expected 'word<TAB>frequency' with a positive frequency, got {line[:60]!r}",
                stage="corpus",
            )
        frequencies[word] = frequencies.get(word, 0.0) + frequency
    if not frequencies:
        raise InputError(f"word list {path} holds no words", stage="corpus")
    return WordListSource(frequencies, path.name, USER_LIST_NOTICE.format(name=path.name))


def _read_wordfreq() -> WordListSource:
    try:
        import wordfreq
    except ImportError:
        raise ModelError(
            "the wordfreq package is not installed; install it (pip install wordfreq) "
            f"or build with --word-list {NO_WORD_LIST}",
            stage="repair",
        ) from None
    from importlib.metadata import version

    frequencies = wordfreq.get_frequency_dict("ar", wordlist="large")
    release = version("wordfreq")
    return WordListSource(frequencies, f"wordfreq {release} (ar, large)", WORDFREQ_NOTICE.format(version=release))


@dataclass(frozen=True, slots=True)
class ListedWords:
    """The part of a word list a model keeps: the listed words its lexicon lacks."""

    words: tuple[str, ...]  # most frequent first
    logprobs: np.ndarray  # log P_list(word), over these words only
    share: float  # P(an unseen word is listed), from the corpus's singletons
    singletons: int  # Arabic words the corpus holds once
    listed_singletons: int  # ... of which the list holds


def select_listed_words(
    frequencies: Mapping[str, float], vocabulary: Sequence[str], counts: Sequence[int]
) -> ListedWords:
    """Keep the listed Arabic words outside ``vocabulary`` (whose corpus counts are ``counts``),
    as word keys, and estimate how often an unseen word is a listed one."""
    merged: dict[str, float] = {}
    for word, frequency in frequencies.items():
        key = word_key(word)
        if ARABIC_WORD.fullmatch(key):
            merged[key] = merged.get(key, 0.0) + float(frequency)
    singletons = [
        word for word, count in zip(vocabulary, counts, strict=True) if count == 1 and ARABIC_WORD.fullmatch(word)
    ]
    listed_singletons = sum(1 for word in singletons if word in merged)
    known = set(vocabulary)
    kept = sorted(
        ((word, frequency) for word, frequency in merged.items() if word not in known),
        key=lambda item: (-item[1], item[0]),
    )
    total = sum(frequency for _, frequency in kept)
    logprobs = np.log(np.array([frequency for _, frequency in kept], dtype=np.float64) / total) if kept else np.zeros(0)
    # Kept below 1: a word outside both the lexicon and the list must keep a probability.
    share = min(listed_singletons / len(singletons), MAX_SHARE) if singletons else 0.0
    return ListedWords(
        tuple(word for word, _ in kept),
        logprobs.astype(np.float32),
        share,
        len(singletons),
        listed_singletons,
    )


def write_word_list(directory: Path, listed: ListedWords, source: WordListSource) -> None:
    """Write ``listed`` into ``directory`` (a model's :data:`WORD_LIST_DIR`), with its licence."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "words.txt").write_text("".join(word + "\n" for word in listed.words), encoding="utf-8")
    np.save(directory / "logprobs.npy", listed.logprobs)
    manifest = {
        "source": source.name,
        "words": len(listed.words),
        "share": listed.share,
        "corpus_singletons": listed.singletons,
        "listed_singletons": listed.listed_singletons,
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    (directory / "LICENSE.md").write_text("# Licence of this word list\n\n" + source.notice, encoding="utf-8")


@dataclass(frozen=True, slots=True, eq=False)
class WordList:
    """A model's word list, loaded when first asked (it is needed only for unknown words)."""

    directory: Path
    share: float
    _table: dict[str, float] | None = field(default=None, init=False, repr=False)

    def table(self) -> dict[str, float]:
        """Listed word → log P_list(word)."""
        table = self._table
        if table is None:
            try:
                words = (self.directory / "words.txt").read_text(encoding="utf-8").split("\n")[:-1]
                logprobs = np.load(self.directory / "logprobs.npy")
            except (OSError, ValueError) as error:
                raise ModelError(f"cannot read the word list in {self.directory}: {error}", stage="repair") from error
            if len(words) != logprobs.size:
                raise ModelError(
                    f"word list in {self.directory} is corrupt: words and frequencies differ", stage="repair"
                )
            table = dict(zip(words, logprobs.tolist(), strict=True))
            # Set whole, once built: a server's other threads never see a half-read list.
            object.__setattr__(self, "_table", table)  # frozen: set once, here
        return table

    def mix(self, words: Sequence[str], char_logprobs: Sequence[float]) -> list[float]:
        """log P(word | unknown) of each word, given its character-model log-probability."""
        if self.share <= 0.0:
            return list(char_logprobs)
        table = self.table()
        listed, rest = math.log(self.share), math.log1p(-self.share)
        result = []
        for word, chars in zip(words, char_logprobs, strict=True):
            from_list = table.get(word)
            from_chars = rest + chars
            if from_list is None:
                result.append(from_chars)
            else:
                from_list += listed
                high, low = (from_list, from_chars) if from_list > from_chars else (from_chars, from_list)
                result.append(high + math.log1p(math.exp(low - high)))
        return result


def load_word_list(directory: Path) -> WordList | None:
    """The word list in ``directory``, or None if the model was built without one.

    Raises:
        ModelError: the folder exists but its manifest is unreadable.
    """
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        return None
    try:
        share = float(json.loads(manifest_path.read_text(encoding="utf-8"))["share"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"cannot read the word list manifest in {directory}: {error}", stage="repair") from error
    if not 0.0 <= share <= MAX_SHARE:
        raise ModelError(f"word list in {directory} has share {share}, outside [0, {MAX_SHARE}]", stage="repair")
    return WordList(directory, share)
