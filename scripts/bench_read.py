"""Measure reading PDFs and write the README's reading table.

Usage: python scripts/bench_read.py [--no-readme]

The fixtures are made the way the tests make them: articles typeset by WeasyPrint
(HarfBuzz shaping, the Amiri font), then damaged at the PDF level with pikepdf.
Word accuracy is measured against the text that was typeset. Speed is pages per
second of text PDFs on one core, parsing in-process (the default isolation adds
one child process per file) and, for scale, PDFium's own text extraction
(pypdfium2), the fastest extractor at hand.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench_common import machine, write_readme_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from ingest.conftest import OTHER_LOSS, SECOND_ARTICLE, SEED_LOSS, SEED_READING, TITLE  # noqa: E402
from rasid.ingest import DEFAULT_READ_CONFIG, ReadConfig  # noqa: E402
from rasid.ingest.glyph_recovery import RecoveryConfig  # noqa: E402
from rasid.ingest.pdf import read_pdf  # noqa: E402
from rasid.ingest.pdf_damage import (  # noqa: E402
    article_html,
    drop_glyph_mappings,
    image_only,
    presentation_form_layer,
    render_pdf,
)
from rasid.pipeline import read_document  # noqa: E402
from rasid.repair.language_model import load_language_model  # noqa: E402


def word_accuracy(produced: str, expected: str) -> float:
    words = expected.split()
    matcher = difflib.SequenceMatcher(a=words, b=produced.split(), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(words)


def bench(folder: Path) -> dict[str, object]:
    model = load_language_model()
    one = render_pdf(article_html(TITLE, SEED_READING, columns=1))
    two = render_pdf(article_html(TITLE, SEED_READING + SEED_READING[:2], columns=2))
    second = render_pdf(article_html(TITLE, SECOND_ARTICLE, columns=1))
    decipher_only = replace(
        DEFAULT_READ_CONFIG,
        pdf=replace(DEFAULT_READ_CONFIG.pdf, recovery=RecoveryConfig(use_glyph_names=False, use_reference_fonts=False)),
    )
    with_ocr = replace(DEFAULT_READ_CONFIG, pdf=replace(DEFAULT_READ_CONFIG.pdf, ocr=True))
    seed_text = "\n".join([TITLE, *SEED_READING])
    second_text = "\n".join([TITLE, *SECOND_ARTICLE])
    cases = [
        ("clean one-column article", one, seed_text, DEFAULT_READ_CONFIG),
        ("two-column newspaper page", two, "\n".join([TITLE, *SEED_READING, *SEED_READING[:2]]), DEFAULT_READ_CONFIG),
        (
            "ToUnicode lacks medial kaf, final yeh, final alef maksura",
            drop_glyph_mappings(one, SEED_LOSS)[0],
            seed_text,
            DEFAULT_READ_CONFIG,
        ),
        (
            "ToUnicode lacks medial heh, final teh marbuta, initial meem",
            drop_glyph_mappings(second, OTHER_LOSS)[0],
            second_text,
            DEFAULT_READ_CONFIG,
        ),
        ("text layer in presentation forms", presentation_form_layer(one)[0], seed_text, DEFAULT_READ_CONFIG),
        (
            "seed's lost glyphs, decipherment alone (no font help)",
            drop_glyph_mappings(one, SEED_LOSS)[0],
            seed_text,
            decipher_only,
        ),
        ("image-only page, --ocr (Tesseract)", image_only(second), second_text, with_ocr),
    ]
    rows = []
    for name, data, expected, config in cases:
        path = folder / f"{len(rows)}.pdf"
        path.write_bytes(data)
        document = read_document(path, model, config)
        rows.append(
            {
                "fixture": name,
                "word_accuracy": round(100 * word_accuracy(document.text, expected), 2),
                "pages": len(document.extraction.pages),
            }
        )
        print(rows[-1], flush=True)
    order = read_document(folder / "1.pdf", model).text.split("\n") == [TITLE, *SEED_READING, *SEED_READING[:2]]

    # Speed: a 24-page article (the two texts, alternating, in two columns).
    long = render_pdf(article_html(TITLE, (SEED_READING + SECOND_ARTICLE) * 9, columns=2))
    pages = len(read_pdf(long, "long", model, DEFAULT_READ_CONFIG.pdf).pages)
    began = time.perf_counter()
    rounds = 3
    for _ in range(rounds):
        read_pdf(long, "long", model, DEFAULT_READ_CONFIG.pdf)
    ours = rounds * pages / (time.perf_counter() - began)
    path = folder / "long.pdf"
    path.write_bytes(long)
    began = time.perf_counter()
    read_document(path, model, DEFAULT_READ_CONFIG)
    isolated = pages / (time.perf_counter() - began)
    import pypdfium2

    began = time.perf_counter()
    for _ in range(rounds):
        document = pypdfium2.PdfDocument(long)
        for page in document:
            page.get_textpage().get_text_range()
    pdfium = (time.perf_counter() - began) * 1000 / (rounds * pages)
    return {
        "machine": machine(cores=False),
        "fixtures": rows,
        "two_column_order_correct": order,
        "pages": pages,
        "pages_per_second": round(ours, 1),
        "pages_per_second_isolated": round(isolated, 1),
        "pdfium_ms_per_page": round(pdfium, 2),
        "read_config": ReadConfig().__class__.__name__,
    }


def render_table(results: dict[str, object]) -> str:
    rows: list[dict[str, object]] = results["fixtures"]  # type: ignore[assignment]
    lines = [
        f"Measured by `make bench` (`scripts/bench_read.py`) on {results['machine']}, one core. Fixtures are "
        "typeset by WeasyPrint with the Amiri font and damaged with pikepdf, as in the tests.",
        "",
        "| PDF fixture | word accuracy (target ≥ 99.5%) |",
        "| --- | ---: |",
    ]
    lines += [f"| {row['fixture']} | {row['word_accuracy']:.2f}% |" for row in rows]
    lines += [
        "",
        f"Reading order on the two-column page: {'correct' if results['two_column_order_correct'] else 'WRONG'}. "
        f"Speed on a {results['pages']}-page two-column article: {results['pages_per_second']} pages/s parsing "
        f"in-process (target ≥ 20), {results['pages_per_second_isolated']} pages/s through `rasid read` with the "
        f"child-process limits; PDFium's plain text extraction takes {results['pdfium_ms_per_page']} ms per page "
        "on the same file, for scale.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "read_results.json")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        results = bench(Path(folder))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    table = render_table(results)
    print(table)
    if not args.no_readme:
        write_readme_section("bench-read", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
