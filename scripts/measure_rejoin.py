"""Measure how often each kind of line-rejoining edit is right (rasid.repair.wrap's confidences).

Usage: python scripts/measure_rejoin.py FILE [FILE ...]

Every article of the files (one paragraph per line, articles separated by an empty line, as in the
corpus) is printed as a column in each layout of the benchmark (60, 80 and 110 characters, with and
without indented paragraphs and blank-line artefacts), rejoined, and each edit between two lines
judged: a join is right inside a paragraph, a break between paragraphs. The shipped confidences
are these shares on the development split (every 40th training article, see
``scripts/fit_score_weights.py``); ``make bench`` reports them on the held-out split, which is never
given here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench_repair import bench_rejoin, render_rejoin
from rasid.repair.corpus import iter_articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+", help="article files (the development split)")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    articles = ["\n".join(paragraphs) for paragraphs in iter_articles(args.files)]
    print("\n".join(render_rejoin(bench_rejoin(articles))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
