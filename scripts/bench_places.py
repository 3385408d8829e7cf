"""Measure place finding on the hand-annotated held-out articles and write the README's figures.

Usage: python scripts/bench_places.py [--no-readme]

The evaluation set is ``tests/extract/gold/places/heldout_places.jsonl`` (its GUIDE.md says how
it was annotated). It is used here only: nothing in rasid was built or tuned on it.

* Mentions: a predicted mention is correct when its span is exactly a gold span.
  Precision, recall and F1 over all mentions.
* Resolution, over correctly found mentions whose gold place has coordinates: the distance
  from the gold point to the chosen place's point; and, because an area is not a point, the
  distance to the chosen place's extent (zero when the gold point lies inside its bounding box).
  Shares within 25 km and within 161 km (the measure Mordecai 3 reports: 96.6% on English news).
* Speed: documents per second of :func:`find_places`, gazetteer loaded once (load time apart).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

from bench_common import machine, write_readme_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasid.model import Place  # noqa: E402
from rasid.places.gazetteer import load_gazetteer  # noqa: E402
from rasid.places.recognize import find_places  # noqa: E402

GOLD = ROOT / "tests" / "extract" / "gold" / "places" / "heldout_places.jsonl"
OUT = ROOT / "bench" / "out"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def distance_to_extent(place: Place, lat: float, lon: float) -> float:
    if place.bbox is None:
        return distance_km(lat, lon, place.lat, place.lon)
    west, south, east, north = place.bbox
    nearest_lat = min(max(lat, south), north)
    nearest_lon = min(max(lon, west), east)
    return distance_km(lat, lon, nearest_lat, nearest_lon)


def bench() -> dict[str, object]:
    articles = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    began = time.perf_counter()
    gazetteer = load_gazetteer()
    load_seconds = time.perf_counter() - began
    found_total = gold_total = correct = 0
    by_kind: Counter[str] = Counter()
    by_kind_found: Counter[str] = Counter()
    point: list[float] = []
    extent: list[float] = []
    point_by_kind: dict[str, list[float]] = {}
    elapsed = 0.0
    for article in articles:
        began = time.perf_counter()
        mentions = find_places(article["text"], gazetteer)
        elapsed += time.perf_counter() - began
        gold = {(m["start"], m["end"]): m for m in article["mentions"]}
        found_total += len(mentions)
        gold_total += len(gold)
        for gold_mention in gold.values():
            by_kind[gold_mention["kind"]] += 1
        for mention in mentions:
            truth = gold.get((mention.start, mention.end))
            if truth is None:
                continue
            correct += 1
            by_kind_found[truth["kind"]] += 1
            if truth["lat"] is None:
                continue
            point.append(distance_km(truth["lat"], truth["lon"], mention.place.lat, mention.place.lon))
            point_by_kind.setdefault(truth["kind"], []).append(point[-1])
            extent.append(distance_to_extent(mention.place, truth["lat"], truth["lon"]))
    precision = correct / found_total if found_total else 0.0
    recall = correct / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def share(values: list[float], limit: float) -> float:
        return sum(value <= limit for value in values) / len(values) if values else 0.0

    return {
        "articles": len(articles),
        "gold_mentions": gold_total,
        "found_mentions": found_total,
        "correct_mentions": correct,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "recall_by_kind": {kind: by_kind_found[kind] / count for kind, count in by_kind.most_common()},
        "resolved_with_gold_point": len(point),
        "point_25km": share(point, 25),
        "point_161km": share(point, 161),
        "point_25km_by_kind": {
            kind: (share(values, 25), len(values))
            for kind, values in sorted(point_by_kind.items(), key=lambda item: -len(item[1]))
        },
        "extent_25km": share(extent, 25),
        "extent_161km": share(extent, 161),
        "documents_per_second": len(articles) / elapsed if elapsed else 0.0,
        "gazetteer_load_seconds": load_seconds,
        "machine": machine(),
    }


def render(results: dict[str, object]) -> str:
    r = results
    kinds = ", ".join(f"{kind} {share:.0%}" for kind, share in r["recall_by_kind"].items())  # type: ignore[union-attr]
    within = ", ".join(
        f"{kind} {share:.0%} ({count})"
        for kind, (share, count) in r["point_25km_by_kind"].items()  # type: ignore[union-attr]
    )
    return "\n".join(
        [
            f"Measured by `make bench` on {r['articles']} hand-annotated held-out articles "
            f"({r['gold_mentions']} place mentions; `tests/extract/gold/places/`), on {r['machine']}.",
            "",
            "| measure | target | measured |",
            "| --- | ---: | ---: |",
            f"| mention precision (exact span) | | {r['precision']:.3f} |",
            f"| mention recall (exact span) | | {r['recall']:.3f} |",
            f"| mention F1 | ≥ 0.90 | {r['f1']:.3f} |",
            f"| resolved within 25 km of the annotated point | ≥ 90% | {r['point_25km']:.1%} |",
            f"| resolved within 161 km of the annotated point | (Mordecai 3: 96.6%) | {r['point_161km']:.1%} |",
            f"| within 25 km of the chosen place's extent (areas count as areas) | | {r['extent_25km']:.1%} |",
            f"| within 161 km of the chosen place's extent | | {r['extent_161km']:.1%} |",
            f"| documents per second (one core; gazetteer load {r['gazetteer_load_seconds']:.2f} s apart) "
            f"| | {r['documents_per_second']:.0f} |",
            "",
            f"Resolution is measured on the {r['resolved_with_gold_point']} correctly found mentions whose annotated "
            f"place has coordinates. Recall by kind of place: {kinds}. Within 25 km of the annotated point, by kind "
            f"(mentions): {within}.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args(argv)
    results = bench()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "places_results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    table = render(results)
    print(table)
    if not args.no_readme:
        write_readme_section("bench-places", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
