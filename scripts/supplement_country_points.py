"""Give the supplement's country rows the countries' published reference points.

A country is an area, and any point chosen for it is a convention. The gazetteer first used the
pole of inaccessibility of each country's largest polygon. This script replaces it with the
reference point that gazetteers and news geoparsing corpora commonly use: the CIA World
Factbook's "geographic coordinates" (Syria 35N 38E, Iraq 33N 44E, Yemen 15N 48E), as listed
in the `latlng` field of the npm package world-countries (ODbL 1.0). A correctly resolved
country is then at the point other datasets give it. Each row keeps its bbox, which is what the
map draws. A point that falls outside its bbox is reported, and that row is left as it was.

Get the input with::

    npm pack world-countries@5.1.0 && tar xzf world-countries-5.1.0.tgz

and run::

    python scripts/supplement_country_points.py package/countries.json
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUPPLEMENT = ROOT / "data" / "gazetteer" / "supplement.tsv"
PACKAGE = "world-countries 5.1.0"


def _source(old: str) -> str:
    bbox_source = old.split(" (", 1)[0]  # "Natural Earth 1:50m admin-0 via npm world-atlas 2.0.2 countries-50m.json"
    return (
        f"point: CIA World Factbook geographic coordinates, from the latlng of npm {PACKAGE} (ODbL 1.0); "
        f"bbox: {bbox_source} (main territory)"
    )


def update(rows: list[dict[str, str]], points: dict[str, tuple[float, float]]) -> list[str]:
    """Set the point of every country row that has one in ``points``; returns the problems."""
    problems = []
    for row in rows:
        if row["feature"] != "country":
            continue
        point = points.get(row["country"])
        if point is None:
            problems.append(f"{row['id']}: {row['country']} not in {PACKAGE}; left as it was")
            continue
        lat, lon = point
        west, south, east, north = (float(part) for part in row["bbox"].split(","))
        if not (south <= lat <= north and west <= lon <= east):
            problems.append(f"{row['id']}: {lat},{lon} outside bbox {row['bbox']}; left as it was")
            continue
        if row["source"].startswith("point: CIA World Factbook"):
            continue  # already converted; the source names its bbox already
        row["lat"], row["lon"] = f"{lat:.4f}", f"{lon:.4f}"
        row["source"] = _source(row["source"])
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("countries_json", type=Path, help="countries.json of the npm package world-countries")
    args = parser.parse_args(argv)
    countries = json.loads(args.countries_json.read_text(encoding="utf-8"))
    points = {country["cca2"]: (float(country["latlng"][0]), float(country["latlng"][1])) for country in countries}
    with SUPPLEMENT.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    problems = update(rows, points)
    partial = SUPPLEMENT.with_suffix(".tsv.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    partial.replace(SUPPLEMENT)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
