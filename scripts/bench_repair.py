"""Measure repair on the held-out news split and write the README's figures table.

Usage: python scripts/bench_repair.py --heldout ../shared/data/news/heldout.txt.xz [--limit N]

For each damage profile every held-out article is damaged with ``rasid.damage``
(glyph loss only, so that word i of the damaged text is word i of the
original), repaired by the full pipeline (detection included), and compared
word by word with the original. The same articles repaired with the lost
classes given ("known loss") isolate restoration from detection. Baselines:
no-op, and the most frequent candidate regardless of context. Clean articles
measure false changes. Speed is words per second of the whole pipeline on one
core, for text with the seed's damage. The held-out split is only read here;
nothing is tuned on it.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import itertools
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from bench_common import machine, write_readme_section

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from rasid.repair.calibration import (
    EditOutcome,
    calibration_bands,
    edit_outcomes,
    expected_calibration_error,
    log_loss,
)
from rasid.repair.corpus import iter_articles
from rasid.repair.damage import (
    PROFILES,
    SWEEP_MIN_RATE,
    TUNED_PROFILES,
    UNTUNED_PROFILES,
    lose_glyphs,
    scramble_runs,
    sweep_profiles,
    wrap_paragraph,
)
from rasid.repair.detect import GlyphLossReport
from rasid.repair.edits import apply_edits
from rasid.repair.language_model import LanguageModel, default_model_dir, load_language_model
from rasid.repair.pipeline import repair_text
from rasid.repair.restore import REASON, TRIGRAM_WEIGHTS, Restorer
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG, RULE_ORDER
from rasid.repair.runs import reorder_runs
from rasid.repair.shaping import GlyphClass, drop_glyphs
from rasid.repair.tokens import iter_tokens
from rasid.repair.wrap import JOIN_AFTER_SENTENCE_CONFIDENCE, JOIN_CONFIDENCE, LAYOUT_CONFIDENCE, rejoin_lines

ROOT = Path(__file__).resolve().parents[1]
GLYPH_PROFILES = TUNED_PROFILES + UNTUNED_PROFILES
TARGETS = {name: 98.0 if name == "seed-glyphs" else 97.0 for name in GLYPH_PROFILES}


class Tally:
    """Word-level counts for one way of repairing one profile."""

    def __init__(self) -> None:
        self.damaged = self.restored = self.undamaged = self.changed = self.words = 0

    def add(self, original: str, damaged: str, repaired: str) -> None:
        originals, damages, repairs = original.split(" "), damaged.split(" "), repaired.split(" ")
        if len(repairs) != len(originals):
            # A rule changed the spacing: count every word of the article as wrong.
            repairs = [""] * len(originals)
        for before, after, result in zip(originals, damages, repairs, strict=True):
            if not before:
                continue
            self.words += 1
            if before != after:
                self.damaged += 1
                self.restored += result == before
            else:
                self.undamaged += 1
                self.changed += result != before

    def restored_share(self) -> float:
        return 100.0 * self.restored / max(self.damaged, 1)

    def changed_share(self) -> float:
        return 100.0 * self.changed / max(self.undamaged, 1)

    def wrong_share(self) -> float:
        """Words wrong after repair, damaged or not, as a share of all words."""
        return 100.0 * (self.damaged - self.restored + self.changed) / max(self.words, 1)


def changed_word_count(original: str, repaired: str) -> int:
    """Words of ``original`` that ``repaired`` changed (all of them if the spacing moved)."""
    originals, repairs = original.split(" "), repaired.split(" ")
    if len(originals) != len(repairs):
        return len(originals)
    return sum(a != b for a, b in zip(originals, repairs, strict=True))


def most_frequent_candidate(damaged: str, restorer: Restorer, model: LanguageModel) -> str:
    """Baseline: every token becomes its most frequent candidate, ignoring context."""
    pieces: list[str] = []
    position = 0
    for token in iter_tokens(damaged):
        if token.kind != "word":
            continue
        candidates = restorer.candidates(token.key)
        best = max(candidates, key=lambda c: model.count(c.key)).key if candidates else token.key
        pieces.append(damaged[position : token.start])
        pieces.append(best)
        position = token.end
    pieces.append(damaged[position:])
    return "".join(pieces)


def bench(heldout: Path, limit: int | None, model_dir: Path | None = None) -> dict[str, object]:
    began = time.perf_counter()
    load_language_model.cache_clear()
    model = load_language_model(model_dir or default_model_dir())
    load_seconds = time.perf_counter() - began
    articles = ["\n".join(paragraphs) for paragraphs in iter_articles([heldout])]
    if limit:
        articles = articles[:limit]
    words = sum(len(article.split()) for article in articles)
    print(f"{len(articles)} held-out articles, {words:,} words; model loaded in {load_seconds:.2f} s", flush=True)
    results: dict[str, object] = {
        "machine": machine(system=True),
        "articles": len(articles),
        "words": words,
        "model_load_seconds": round(load_seconds, 2),
        "profiles": {},
    }

    # First-use costs, measured once so that the speed figures below exclude them.
    seed_lost = PROFILES["seed-glyphs"].lost
    began = time.perf_counter()
    repair_text(lose_glyphs(articles[0], seed_lost), DEFAULT_REPAIR_CONFIG, model)
    results["first_repair_seconds"] = round(time.perf_counter() - began, 2)

    profiles: dict[str, dict[str, object]] = {}
    for name in GLYPH_PROFILES:
        lost: frozenset[GlyphClass] = PROFILES[name].lost
        known = replace(DEFAULT_REPAIR_CONFIG, lost_classes=lost)
        trigrams_only = replace(
            DEFAULT_REPAIR_CONFIG, restore=replace(DEFAULT_REPAIR_CONFIG.restore, weights=TRIGRAM_WEIGHTS)
        )
        detected = repair_with_detection(articles, lost, model)
        oracle, noop, trigram = Tally(), Tally(), Tally()
        for article, damaged in zip(articles, detected.damaged, strict=True):
            oracle.add(article, damaged, repair_text(damaged, known, model).text)
            trigram.add(article, damaged, repair_text(damaged, trigrams_only, model).text)
            noop.add(article, damaged, damaged)
        profiles[name] = {
            "lost": sorted(glyph_class.name for glyph_class in lost),
            **detected.row(),
            "restored_known_loss": round(oracle.restored_share(), 2),
            "undamaged_changed_known_loss": round(oracle.changed_share(), 3),
            "most_frequent_changed": round(detected.frequent.changed_share(), 3),
            "noop_restored": round(noop.restored_share(), 2),
            "trigram_restored": round(trigram.restored_share(), 2),
            "trigram_changed": round(trigram.changed_share(), 3),
            "trigram_words_wrong": round(trigram.wrong_share(), 3),
            "calibration": detected.calibration(),
        }
        print(name, profiles[name], flush=True)
    results["profiles"] = profiles

    results["sweep"] = bench_sweep(articles, model, already=[PROFILES[name].lost for name in GLYPH_PROFILES])

    results["runs"] = bench_runs(articles, model)
    print("runs", results["runs"], flush=True)
    results["rejoin"] = bench_rejoin(articles)
    print("rejoin", results["rejoin"], flush=True)
    results["seed"] = bench_seed(model)
    print("seed", results["seed"], flush=True)

    changed_words = changed_without_folding = clean_words = touched = 0
    reasons: Counter[str] = Counter()
    without_folding = replace(
        DEFAULT_REPAIR_CONFIG, rules=tuple(r for r in RULE_ORDER if r != "fold_presentation_forms")
    )
    started = time.perf_counter()
    repaired = [repair_text(article, DEFAULT_REPAIR_CONFIG, model) for article in articles]
    clean_seconds = time.perf_counter() - started
    for article, result in zip(articles, repaired, strict=True):
        touched += bool(result.edits)
        reasons.update(edit.reason for edit in result.edits)
        clean_words += len(article.split(" "))
        changed_words += changed_word_count(article, result.text)
        changed_without_folding += changed_word_count(article, repair_text(article, without_folding, model).text)
    results["clean"] = {
        "words_changed": round(100.0 * changed_words / clean_words, 4),
        "words_changed_without_folding": round(100.0 * changed_without_folding / clean_words, 4),
        "articles_touched": touched,
        "words_per_second": round(clean_words / clean_seconds),
        "edits_by_rule": dict(reasons.most_common()),
    }
    print("clean", results["clean"], flush=True)
    return results


def detected_exactly_in(article: str, lost: frozenset[GlyphClass], report: GlyphLossReport | None) -> bool:
    """Detection named every lost class the article uses and no class the damage left intact (a
    lost class the article happens not to use may be named or not)."""
    present = frozenset(c for c in lost if lose_glyphs(article, frozenset([c])) != article)
    return report is not None and present <= report.lost_classes <= lost


@dataclass
class DetectedPass:
    """One loss repaired by the whole pipeline (detection included), timed, with the
    most-frequent-candidate baseline on the same damaged articles."""

    articles: int
    damaged: list[str]
    seconds: float
    full: Tally
    frequent: Tally
    detected_exactly: int
    outcomes: list[EditOutcome]

    def row(self) -> dict[str, object]:
        """The figures every table reports for a loss."""
        return {
            "damaged_words": self.full.damaged,
            "restored": round(self.full.restored_share(), 2),
            "undamaged_changed": round(self.full.changed_share(), 3),
            "words_wrong": round(self.full.wrong_share(), 3),
            "most_frequent_restored": round(self.frequent.restored_share(), 2),
            "detected_exactly": round(100.0 * self.detected_exactly / self.articles, 1),
            "words_per_second": round(self.full.words / self.seconds),
        }

    def calibration(self) -> dict[str, object]:
        """How often the restoration edits of each confidence band were right."""
        return calibration_summary(self.outcomes)


def calibration_summary(outcomes: list[EditOutcome]) -> dict[str, object]:
    """The edits' confidence bands, calibration error and log-loss, as the results record them."""
    return {
        "bands": [band.to_json() for band in calibration_bands(outcomes)],
        "calibration_error": round(expected_calibration_error(outcomes), 4),
        "log_loss": round(log_loss(outcomes), 4),
    }


def repair_with_detection(articles: list[str], lost: frozenset[GlyphClass], model: LanguageModel) -> DetectedPass:
    """Damage every article with ``lost`` and repair it as a user would, detection included."""
    restorer = Restorer(model, lost)
    damaged_articles = [lose_glyphs(article, lost) for article in articles]
    # Speed is timed in a pass of its own, as a user repairing a folder of documents runs it;
    # the tallies below read its results. One pass only: a second over the same articles
    # would find every word's candidates already computed, and overstate the speed.
    started = time.perf_counter()
    repaired = [repair_text(damaged, DEFAULT_REPAIR_CONFIG, model) for damaged in damaged_articles]
    seconds = time.perf_counter() - started
    full, frequent = Tally(), Tally()
    detected_exactly = 0
    outcomes: list[EditOutcome] = []
    for article, damaged, result in zip(articles, damaged_articles, repaired, strict=True):
        detected_exactly += detected_exactly_in(article, lost, result.diagnosis.glyph_loss)
        outcomes.extend(edit_outcomes(article, damaged, result, REASON))
        full.add(article, damaged, result.text)
        frequent.add(article, damaged, most_frequent_candidate(damaged, restorer, model))
    return DetectedPass(len(articles), damaged_articles, seconds, full, frequent, detected_exactly, outcomes)


def bench_sweep(
    articles: list[str], model: LanguageModel, already: list[frozenset[GlyphClass]]
) -> dict[str, dict[str, object]]:
    """Every single loss of :func:`sweep_profiles` not already a profile of the main table,
    repaired by the whole pipeline (detection included), with the most-frequent-candidate
    baseline. Every swept loss is reported, whatever repair makes of it."""
    swept: dict[str, dict[str, object]] = {}
    for name, profile in sweep_profiles(model.glyph_rates).items():
        lost = profile.lost
        if lost in already:
            continue
        swept[name] = repair_with_detection(articles, lost, model).row()
        print(name, swept[name], flush=True)
    return swept


def scrambled_column(
    article: str, lost: frozenset[GlyphClass], rng: random.Random
) -> tuple[str, list[str], list[bool]]:
    """``article`` printed as a column 110 characters wide with ``lost`` glyphs dropped, one line
    in six with lost glyphs scrambled (runs reversed, as an extractor that sorts runs by x
    position emits them): the text, each line as it should read, and whether it was scrambled."""
    truth: list[str] = []
    scrambled: list[bool] = []
    lines: list[str] = []
    for paragraph in article.split("\n"):
        for line in wrap_paragraph(paragraph, 110):
            damaged = drop_glyphs(line, lost)
            mixed = scramble_runs(line, lost, 4) if rng.random() < 1 / 6 else None
            lines.append(damaged if mixed is None else mixed)
            truth.append(damaged)
            scrambled.append(mixed is not None)
    return "\n".join(lines), truth, scrambled


def line_number_at(text: str) -> Callable[[int], int]:
    """For an offset into ``text``, the number of the line it falls in."""
    starts = list(itertools.accumulate((len(line) + 1 for line in text.split("\n")), initial=0))
    return lambda offset: bisect.bisect_right(starts, offset) - 1


def bench_runs(articles: list[str], model: LanguageModel) -> dict[str, object]:
    """Run reordering: print each article as a scrambled column (:func:`scrambled_column`), and
    count how many scrambled lines come back exactly and how many lines in order are wrongly
    reordered; each reordering edit is right when its line comes back exactly."""
    lost = PROFILES["seed-glyphs"].lost
    restorer = Restorer(model, lost)
    rng = random.Random(0)
    scrambled = put_back = in_order = wrongly = 0
    outcomes: list[EditOutcome] = []
    for article in articles:
        text, truth, was_scrambled = scrambled_column(article, lost, rng)
        result = reorder_runs(text, restorer)
        line_of = line_number_at(text)
        for edit in result.edits:
            expected = truth[line_of(edit.start)].strip()
            outcomes.append(EditOutcome(edit.confidence, edit.after == expected))
        for output, expected, mixed in zip(
            apply_edits(text, result.edits).split("\n"), truth, was_scrambled, strict=True
        ):
            if mixed:
                scrambled += 1
                put_back += output == expected
            else:
                in_order += 1
                wrongly += output != expected
    return {
        "scrambled_lines": scrambled,
        "put_back": put_back,
        "lines_in_order": in_order,
        "wrongly_reordered": wrongly,
        "edits": len(outcomes),
        "edits_right": sum(outcome.right for outcome in outcomes),
        "calibration": calibration_summary(outcomes),
    }


#: The printed columns line rejoining is checked on: (width in characters, first lines indented,
#: a blank line after every this many lines or 0 for none).
REJOIN_LAYOUTS = tuple(
    (width, indent, blank_every) for width in (60, 80, 110) for indent in (False, True) for blank_every in (0, 4)
)
#: Each kind of rejoining edit, by the confidence it is given (see rasid.repair.wrap).
REJOIN_KINDS = {
    JOIN_CONFIDENCE: "a line break inside a sentence joined",
    JOIN_AFTER_SENTENCE_CONFIDENCE: "a full line that ends a sentence joined to the next",
    LAYOUT_CONFIDENCE: "whitespace between paragraphs tidied",
}


def print_as_column(paragraphs: list[str], width: int, indent: bool, blank_every: int) -> tuple[str, list[int]]:
    """``paragraphs`` printed as a column of ``width`` characters, as a PDF extractor gives it: the
    text, and the paragraph of each of its non-blank lines."""
    lines: list[str] = []
    owners: list[int] = []
    for number, paragraph in enumerate(paragraphs):
        for position, line in enumerate(wrap_paragraph(paragraph, width)):
            lines.append(" " + line if indent and position == 0 else line)
            owners.append(number)
            if blank_every and (position + 1) % blank_every == 0:
                lines.append("")
    return "\n".join(lines) + "\n", owners


def rejoin_outcomes(
    paragraphs: list[str], width: int, indent: bool, blank_every: int
) -> list[tuple[float, bool]] | None:
    """Print ``paragraphs`` as a column, rejoin it, and judge each edit between two lines: (its
    confidence, right). A join is right inside a paragraph, a break between paragraphs. Edits at
    the text's ends (an indent, trailing blank lines) join or split nothing and are left out.
    None when the column is not judged hard-wrapped."""
    text, owners = print_as_column(paragraphs, width, indent, blank_every)
    result = rejoin_lines(text)
    if not result.edits:
        return None
    # Each non-blank line's content end, in order: an edit between lines k and k + 1 starts there.
    content_ends: dict[int, int] = {}
    start = 0
    number = 0
    for line in text.split("\n"):
        if line.strip():
            content_ends[start + len(line.rstrip())] = number
            number += 1
        start += len(line) + 1
    outcomes = []
    for edit in result.edits:
        line = content_ends.get(edit.start)
        if line is None or line + 1 >= len(owners):
            continue
        same_paragraph = owners[line] == owners[line + 1]
        outcomes.append((edit.confidence, (edit.after == " ") == same_paragraph))
    return outcomes


def bench_rejoin(articles: list[str]) -> dict[str, object]:
    """Line rejoining on every article printed in each of :data:`REJOIN_LAYOUTS`: per kind of edit,
    how many were right."""
    tallies = {confidence: [0, 0] for confidence in REJOIN_KINDS}
    texts = judged = 0
    for article in articles:
        paragraphs = [paragraph for paragraph in article.split("\n") if paragraph.strip()]
        for layout in REJOIN_LAYOUTS:
            texts += 1
            outcomes = rejoin_outcomes(paragraphs, *layout)
            if outcomes is None:
                continue
            judged += 1
            for confidence, right in outcomes:
                tallies[confidence][0] += 1
                tallies[confidence][1] += right
    return {
        "texts": texts,
        "judged_wrapped": judged,
        "kinds": [
            {"kind": REJOIN_KINDS[confidence], "confidence": confidence, "edits": edits, "right": right}
            for confidence, (edits, right) in tallies.items()
        ],
    }


def bench_seed(model: LanguageModel) -> dict[str, object]:
    """The seed document against our own reading of it (tests/repair/cases/seed_expected.txt)."""
    seed = (ROOT.parent / "shared" / "seed" / "000_135ca1c0598dfef5.txt").read_text(encoding="utf-8")
    expected = (ROOT / "tests" / "repair" / "cases" / "seed_expected.txt").read_text(encoding="utf-8")
    repaired = repair_text(seed, DEFAULT_REPAIR_CONFIG, model).text
    matcher = difflib.SequenceMatcher(a=expected.split(), b=repaired.split(), autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return {"words": len(expected.split()), "words_in_place": same, "exact": repaired == expected}


def render_calibration(profiles: dict[str, dict[str, object]], shown: str = "seed-glyphs") -> list[str]:
    """The confidence bands of ``shown``'s restoration edits, and every profile's calibration error."""
    calibrated = {name: row["calibration"] for name, row in profiles.items() if "calibration" in row}
    if shown not in calibrated:
        return []
    seed: dict[str, object] = calibrated[shown]  # type: ignore[assignment]
    lines = [
        "",
        f"How far an edit's confidence can be trusted (`{shown}`, the table's repair with detection: each "
        "restoration edit is right when its word is the original's):",
        "",
        "| confidence | edits | mean confidence | right |",
        "| --- | ---: | ---: | ---: |",
    ]
    for band in seed["bands"]:  # type: ignore[attr-defined]
        closing = "]" if band["high"] == 1.0 else ")"
        lines.append(
            f"| [{band['low']:g}, {band['high']:g}{closing} | {band['edits']:,} | {band['mean_confidence']:.4f} | "
            f"{band['right']:.4f} |"
        )
    errors = ", ".join(
        f"`{name}` {row['calibration_error']:.4f}"  # type: ignore[index]
        for name, row in calibrated.items()
    )
    lines += [
        "",
        "Calibration error (the edits' mean gap between confidence and share right, in 20 bands): " + errors + ".",
    ]
    return lines


def render_runs_calibration(runs: dict[str, object]) -> str:
    """How far run reordering's confidences held (none for results from before it was measured)."""
    calibration: dict[str, object] | None = runs.get("calibration")  # type: ignore[assignment]
    if not calibration:
        return "."
    bands = "; ".join(
        f"{band['edits']:,} edits given [{band['low']:g}, {band['high']:g}): mean {band['mean_confidence']:.3f}, "
        f"right {band['right']:.3f}"
        for band in calibration["bands"]  # type: ignore[attr-defined]
    )
    return (
        f"; of its {runs['edits']:,} edits, {runs['edits_right']:,} put their line back exactly ({bands}; "
        f"calibration error {calibration['calibration_error']:.4f})."
    )


def render_rejoin(rejoin: dict[str, object] | None) -> list[str]:
    """The line-rejoining sentence of the table (none for results from before it was measured)."""
    if not rejoin:
        return []
    widths = sorted({width for width, _, _ in REJOIN_LAYOUTS})
    kinds = "; ".join(
        f"{kind['kind']} (confidence {kind['confidence']:g}): {kind['right']:,} of {kind['edits']:,} right "
        f"({100.0 * kind['right'] / max(kind['edits'], 1):.1f}%)"
        for kind in rejoin["kinds"]  # type: ignore[attr-defined]
    )
    return [
        f"Line rejoining (every article printed as a column {', '.join(map(str, widths))} characters wide, with and "
        f"without indented paragraphs and blank-line artefacts; {rejoin['judged_wrapped']:,} of {rejoin['texts']:,} "
        f"columns judged hard-wrapped): {kinds}."
    ]


def render_table(results: dict[str, object]) -> str:
    profiles: dict[str, dict[str, object]] = results["profiles"]  # type: ignore[assignment]
    clean: dict[str, object] = results["clean"]  # type: ignore[assignment]
    runs: dict[str, object] = results["runs"]  # type: ignore[assignment]
    seed: dict[str, object] = results["seed"]  # type: ignore[assignment]
    lines = [
        f"Measured by `make bench` on {results['articles']:,} held-out articles ({results['words']:,} words) "
        f"of `heldout.txt.xz`, on {results['machine']}, one core.",
        "",
        "| damage profile (lost glyph classes) | target | restored | undamaged changed | all words wrong "
        "| restored, loss known | trigram models alone | most frequent candidate | no-op | loss detected exactly "
        "| words/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in profiles.items():
        lost = ", ".join(row["lost"]) if len(row["lost"]) <= 3 else f"{len(row['lost'])} lam-alef ligature forms"  # type: ignore[arg-type]
        marker = " †" if name in UNTUNED_PROFILES else ""
        lines.append(
            f"| `{name}`{marker} ({lost}) | ≥ {TARGETS[name]:.1f}% | {row['restored']:.2f}% | "
            f"{row['undamaged_changed']:.3f}% | {row['words_wrong']:.3f}% | {row['restored_known_loss']:.2f}% | "
            f"{row['trigram_restored']:.2f}% / {row['trigram_changed']:.3f}% / {row['trigram_words_wrong']:.3f}% | "
            f"{row['most_frequent_restored']:.2f}% | {row['noop_restored']:.2f}% | "
            f"{row['detected_exactly']:.1f}% of articles | {row['words_per_second']:,} |"
        )
    lines += render_calibration(profiles)
    sweep: dict[str, dict[str, object]] = results.get("sweep", {})  # type: ignore[assignment]
    if sweep:
        passing = [name for name, row in sweep.items() if float(row["restored"]) >= 97.0]  # type: ignore[arg-type]
        lines += [
            "",
            f"Every single loss of an initial, medial or final form at least {SWEEP_MIN_RATE:g} times per word in the "
            f"training corpus, bar those in the table above ({len(sweep)} losses, chosen by that rule and not by their "
            f"results; none was tuned on): {len(passing)} restore at least 97% of their damaged words.",
            "",
            "| lost glyph class | damaged words | restored | undamaged changed | all words wrong "
            "| most frequent candidate | loss detected exactly | words/s |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, row in sweep.items():
            lines.append(
                f"| `{name.removeprefix('classes:')}` | {row['damaged_words']:,} | {row['restored']:.2f}% | "
                f"{row['undamaged_changed']:.3f}% | {row['words_wrong']:.3f}% | {row['most_frequent_restored']:.2f}% | "
                f"{row['detected_exactly']:.1f}% of articles | {row['words_per_second']:,} |"
            )
    lines += [
        "",
        f"Clean held-out text: {clean['words_changed']:.4f}% of words changed (target ≤ 0.02%); "
        f"{clean['words_changed_without_folding']:.4f}% by rules other than presentation-form folding; "
        f"{clean['articles_touched']} of {results['articles']} articles touched, "
        f"{clean['words_per_second']:,} words/s. Edits by rule: "
        + ", ".join(f"`{rule}` {count}" for rule, count in clean["edits_by_rule"].items())  # type: ignore[attr-defined]
        + " (presentation-form code points are present in the source text itself).",
        f"Run reordering (articles wrapped at 110 characters, seed glyphs lost, one line in six with lost "
        f"glyphs scrambled): {runs['put_back']} of {runs['scrambled_lines']} scrambled lines put back exactly, "
        f"{runs['wrongly_reordered']} of {runs['lines_in_order']} lines in order wrongly reordered"
        + render_runs_calibration(runs),
        *render_rejoin(results.get("rejoin")),  # type: ignore[arg-type]
        f"Seed document: {seed['words_in_place']} of {seed['words']} words of our reading "
        f"(`tests/repair/cases/seed_expected.txt`) reproduced in place"
        + (" (exactly)." if seed["exact"] else " (not exactly: see `known_failures.json`)."),
        f"Model load: {results['model_load_seconds']:.2f} s (target ≤ 3 s). First repair after loading "
        f"(builds the detection and candidate indexes): {results['first_repair_seconds']:.2f} s.",
        '"Restored" is the share of damaged words repaired exactly, by the whole pipeline with detection; '
        '"undamaged changed" is the share of words the damage did not touch that repair changed anyway; '
        '"all words wrong": words that differ from the original after repair, damaged or not, as a share of all '
        'words; "trigram models alone": restored / undamaged changed / all words wrong by the same pipeline '
        "without the context model (the word and shape trigram models, weighed as before it); "
        '"restored, loss known" and "most frequent candidate" are given the lost classes instead of detecting them, '
        "the latter replacing every token by its commonest candidate whatever its context (so where detection "
        "often misses a rare loss, as final kaf in a short article, it can restore more than the whole pipeline); "
        '"loss detected exactly": detection named every lost class the article uses and no class the damage '
        "left intact. † No setting was tuned on this profile: it was added after all of them were chosen, "
        "to show how repair does on a loss it was not developed on.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (quick check)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the README table")
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        help="model directory (default: the built one); with a model built without part of the training "
        "corpus, that part serves as a development set",
    )
    args = parser.parse_args(argv)
    results = bench(args.heldout, args.limit, args.model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    table = render_table(results)
    print(table)
    if not args.no_readme and not args.limit and args.model is None:
        write_readme_section("bench", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
