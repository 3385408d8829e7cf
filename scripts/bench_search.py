"""Measure search latency over a store of news articles and write the README's search figures.

Usage: python scripts/bench_search.py [--documents 20000] [--postgres URL] [--no-readme]

The store is built from ``../shared/data/news/train.txt.xz`` (one article per document,
the corpus text stored as it is: it is clean, and repair has its own benchmark) and kept
in ``bench/out/`` so later runs reuse it. Each query is run a few times; the figures are
the median (p50) and 95th percentile (p95) of the wall time of one ``repository.search``
call returning the first 20 results with snippets, after one warm-up round.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench_common import machine, write_readme_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasid.model import Diagnosis, Document, Extraction, RepairResult  # noqa: E402
from rasid.store import Repository, open_repository  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "news" / "train.txt.xz"
OUT = ROOT / "bench" / "out"
# What an analyst types: places with and without prefixes or hamza, actors, phrases, rare and common words.
QUERIES = (
    "الرقة",
    "بالرقة",
    "ادلب",
    "إدلب",
    "حلب",
    "دير الزور",
    '"دير الزور"',
    "الحوثي",
    "صنعاء",
    "مأرب",
    "عدن",
    "تعز",
    "داعش",
    '"تنظيم داعش"',
    "الموصل",
    "الأنبار",
    "الفلوجة",
    "غارات التحالف",
    '"قوات التحالف"',
    "الحشد الشعبي",
    "الكهوف",
    "اشتباكات عنيفة",
    "المملكة",
    "وزارة الداخلية",
    '"مجلس الأمن"',
    "اللاجئين السوريين",
    "صاروخ باليستي",
    "حزب الله",
    "الطائرات بدون طيار",
    "هدنة",
)


def articles(limit: int) -> Iterator[str]:
    """Articles of the training corpus (paragraphs joined), in corpus order."""
    paragraphs: list[str] = []
    count = 0
    with lzma.open(CORPUS, "rt", encoding="utf-8") as corpus:
        for line in corpus:
            line = line.rstrip("\n")
            if line:
                paragraphs.append(line)
                continue
            if paragraphs:
                yield "\n\n".join(paragraphs)
                count += 1
                paragraphs = []
                if count >= limit:
                    return
    if paragraphs and count < limit:
        yield "\n\n".join(paragraphs)


def as_document(number: int, text: str) -> Document:
    title = text.split("\n", 1)[0][:120]
    unchanged = RepairResult(text, text, (), Diagnosis(damaged=False, findings=()))
    return Document(f"train.txt.xz#{number}", "text/plain", Extraction(text=text, title=title), unchanged)


def fill(repository: Repository, wanted: int) -> float:
    """Store articles until the store holds ``wanted`` distinct documents (a few articles of the
    corpus share their text and are stored once); seconds taken."""
    began = time.perf_counter()
    have = repository.count()
    for number, text in enumerate(articles(10**9)):
        if have >= wanted:
            break
        if repository.save(as_document(number, text)).created:
            have += 1
            if have % 2000 == 0:
                print(f"bench: stored {have:,} of {wanted:,}", file=sys.stderr, flush=True)
    if have < wanted:
        raise SystemExit(f"bench: the corpus has only {have:,} distinct articles; ask for fewer with --documents")
    return time.perf_counter() - began


def measure(repository: Repository, rounds: int) -> dict[str, float]:
    for query in QUERIES:  # warm-up: caches and the page cache, as on a server that has been up a while
        repository.search(query)
    timings: list[float] = []
    hits: list[int] = []
    for _ in range(rounds):
        for query in QUERIES:
            began = time.perf_counter()
            page = repository.search(query, limit=20)
            timings.append(time.perf_counter() - began)
            hits.append(page.total)
    timings.sort()
    return {
        "p50_ms": 1000 * statistics.median(timings),
        "p95_ms": 1000 * timings[int(0.95 * (len(timings) - 1))],
        "max_ms": 1000 * timings[-1],
        "queries": len(timings),
        "median_hits": statistics.median(hits),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("RASID_TEST_POSTGRES_URL") or None)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    backends = {"SQLite (FTS5)": f"sqlite:///{OUT / f'search-{args.documents}.db'}"}
    if args.postgres:
        backends["PostgreSQL (tsvector, GIN)"] = args.postgres
    results: dict[str, dict[str, float]] = {}
    for name, url in backends.items():
        repository = open_repository(url)
        try:
            seconds = fill(repository, args.documents)
            stored = repository.count()
            results[name] = {**measure(repository, args.rounds), "documents": stored, "build_s": seconds}
        finally:
            repository.close()
        print(f"bench: {name}: {json.dumps(results[name])}", file=sys.stderr)
    (OUT / "search_results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    lines = [
        f"Measured by `make bench` ({len(QUERIES)} queries × {args.rounds} rounds, first 20 results with snippets) "
        f"on {machine()}.",
        "",
        "| store | documents | p50 | p95 | slowest |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, figures in results.items():
        lines.append(
            f"| {name} | {int(figures['documents']):,} | {figures['p50_ms']:.1f} ms | {figures['p95_ms']:.1f} ms | "
            f"{figures['max_ms']:.1f} ms |"
        )
    table = "\n".join(lines)
    print(table)
    if not args.no_readme:
        write_readme_section("bench-search", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
