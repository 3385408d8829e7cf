"""The ``rasid`` command line: a thin shell over the library.

Each command parses its arguments, builds config values, calls one library
function and prints the result. Errors are turned into a one-line message and
an exit code in one place (:func:`main`):

* 0: success
* 1: the input or the pipeline failed (bad file, missing model, ...)
* 2: the command line itself was wrong (argparse)
* 70: a bug in rasid (set ``RASID_DEBUG=1`` to see the traceback)
* 130: interrupted
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import socket
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rasid.collection import CollectionReport, add_files, refresh_places
from rasid.config import ENVIRONMENT, Settings, load_settings
from rasid.errors import ConfigurationError, InputError, PipelineError
from rasid.ingest import DEFAULT_READ_CONFIG, ReadConfig
from rasid.model import Diagnosis, Edit, RepairResult
from rasid.pipeline import read_document
from rasid.places.gazetteer import load_gazetteer
from rasid.repair.damage import PROFILES, damage_text, parse_profile
from rasid.repair.detect import GlyphLossReport, parse_glyph_classes
from rasid.repair.language_model import load_language_model
from rasid.repair.model_build import build_language_model
from rasid.repair.pipeline import hold_back, repair_chunks, repair_text
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG, RULE_ORDER, RepairConfig
from rasid.repair.word_list import NO_WORD_LIST, WORDFREQ, read_word_list
from rasid.store import Repository, open_repository
from rasid.textio import TextInput, open_text_input, write_atomically, write_output

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BUG = 70
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace, Settings], int]


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="-", help="UTF-8 text file, or - for standard input (default)")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help="refuse inputs larger than this many bytes (default: RASID_MAX_BYTES or 1 GiB)",
    )


def _add_repair_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lost",
        default=None,
        metavar="CLASSES",
        help="comma-separated glyph classes known to be lost (e.g. kaf.medial,yeh.final); "
        "skips detection. Use --lost '' to assert that nothing is lost",
    )
    parser.add_argument(
        "--rules",
        default=None,
        metavar="RULES",
        help=f"comma-separated rules to run (default: all): {', '.join(RULE_ORDER)}",
    )
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        help="language model directory (default: RASID_MODEL_DIR or the one `make model` builds)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``rasid`` command."""
    parser = argparse.ArgumentParser(prog="rasid", description="Repair and read Arabic conflict reporting.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    repair = commands.add_parser("repair", help="repair damaged Arabic text (lost glyphs, order, wrapping, ...)")
    _add_input(repair)
    _add_repair_options(repair)
    repair.add_argument("--json", action="store_true", help="print {text, edits, diagnosis} as JSON")
    repair.add_argument("--summary", action="store_true", help="also print a summary of the edits to stderr")
    repair.add_argument(
        "--min-confidence",
        type=float,
        default=None,
        metavar="P",
        help="apply only the word restorations and run reorderings (restore_glyphs, reorder_runs) at "
        "least this sure (0 to 1); the others are left out of the text and listed under held_back in --json",
    )
    repair.add_argument(
        "-o", "--output", type=Path, default=None, help="write to this file (atomically) instead of standard output"
    )
    repair.set_defaults(handler=run_repair)

    diagnose = commands.add_parser("diagnose", help="report what damage a text has, with evidence")
    _add_input(diagnose)
    _add_repair_options(diagnose)
    diagnose.add_argument("--json", action="store_true", help="print the diagnosis as JSON")
    diagnose.set_defaults(handler=run_diagnose)

    damage = commands.add_parser("damage", help="damage clean text the way broken PDF extraction does")
    _add_input(damage)
    damage.add_argument(
        "--profile",
        default="seed",
        help=f"damage profile: {', '.join(PROFILES)}, or classes:<class>,<class> (default: seed)",
    )
    damage.add_argument("--seed", type=int, default=0, help="random seed for scrambling (default 0)")
    damage.add_argument("-o", "--output", type=Path, default=None, help="write to this file instead of stdout")
    damage.set_defaults(handler=run_damage)

    read = commands.add_parser("read", help="read PDFs, web pages and text files into clean text")
    read.add_argument("paths", nargs="+", help="files or folders (folders are read recursively)")
    read.add_argument(
        "--json",
        action="store_true",
        help="print JSON (pages, blocks, recovered glyphs, edits, diagnosis); one object per line",
    )
    read.add_argument("--ocr", action="store_true", help="read image-only PDF pages with Tesseract")
    read.add_argument("--ocr-language", default="ara", help="Tesseract language(s) for --ocr (default: ara)")
    read.add_argument("--max-pages", type=int, default=None, help="refuse PDFs with more pages (default 2000)")
    read.add_argument("--max-bytes", type=int, default=None, help="refuse larger files (default 200 MB)")
    read.add_argument("--timeout", type=float, default=None, help="seconds allowed per PDF (default 600)")
    read.add_argument("--model", type=Path, default=None, help="language model directory")
    read.set_defaults(handler=run_read)

    ingest = commands.add_parser("ingest", help="read, repair and store files in the database")
    ingest.add_argument("paths", nargs="*", help="files, folders (read recursively) or glob patterns")
    ingest.add_argument("--db", default=None, help="database URL (default: RASID_DATABASE_URL or the SQLite file)")
    ingest.add_argument("--ocr", action="store_true", help="read image-only PDF pages with Tesseract")
    ingest.add_argument("--ocr-language", default="ara", help="Tesseract language(s) for --ocr (default: ara)")
    ingest.add_argument("--max-pages", type=int, default=None, help="refuse PDFs with more pages (default 2000)")
    ingest.add_argument("--max-bytes", type=int, default=None, help="refuse larger files (default 200 MB)")
    ingest.add_argument("--timeout", type=float, default=None, help="seconds allowed per PDF (default 600)")
    ingest.add_argument("--model", type=Path, default=None, help="language model directory")
    ingest.add_argument("--no-places", action="store_true", help="do not look for the places documents name")
    ingest.add_argument(
        "--refresh-places",
        action="store_true",
        help="find the places of every stored document again (after the gazetteer changed); no PATH needed",
    )
    ingest.set_defaults(handler=run_ingest)

    search = commands.add_parser("search", help="search the stored documents (Arabic-aware)")
    search.add_argument("query", help='words and "quoted phrases"')
    search.add_argument("--db", default=None, help="database URL (default: RASID_DATABASE_URL or the SQLite file)")
    search.add_argument("--limit", type=int, default=10, help="results to show (default 10)")
    search.add_argument("--json", action="store_true", help="print the results as JSON")
    search.set_defaults(handler=run_search)

    serve = commands.add_parser("serve", help="serve the web page and the JSON API")
    serve.add_argument("--db", default=None, help="database URL (default: RASID_DATABASE_URL or the SQLite file)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: only this machine)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--model", type=Path, default=None, help="language model directory")
    serve.set_defaults(handler=run_serve)

    from rasid.cli_places import add_place_commands

    add_place_commands(commands)

    build = commands.add_parser("build-model", help="build the repair language model from a corpus")
    build.add_argument(
        "corpus",
        nargs="+",
        type=Path,
        help="text files (one paragraph per line; .xz/.gz/.bz2 allowed) or folders of them",
    )
    build.add_argument("--out", type=Path, default=None, help="model directory (default: RASID_MODEL_DIR)")
    build.add_argument("--min-count", type=int, default=1, help="drop words seen fewer times (default 1)")
    build.add_argument(
        "--word-list",
        default=WORDFREQ,
        metavar="wordfreq|none|FILE",
        help="words beyond the corpus for scoring unknown words: wordfreq's Arabic list (default), "
        "none, or a file of 'word<TAB>frequency' lines",
    )
    build.set_defaults(handler=run_build_model)
    return parser


def _repair_config(args: argparse.Namespace) -> RepairConfig:
    config = DEFAULT_REPAIR_CONFIG
    if args.lost is not None:
        config = replace(config, lost_classes=parse_glyph_classes(args.lost.split(",")))
    if args.rules is not None:
        config = replace(config, rules=tuple(name.strip() for name in args.rules.split(",") if name.strip()))
        config.enabled_rules()  # validate now, with the list of valid names
    return config


def _open_input(args: argparse.Namespace, settings: Settings) -> TextInput:
    max_bytes = settings.max_bytes if args.max_bytes is None else args.max_bytes
    if max_bytes <= 0:
        raise ConfigurationError("--max-bytes must be positive")
    return open_text_input(args.path, max_bytes)


def _results(
    source: TextInput, config: RepairConfig, settings: Settings, model_dir: Path
) -> Iterator[tuple[int, RepairResult]]:
    """(offset of the chunk in the input, result) for each chunk; one chunk for normal inputs."""
    model = load_language_model(model_dir)
    if source.size <= settings.chunk_chars:
        yield 0, repair_text(source.read_text(), config, model)
        return
    offset = 0
    done = 0
    for result in repair_chunks(source.iter_chunks(settings.chunk_chars), config, model):
        yield offset, result
        offset += len(result.original)
        done += len(result.original.encode("utf-8"))
        print(f"rasid: repaired {done / 1e6:.1f} of {source.size / 1e6:.1f} MB", file=sys.stderr, flush=True)


def run_repair(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid repair``: print the repaired text, or JSON with the edits and diagnosis."""
    config = _repair_config(args)
    minimum = args.min_confidence
    if minimum is not None and not 0 <= minimum <= 1:
        raise ConfigurationError("--min-confidence must be between 0 and 1")
    model_dir = args.model or settings.model_dir
    load_language_model(model_dir)  # fail on a missing model before reading anything
    source = _open_input(args, settings)
    reasons: Counter[str] = Counter()
    diagnoses: list[Diagnosis] = []
    held_back: list[Edit] = []

    def pieces() -> Iterator[str]:
        first = True
        for offset, result in _results(source, config, settings, model_dir):
            if minimum is not None:
                result, held = hold_back(result, minimum)
                held_back.extend(replace(edit, start=edit.start + offset, end=edit.end + offset) for edit in held)
            reasons.update(reason for edit in result.edits for reason in edit.reasons)
            diagnoses.append(result.diagnosis)
            if not args.json:
                yield result.text
                continue
            yield '{"text": "' if first else ""
            yield json.dumps(result.text, ensure_ascii=False)[1:-1]
            edits = [dict(edit.to_json(), start=edit.start + offset, end=edit.end + offset) for edit in result.edits]
            pending_edits.extend(edits)
            first = False
        if args.json:
            yield '", "edits": '
            yield json.dumps(pending_edits, ensure_ascii=False)
            if minimum is not None:
                yield ', "held_back": '
                yield json.dumps([edit.to_json() for edit in held_back], ensure_ascii=False)
            yield ', "diagnosis": '
            yield json.dumps(diagnoses[0].to_json() if diagnoses else None, ensure_ascii=False)
            yield "}\n"

    pending_edits: list[dict[str, object]] = []
    try:
        write_output(args.output, pieces())
    finally:
        source.discard()
    if args.summary:
        print(format_summary(reasons, diagnoses), file=sys.stderr)
        if minimum is not None:
            print(f"rasid: {len(held_back)} edit(s) held back, less sure than {minimum:g}", file=sys.stderr)
    return EXIT_OK


def format_summary(reasons: Counter[str], diagnoses: Sequence[Diagnosis]) -> str:
    """A few lines for humans: how many edits of each kind, and what was lost."""
    total = sum(reasons.values())
    lines = [
        f"rasid: {total} edit(s)"
        + (
            ": " + ", ".join(f"{count} {reason}" for reason, count in reasons.most_common())
            if total
            else "; text is clean"
        )
    ]
    report = diagnoses[0].glyph_loss if diagnoses else None
    if report is not None and report.lost:
        lines.append(
            "rasid: lost glyphs: "
            + ", ".join(f"{e.glyph_class.name} (expected {e.expected:.0f}, found {e.observed})" for e in report.lost)
        )
    return "\n".join(lines)


def format_diagnosis(name: str, diagnosis: Diagnosis) -> str:
    """The human-readable diagnosis report."""
    lines = [f"{name}: {'damaged' if diagnosis.damaged else 'no damage found'}"]
    report: GlyphLossReport | None = diagnosis.glyph_loss
    if report is not None:
        if report.lost:
            lines.append(
                f"glyph loss: {len(report.lost)} glyph class(es) lost ({report.evidence} evidence: {report.note})"
            )
            for evidence in report.lost:
                examples = ", ".join(f"{damaged}→{restored}" for damaged, restored in evidence.examples[:4])
                lines.append(
                    f"  {evidence.glyph_class.name:<28} expected {evidence.expected:6.1f}  "
                    f"observed {evidence.observed:3d}  supporting words {evidence.support:3d}  "
                    f"confidence {evidence.confidence:.4f}  e.g. {examples}"
                )
        else:
            lines.append(f"glyph loss: none found ({report.evidence} evidence: {report.note})")
        shown = report.suspicious[:3]
        for evidence in shown:
            examples = ", ".join(f"{damaged}→{restored}" for damaged, restored in evidence.examples[:3])
            lines.append(
                f"  not lost, but worth a look: {evidence.glyph_class.name} (expected "
                f"{evidence.expected:.1f}, observed {evidence.observed}, confidence "
                f"{evidence.confidence:.3f})" + (f" e.g. {examples}" if examples else "")
            )
        if shown:
            # Detection needs several words of evidence; a reader who sees the source's font did
            # lose the class can say so, and repair then takes the loss as given.
            names = [evidence.glyph_class.name for evidence in (*report.lost, *shown)]
            what = "those classes" if len(shown) > 1 else "that class"
            lines.append(
                f"  if the source's font lost {what}{' too' if report.lost else ''}, repair with: "
                f"rasid repair --lost {','.join(names)}"
            )
    other = [finding for finding in diagnosis.findings if finding.kind != "restore_glyphs"]
    if other:
        lines.append("other damage:")
        lines.extend(f"  {finding.kind}: {finding.summary} (confidence {finding.confidence:.2f})" for finding in other)
    return "\n".join(lines)


def run_diagnose(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid diagnose``: say what damage the text has, with the evidence."""
    config = _repair_config(args)
    model_dir = args.model or settings.model_dir
    load_language_model(model_dir)
    source = _open_input(args, settings)
    try:
        _, result = next(
            _results(
                source, config, replace(settings, chunk_chars=max(settings.chunk_chars, source.size + 1)), model_dir
            )
        )
    finally:
        source.discard()
    if args.json:
        print(json.dumps(result.diagnosis.to_json(), ensure_ascii=False, indent=1))
    else:
        print(format_diagnosis(source.name, result.diagnosis))
    return EXIT_OK


def run_damage(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid damage``: apply a damage profile to clean text."""
    profile = replace(parse_profile(args.profile), seed=args.seed)
    source = _open_input(args, settings)
    try:
        damaged = damage_text(source.read_text(), profile)
    finally:
        source.discard()
    if args.output is not None:
        write_atomically(args.output, iter([damaged]))
    else:
        sys.stdout.write(damaged)
    return EXIT_OK


def expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files named on the command line, folders expanded to the files inside them (sorted)."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


def _read_config(args: argparse.Namespace) -> ReadConfig:
    config = DEFAULT_READ_CONFIG
    pdf = replace(config.pdf, ocr=args.ocr, ocr_language=args.ocr_language)
    if args.max_pages is not None:
        pdf = replace(pdf, max_pages=args.max_pages)
    config = replace(config, pdf=pdf)
    if args.max_bytes is not None:
        config = replace(config, max_bytes=args.max_bytes)
    if args.timeout is not None:
        config = replace(config, timeout_seconds=args.timeout)
    return config


def run_read(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid read``: print the clean text of each file; failures are listed at the end."""
    config = _read_config(args)
    model = load_language_model(args.model or settings.model_dir)
    files = expand_paths(args.paths)
    failures: list[tuple[Path, str]] = []
    for number, path in enumerate(files):
        try:
            document = read_document(path, model, config)
        except InputError as error:
            failures.append((path, error.reason))
            continue
        if args.json:
            print(json.dumps(document.to_json(), ensure_ascii=False))
        else:
            if len(files) > 1:
                print(f"{'' if number == 0 else chr(10)}==> {path} <==")
            print(document.text)
            for note in document.extraction.notes:
                print(f"rasid: {path}: {note}", file=sys.stderr)
    return report_failures(failures, len(files))


def report_failures(failures: Sequence[tuple[Path, str]], total: int) -> int:
    """List the files that could not be read, at the end of a run over several; the exit code."""
    if not failures:
        return EXIT_OK
    print(f"rasid: {len(failures)} of {total} file(s) could not be read:", file=sys.stderr)
    for path, reason in failures:
        print(f"rasid: error: {path}: {reason}", file=sys.stderr)
    return EXIT_ERROR


def expand_sources(patterns: Sequence[str]) -> list[Path]:
    """Files from paths, folders and glob patterns (``"reports/**/*.pdf"``), in a stable order."""
    files: list[Path] = []
    for pattern in patterns:
        if any(char in pattern for char in "*?[") and not Path(pattern).exists():
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                files.append(Path(pattern))  # reported as missing, like any other bad path
            files.extend(expand_paths([match for match in matches]))
        else:
            files.extend(expand_paths([pattern]))
    return list(dict.fromkeys(files))


class ProgressBar:
    """A progress line on stderr: redrawn in place on a terminal, every 50 files otherwise."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.began = time.monotonic()

    def __call__(self, number: int, total: int, path: Path) -> None:
        if self.interactive:
            width = 30
            filled = width * number // max(total, 1)
            elapsed = time.monotonic() - self.began
            remaining = elapsed / max(number - 1, 1) * (total - number + 1) if number > 1 else 0.0
            line = (
                f"\r[{'#' * filled}{'.' * (width - filled)}] {number}/{total} ~{remaining:.0f}s left  {path.name[:40]}"
            )
            self.stream.write(line.ljust(100)[:100])
            if number == total:
                self.stream.write("\n")
            self.stream.flush()
        elif number == 1 or number % 50 == 0 or number == total:
            print(f"rasid: {number}/{total} {path}", file=self.stream, flush=True)


def _database(args: argparse.Namespace, settings: Settings) -> Repository:
    url = args.db or settings.database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return open_repository(url)


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid ingest``: read, repair and store each file; one transaction per document."""
    config = _read_config(args)
    if not args.paths and not args.refresh_places:
        raise ConfigurationError("name the files to store (or pass --refresh-places)")
    if args.no_places and args.refresh_places:
        raise ConfigurationError("--no-places and --refresh-places contradict each other")
    model = load_language_model(args.model or settings.model_dir)
    gazetteer = None if args.no_places else load_gazetteer(settings.gazetteer)
    repository = _database(args, settings)
    files = expand_sources(args.paths)
    report = CollectionReport()
    try:
        report = add_files(files, repository, model, config, progress=ProgressBar(), gazetteer=gazetteer)
        if args.refresh_places and gazetteer is not None:
            bar = ProgressBar()
            mentions = refresh_places(
                repository, gazetteer, lambda number, total, document: bar(number, total, Path(f"document {document}"))
            )
            print(f"rasid: found {mentions} place mention(s) in the stored documents", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"rasid: interrupted; {repository.count()} documents are stored, none half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        repository.close()
    print(
        f"rasid: stored {len(report.stored)} new document(s), {len(report.already_stored)} already stored, "
        f"{len(report.failures)} failed",
        file=sys.stderr,
    )
    for path, reason in report.failures:
        print(f"rasid: error: {path}: {reason}", file=sys.stderr)
    return EXIT_ERROR if report.failures else EXIT_OK


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid search``: ranked documents with highlighted snippets."""
    if args.limit < 1:
        raise ConfigurationError("--limit must be at least 1")
    repository = _database(args, settings)
    try:
        page = repository.search(args.query, limit=args.limit)
    finally:
        repository.close()
    if args.json:
        print(
            json.dumps(
                {
                    "query": args.query,
                    "total": page.total,
                    "items": [
                        {
                            "id": hit.summary.id,
                            "source": hit.summary.source,
                            "title": hit.summary.title,
                            "score": hit.score,
                            "snippet": hit.snippet,
                        }
                        for hit in page.items
                    ],
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    interactive = sys.stdout.isatty()
    start, end = ("\033[1;33m", "\033[0m") if interactive else ("[[", "]]")
    print(f"{page.total} document(s) match")
    for hit in page.items:
        print(f"\n#{hit.summary.id} {hit.summary.title or hit.summary.source}  ({hit.summary.source})")
        print("  " + hit.snippet.replace("[[", start).replace("]]", end))
    return EXIT_OK


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid serve``: the web page and the API on localhost."""
    import uvicorn

    from rasid.web.app import create_app

    if not 0 < args.port < 65536:
        raise ConfigurationError(f"--port must be between 1 and 65535, not {args.port}")
    check_port_free(args.host, args.port)
    model = load_language_model(args.model or settings.model_dir)
    gazetteer = load_gazetteer(settings.gazetteer)
    repository = _database(args, settings)
    app = create_app(repository, model, gazetteer=gazetteer)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"rasid: serving {repository.count()} documents at http://{host}:{args.port}/ (Ctrl-C to stop)", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        repository.close()
    return EXIT_OK


def check_port_free(host: str, port: int) -> None:
    """Fail with a clear message, before loading anything, when the address cannot be listened on.

    Raises:
        ConfigurationError: the port is taken or the host is not an address of this machine.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ConfigurationError(f"cannot listen on {host!r}: {error.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise ConfigurationError(
                f"cannot listen on {host}:{port}: {error.strerror}; is another server running? choose one with --port"
            ) from None


def run_build_model(args: argparse.Namespace, settings: Settings) -> int:
    """``rasid build-model``: build the repair model from a corpus."""
    out = args.out or settings.model_dir
    word_list = None if args.word_list == NO_WORD_LIST else read_word_list(args.word_list)
    report = build_language_model(
        args.corpus,
        out,
        min_count=args.min_count,
        word_list=word_list,
        progress=lambda message: print(f"rasid: {message}", file=sys.stderr, flush=True),
    )
    print(
        f"rasid: model written to {out}: {report.vocabulary:,} words, {report.bigrams:,} bigrams, "
        f"{report.trigrams:,} trigrams from {report.tokens:,} tokens in {report.seconds:.0f} s",
        file=sys.stderr,
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``rasid`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        handler: Handler = args.handler
        return handler(args, settings)
    except PipelineError as error:
        print(f"rasid: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("rasid: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # the one place a bug becomes a message instead of a traceback
        if os.environ.get("RASID_DEBUG"):
            raise
        print(
            f"rasid: internal error: {type(error).__name__}: {error}. This is a bug in rasid; "
            "rerun with RASID_DEBUG=1 to see where it happened, and please report it.",
            file=sys.stderr,
        )
        return EXIT_BUG


def main_entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())


__all__ = ["ENVIRONMENT", "build_parser", "main", "main_entry"]
