"""The place commands of the ``rasid`` command line: build the gazetteer, list a document's
places, export the store's places as GeoJSON."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasid.cli import EXIT_OK, _database, expand_paths, report_failures
from rasid.config import Settings
from rasid.errors import ConfigurationError, InputError
from rasid.ingest import DEFAULT_READ_CONFIG
from rasid.model import Document
from rasid.pipeline import read_document
from rasid.places.gazetteer import DEFAULT_GAZETTEER, Gazetteer, load_gazetteer
from rasid.places.gazetteer_build import build_gazetteer
from rasid.places.geojson import feature_collection, mention_feature, sentence_text
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.textio import write_output


def add_place_commands(commands: Any) -> None:
    """Register ``places``, ``export-places`` and ``build-gazetteer``."""
    places = commands.add_parser("places", help="print the places a document names")
    places.add_argument(
        "paths", nargs="+", help="PDF, HTML or text files (folders are read recursively), or - for standard input"
    )
    output = places.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object per file: source and place mentions")
    output.add_argument("--geojson", action="store_true", help="a GeoJSON FeatureCollection of every mention")
    places.add_argument(
        "--min-confidence", type=float, default=None, help="leave out mentions less likely than this (0 to 1)"
    )
    places.add_argument("--model", type=Path, default=None, help="language model directory")
    places.set_defaults(handler=run_places)

    export = commands.add_parser("export-places", help="write the stored documents' places as GeoJSON")
    export.add_argument("--db", default=None, help="database URL (default: RASID_DATABASE_URL or the SQLite file)")
    export.add_argument("-o", "--output", type=Path, default=None, help="write to this file (atomically)")
    export.set_defaults(handler=run_export_places)

    build = commands.add_parser("build-gazetteer", help="build the gazetteer from GeoNames and the supplement")
    build.add_argument("geonames", type=Path, help="folder with cities500.txt.xz and admin1CodesASCII.txt.xz")
    build.add_argument("supplement", type=Path, help="the curated supplement (data/gazetteer/supplement.tsv)")
    build.add_argument(
        "--corpus", type=Path, nargs="*", default=[], help="news text to learn how names are used (.xz allowed)"
    )
    build.add_argument("--out", type=Path, default=None, help=f"output file (default: {DEFAULT_GAZETTEER.name})")
    build.set_defaults(handler=run_build_gazetteer)


def run_places(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid places``: the places each file names; failures are listed at the end."""

    if args.min_confidence is not None and not 0 <= args.min_confidence <= 1:
        raise ConfigurationError("--min-confidence must be between 0 and 1")
    model = load_language_model(args.model or settings.model_dir)
    gazetteer = load_gazetteer(settings.gazetteer)
    files = expand_paths(args.paths)
    failures: list[tuple[Path, str]] = []
    features: list[dict[str, Any]] = []
    for number, path in enumerate(files):
        try:
            if str(path) == "-":
                document = _read_standard_input(model, gazetteer)
            else:
                document = read_document(path, model, gazetteer=gazetteer)
        except InputError as error:
            failures.append((path, error.reason))
            continue
        mentions = [m for m in document.places if args.min_confidence is None or m.confidence >= args.min_confidence]
        if args.geojson:
            source = {"source": document.source_id, "title": document.extraction.title}
            features.extend(mention_feature(m, sentence_text(document.text, m), source) for m in mentions)
        elif args.json:
            print(
                json.dumps(
                    {"source": document.source_id, "places": [m.to_json() for m in mentions]}, ensure_ascii=False
                )
            )
        else:
            if len(files) > 1:
                print(f"{'' if number == 0 else chr(10)}==> {path} <==")
            if not mentions:
                print("(no places)")
            for mention in mentions:
                place = mention.place
                where = f"{place.lat:.4f},{place.lon:.4f}"
                print(
                    f"{mention.start:>6}-{mention.end:<6} {mention.surface}\t{place.name} ({place.name_en}, "
                    f"{place.kind}, {place.country or '-'})\t{where}\t{mention.confidence:.2f}"
                )
    if args.geojson:
        print(json.dumps(feature_collection(features), ensure_ascii=False))
    return report_failures(failures, len(files))


def _read_standard_input(model: LanguageModel, gazetteer: Gazetteer) -> Document:
    """The text piped in, read as a text file would be (encoding found, limits applied)."""
    with tempfile.TemporaryDirectory(prefix="rasid-stdin-") as folder:
        spooled = Path(folder) / "stdin.txt"
        with spooled.open("wb") as handle:
            # One byte past the size limit is enough for the reader to refuse it by name.
            handle.write(sys.stdin.buffer.read(DEFAULT_READ_CONFIG.max_bytes + 1))
        return read_document(spooled, model, gazetteer=gazetteer, source_id="-")


def run_export_places(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid export-places``: every stored place mention as a GeoJSON feature."""

    repository = _database(args, settings)

    def pieces() -> Iterator[str]:
        # Streamed: a large store never sits in memory as one JSON document.
        yield '{"type": "FeatureCollection", "features": ['
        for number, stored in enumerate(repository.mentions()):
            document = {"id": stored.document.id, "source": stored.document.source, "title": stored.document.title}
            feature = mention_feature(stored.mention, stored.sentence, document)
            yield ("," if number else "") + "\n" + json.dumps(feature, ensure_ascii=False)
        yield "\n]}\n"

    try:
        write_output(args.output, pieces())
    finally:
        repository.close()
    return EXIT_OK


def run_build_gazetteer(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid build-gazetteer``: build the gazetteer file."""
    out = args.out or settings.gazetteer
    report = build_gazetteer(
        args.geonames,
        args.supplement,
        out,
        args.corpus,
        progress=lambda message: print(f"rasid: {message}", file=sys.stderr, flush=True),
    )
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in report.kinds.most_common())
    print(
        f"rasid: gazetteer written to {out}: {report.places:,} places ({kinds}), {report.names:,} names, "
        f"in {report.seconds:.1f} s",
        file=sys.stderr,
    )
    return EXIT_OK
