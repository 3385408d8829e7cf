"""Fit the temperature of restoration's confidences (rasid.repair.restore.RestoreConfig).

Usage:
    python scripts/fit_confidence_temperature.py --model DIR --dev FILE [--check FILE]
        [--profiles seed-glyphs,heh-medial] [--temperatures 1.0,1.1,...] [--limit N]

``DIR`` must hold a language model (and its context model) built without the articles of
``FILE`` (see ``scripts/fit_score_weights.py`` for the development split). Never give the
held-out split here: the benchmark reports calibration on it.

Every article, damaged with each profile, is repaired by the whole pipeline with each
temperature in turn. Each glyph-restoration edit is right or wrong (the original is known),
and the temperature printed last is the one whose confidences give the right/wrong outcomes
the highest likelihood, summed over profiles. The temperature changes no edit, only its
confidence. ``--check FILE`` then prints the same figures on other development articles at
1.0 and at the fitted temperature.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from rasid.repair.calibration import EditOutcome, edit_outcomes, expected_calibration_error, log_loss
from rasid.repair.corpus import iter_articles
from rasid.repair.damage import PROFILES, lose_glyphs
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.pipeline import repair_text
from rasid.repair.restore import REASON
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG, RepairConfig

DEFAULT_TEMPERATURES = ",".join(f"{1.0 + step / 10:.1f}" for step in range(11))


def with_temperature(temperature: float) -> RepairConfig:
    """The default repair, its confidences taken at ``temperature``."""
    restore = replace(DEFAULT_REPAIR_CONFIG.restore, confidence_temperature=temperature)
    return replace(DEFAULT_REPAIR_CONFIG, restore=restore)


def outcomes(model: LanguageModel, articles: list[str], profile: str, temperature: float) -> list[EditOutcome]:
    """Every restoration edit of the articles damaged with ``profile``, with its outcome."""
    lost = PROFILES[profile].lost
    config = with_temperature(temperature)
    found: list[EditOutcome] = []
    for article in articles:
        damaged = lose_glyphs(article, lost)
        found.extend(edit_outcomes(article, damaged, repair_text(damaged, config, model), REASON))
    return found


def report(model: LanguageModel, articles: list[str], profiles: list[str], temperature: float) -> float:
    """Print the log-loss and calibration error of each profile at ``temperature``; return the
    summed log-loss."""
    total = 0.0
    for profile in profiles:
        found = outcomes(model, articles, profile, temperature)
        loss = log_loss(found)
        total += loss
        right = sum(outcome.right for outcome in found) / max(len(found), 1)
        print(
            f"  T={temperature:.2f} {profile}: {len(found):,} edits, {right:.2%} right, "
            f"log-loss {loss:.4f}, calibration error {expected_calibration_error(found):.4f}",
            flush=True,
        )
    return total


def read_articles(path: Path, limit: int | None) -> list[str]:
    """The first ``limit`` articles of ``path`` (all when None), paragraphs joined by newlines."""
    return ["\n".join(paragraphs) for paragraphs in iter_articles([path])][:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="models built without the dev articles")
    parser.add_argument("--dev", type=Path, required=True, help="the development articles to fit on")
    parser.add_argument("--check", type=Path, default=None, help="other development articles to check on")
    parser.add_argument("--profiles", default="seed-glyphs,heh-medial")
    parser.add_argument("--temperatures", default=DEFAULT_TEMPERATURES, metavar="T,T,...")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each file")
    args = parser.parse_args(argv)
    temperatures = [float(value) for value in args.temperatures.split(",")]
    if not temperatures or min(temperatures) <= 0:
        parser.error("--temperatures must be positive numbers")
    profiles = args.profiles.split(",")
    unknown = [name for name in profiles if name not in PROFILES]
    if unknown:
        parser.error(f"unknown profile(s): {', '.join(unknown)}")
    model = load_language_model(args.model)
    articles = read_articles(args.dev, args.limit)
    print(f"fitting on {len(articles)} articles of {args.dev}", flush=True)
    losses = {temperature: report(model, articles, profiles, temperature) for temperature in temperatures}
    best = min(losses, key=lambda temperature: losses[temperature])
    if args.check is not None:
        checked = read_articles(args.check, args.limit)
        print(f"checking on {len(checked)} articles of {args.check}", flush=True)
        for temperature in sorted({1.0, best}):
            report(model, checked, profiles, temperature)
    print(f"confidence_temperature={best:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
