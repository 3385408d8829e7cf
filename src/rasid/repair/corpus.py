"""Read plain-text corpora: one paragraph per line, optionally xz, gzip or bz2 compressed.

Used by the scripts that build the language model and by the benchmark; kept
in the package so that a user can rebuild the model from their own text.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from rasid.errors import InputError

_OPENERS = {".xz": lzma.open, ".gz": gzip.open, ".bz2": bz2.open}


def open_corpus_file(path: Path) -> IO[str]:
    """Open one corpus file for reading as UTF-8 text, decompressing by suffix."""
    opener = _OPENERS.get(path.suffix)
    if opener is None:
        return path.open("rt", encoding="utf-8")
    return opener(path, "rt", encoding="utf-8")  # type: ignore[no-any-return, operator]


def corpus_files(paths: Iterable[Path]) -> list[Path]:
    """Expand directories to the text files inside them, sorted; keep files as given.

    Raises:
        InputError: a path does not exist, or a directory holds no text files.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and (p.suffix in _OPENERS or p.suffix == ".txt"))
            if not found:
                raise InputError(f"no .txt, .xz, .gz or .bz2 files under {path}", stage="corpus")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"corpus path does not exist: {path}", stage="corpus")
    return files


def iter_articles(paths: Iterable[Path]) -> Iterator[list[str]]:
    """Yield articles as lists of paragraphs; articles are separated by empty lines."""
    for path in corpus_files(paths):
        article: list[str] = []
        with open_corpus_file(path) as handle:
            for line in handle:
                line = line.strip()
                if line:
                    article.append(line)
                elif article:
                    yield article
                    article = []
        if article:
            yield article


def iter_paragraphs(paths: Iterable[Path]) -> Iterator[str]:
    """Yield every non-empty line of the corpus."""
    for article in iter_articles(paths):
        yield from article
