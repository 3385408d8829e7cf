"""Fit how run reordering's confidence is calibrated (rasid.repair.runs.RunsConfig).

Usage:
    python scripts/fit_runs_confidence.py --model DIR --dev FILE [--check FILE] [--limit N]

``DIR`` must hold a language model (and its context model) built without the articles of
``FILE`` (see ``scripts/fit_score_weights.py`` for the development split). Never give the
held-out split here: the benchmark reports the calibration on it.

Every article is printed as a scrambled column as the benchmark does it (110 characters wide,
the seed's glyphs lost, one line in six with lost glyphs scrambled), and each line that run
reordering rewrites is right when it comes back exactly. An edit's confidence is
``1 / (1 + exp(-(scale * L + shift)))`` with ``L`` the chosen order's log-odds against the other
orders searched; the scale and shift printed last are those that give the right/wrong outcomes
the highest likelihood (logistic regression on ``L``). ``--check FILE`` prints the log-loss and
calibration error on other development articles, with the shipped values and the fitted ones.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench_repair import line_number_at, scrambled_column
from rasid.repair.calibration import EditOutcome, expected_calibration_error, log_loss
from rasid.repair.corpus import iter_articles
from rasid.repair.damage import PROFILES
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.restore import Restorer
from rasid.repair.runs import DEFAULT_RUNS_CONFIG, RunsConfig, order_confidence, reordered_lines


def reorderings(model: LanguageModel, path: Path, limit: int | None) -> list[tuple[float, bool]]:
    """(log-odds, right) of every line run reordering rewrites in the articles of ``path``."""
    lost = PROFILES["seed-glyphs"].lost
    restorer = Restorer(model, lost)
    rng = random.Random(0)
    found: list[tuple[float, bool]] = []
    for paragraphs in list(iter_articles([path]))[:limit]:
        text, truth, _ = scrambled_column("\n".join(paragraphs), lost, rng)
        line_of = line_number_at(text)
        for line in reordered_lines(text, restorer):
            found.append((line.log_odds, line.after == truth[line_of(line.offset)].strip()))
    return found


def fit(found: list[tuple[float, bool]]) -> tuple[float, float]:
    """(scale, shift) of the logistic regression of right on log-odds (Newton's method)."""
    odds = np.array([min(log_odds, 1e3) for log_odds, _ in found])
    right = np.array([float(outcome) for _, outcome in found])
    features = np.column_stack((odds, np.ones_like(odds)))
    weights = np.zeros(2)
    for _ in range(50):
        chance = 1.0 / (1.0 + np.exp(-(features @ weights)))
        gradient = features.T @ (chance - right)
        hessian = features.T @ (features * (chance * (1.0 - chance))[:, None]) + 1e-9 * np.eye(2)
        weights -= np.linalg.solve(hessian, gradient)
    return float(weights[0]), float(weights[1])


def report(found: list[tuple[float, bool]], config: RunsConfig, label: str) -> None:
    """Print the log-loss and calibration error of ``found`` under ``config``."""
    outcomes = [EditOutcome(order_confidence(log_odds, config), right) for log_odds, right in found]
    print(
        f"{label}: {len(outcomes)} edits, {sum(o.right for o in outcomes)} right, "
        f"log-loss {log_loss(outcomes):.3f}, calibration error {expected_calibration_error(outcomes):.3f}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="models built without the dev articles")
    parser.add_argument("--dev", type=Path, required=True, help="the development articles to fit on")
    parser.add_argument("--check", type=Path, default=None, help="other development articles to check on")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each file")
    args = parser.parse_args(argv)
    model = load_language_model(args.model)
    found = reorderings(model, args.dev, args.limit)
    if len(found) < 2 or len({right for _, right in found}) < 2:
        parser.error("too few reordered lines, or all right or all wrong: nothing to fit")
    scale, shift = fit(found)
    fitted = replace(DEFAULT_RUNS_CONFIG, confidence_scale=scale, confidence_shift=shift)
    raw = replace(DEFAULT_RUNS_CONFIG, confidence_scale=1.0, confidence_shift=0.0)
    report(found, raw, f"{args.dev}, uncalibrated")
    report(found, fitted, f"{args.dev}, fitted")
    if args.check is not None:
        checked = reorderings(model, args.check, args.limit)
        for config, label in ((raw, "uncalibrated"), (DEFAULT_RUNS_CONFIG, "shipped"), (fitted, "fitted")):
            report(checked, config, f"{args.check}, {label}")
    print(f"confidence_scale={scale:.3f} confidence_shift={shift:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
